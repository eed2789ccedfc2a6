// What each S3 operation handler receives: the shared dependencies and the one request.
import { createHash } from 'node:crypto';
import type { EndpointContext } from '../context.js';
import type { EndpointRequest } from '../http.js';
import { noSuchBucket } from './errors.js';
import type { S3Hooks } from './hooks.js';
import type { EventNotifier } from './notifier.js';
import type { BucketState, S3Store } from './store.js';
import type { ResponseIds } from './wire.js';

export interface S3Deps {
  store: S3Store;
  hooks: S3Hooks;
  context: EndpointContext;
  notifier: EventNotifier;
}

export interface S3Call {
  req: EndpointRequest;
  /** Region the client signed for. */
  region: string;
  bucketName: string;
  /** Undefined for bucket-level requests. */
  key?: string;
  ids: ResponseIds;
}

export function requireBucket(deps: S3Deps, call: S3Call): BucketState {
  const bucket = deps.store.bucket(call.bucketName);
  if (!bucket) throw noSuchBucket(call.bucketName);
  return bucket;
}

/** The account's canonical user id, as S3 shows bucket and object owners (64 hex characters). */
export function canonicalOwnerId(accountId: string): string {
  return createHash('sha256').update(`canonical-user:${accountId}`).digest('hex');
}
