// Conditional writes (PutObject, CopyObject's destination, CompleteMultipartUpload): `If-None-Match:
// *` writes only when the key is free, `If-Match: <etag>` only over that exact object. The
// condition is checked before the body is read and again at the commit: one that held at the
// start but not at the end lost a race to another write (409 ConditionalRequestConflict).
import { header, type EndpointRequest } from '../http.js';
import { noSuchKey, S3Error } from './errors.js';
import type { ObjectRecord } from './store-types.js';

export type WriteCondition = { kind: 'absent' } | { kind: 'match'; etag: string };

const notImplementedHeader = (name: string, detail: string) =>
  new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, {
    Header: name,
    additionalMessage: detail,
  });

/** The request's condition, or undefined; values S3 does not accept answer 501 as on AWS. */
export function readWriteCondition(req: EndpointRequest): WriteCondition | undefined {
  const ifMatch = header(req, 'if-match');
  const ifNoneMatch = header(req, 'if-none-match');
  if (ifMatch !== undefined && ifNoneMatch !== undefined) {
    throw notImplementedHeader('If-Match,If-None-Match', 'Multiple conditional request headers present in the request');
  }
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*') {
      throw notImplementedHeader('If-None-Match', "We don't accept the provided value of If-None-Match header for this API");
    }
    return { kind: 'absent' };
  }
  if (ifMatch !== undefined) {
    if (ifMatch.trim() === '*') {
      throw notImplementedHeader('If-Match', "We don't accept the provided value of If-Match header for this API");
    }
    return { kind: 'match', etag: ifMatch.trim().replace(/^W\//, '').replace(/^"|"$/g, '') };
  }
  return undefined;
}

/** Throws 412 (or 404 for If-Match on a missing key) when the condition does not hold now. */
export function checkWriteCondition(condition: WriteCondition | undefined, current: ObjectRecord | undefined, key: string): void {
  if (condition === undefined) return;
  if (condition.kind === 'absent') {
    if (current !== undefined) throw preconditionFailed('If-None-Match');
    return;
  }
  if (current === undefined) throw noSuchKey(key);
  if (current.etag !== condition.etag) throw preconditionFailed('If-Match');
}

/**
 * At the commit: the condition checked when the request began must still hold; if another write
 * changed the key meanwhile, S3 answers 409 ConditionalRequestConflict.
 */
export function recheckWriteCondition(
  condition: WriteCondition | undefined,
  current: ObjectRecord | undefined,
  key: string,
): void {
  if (condition === undefined) return;
  try {
    checkWriteCondition(condition, current, key);
  } catch {
    throw new S3Error(
      'ConditionalRequestConflict',
      'The conditional request cannot succeed due to a conflicting operation against this resource.',
      409,
      { Condition: condition.kind === 'absent' ? 'If-None-Match' : 'If-Match', Key: key },
    );
  }
}

export function preconditionFailed(condition: string): S3Error {
  return new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
    Condition: condition,
  });
}
