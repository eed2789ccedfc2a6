// The S3 event record AWS delivers to a notification destination (event version 2.1). Pure: the
// caller supplies the time, ids and sequencer, so the shape is easy to test.
import { encodeEventKey } from './key-encoding.js';

export type ObjectCreatedEventName = 'ObjectCreated:Put' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload';

export interface S3EventInput {
  eventName: ObjectCreatedEventName;
  region: string;
  eventTime: Date;
  requestId: string;
  hostId: string;
  sourceIp: string;
  /** Who made the request. */
  principalId: string;
  /** Canonical-ish id of the bucket owner. */
  ownerPrincipalId: string;
  configurationId: string;
  bucket: string;
  key: string;
  size: number;
  /** The object's ETag without quotes (events never quote it, unlike headers). */
  eTag: string;
  sequencer: string;
}

export interface S3EventRecord {
  eventVersion: '2.1';
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  eventName: ObjectCreatedEventName;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: { key: string; size: number; eTag: string; sequencer: string };
  };
}

export function buildS3EventRecord(input: S3EventInput): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: input.region,
    eventTime: input.eventTime.toISOString(),
    eventName: input.eventName,
    userIdentity: { principalId: input.principalId },
    requestParameters: { sourceIPAddress: input.sourceIp },
    responseElements: { 'x-amz-request-id': input.requestId, 'x-amz-id-2': input.hostId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: input.configurationId,
      bucket: {
        name: input.bucket,
        ownerIdentity: { principalId: input.ownerPrincipalId },
        arn: `arn:aws:s3:::${input.bucket}`,
      },
      object: {
        key: encodeEventKey(input.key),
        size: input.size,
        eTag: input.eTag.replace(/^"|"$/g, ''),
        sequencer: input.sequencer,
      },
    },
  };
}

/**
 * S3's sequencer orders events for one key: fixed-width upper-case hex that only grows. Built
 * from the clock so it keeps growing across restarts, bumped when two events share a tick.
 */
export class Sequencer {
  private last = 0n;

  next(now = Date.now()): string {
    const candidate = BigInt(now) << 16n;
    this.last = candidate > this.last ? candidate : this.last + 1n;
    return this.last.toString(16).toUpperCase().padStart(18, '0');
  }
}
