// Object writes and deletes: PutObject, DeleteObject, DeleteObjects (reads are in
// ops-object-read.ts, copies in ops-copy.ts, tags in ops-object-tagging.ts).
import type { EndpointResponse } from '../http.js';
import { header } from '../http.js';
import { requireBucket, type S3Call, type S3Deps } from './call.js';
import { checksumHeaderName, type ChecksumAlgorithm, type StoredChecksum } from './checksums.js';
import { invalidArgument, invalidRequest, malformedXml, S3Error } from './errors.js';
import { attributesFromRequest } from './object-headers.js';
import { readVerifiedPayload } from './payload.js';
import type { BucketState } from './store-types.js';
import type { ObjectRecord } from './store-types.js';
import { tagsFromHeader } from './tagging.js';
import { receiveBody } from './upload-body.js';
import { emptyResponse, xmlResponse } from './wire.js';
import { checkWriteCondition, readWriteCondition, recheckWriteCondition } from './write-conditions.js';
import { children, parseS3Xml, text } from './xml-body.js';

/** The checksum S3 gives an object uploaded without one (its 2025 default). */
export const DEFAULT_CHECKSUM_ALGORITHM: ChecksumAlgorithm = 'CRC64NVME';
const MAX_KEY_BYTES = 1024;
const MAX_DELETE_OBJECTS = 1000;

export function requireKey(call: S3Call): string {
  const key = call.key as string;
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_BYTES) {
    throw new S3Error('KeyTooLongError', 'Your key is too long', 400, { MaxSizeAllowed: MAX_KEY_BYTES, Size: bytes });
  }
  return key;
}

/** Buckets here are never versioned: every object is version "null", and no other exists. */
export function requireNullVersion(call: S3Call): void {
  const versionId = call.req.query.get('versionId');
  if (versionId !== null && versionId !== 'null') throw invalidArgument('Invalid version id specified', 'versionId', versionId);
}

/** Headers describing an object's stored checksum (x-amz-checksum-<alg> and its type). */
export function checksumHeaders(checksum: StoredChecksum | undefined): Record<string, string> {
  if (!checksum) return {};
  return { [checksumHeaderName(checksum.algorithm)]: checksum.value, 'x-amz-checksum-type': checksum.type };
}

/** Commits `record` if the write condition still holds, else removes its blob and says why. */
export function commitWrite(
  deps: S3Deps,
  bucket: BucketState,
  record: ObjectRecord,
  condition: ReturnType<typeof readWriteCondition>,
): void {
  try {
    recheckWriteCondition(condition, bucket.objects.get(record.key), record.key);
  } catch (error) {
    deps.store.discardBlob(bucket, record.blob);
    throw error;
  }
  deps.store.commitObject(bucket, record);
}

export async function putObject(deps: S3Deps, call: S3Call): Promise<EndpointResponse> {
  const bucket = requireBucket(deps, call);
  const key = requireKey(call);
  const condition = readWriteCondition(call.req);
  checkWriteCondition(condition, bucket.objects.get(key), key);
  const tags = tagsFromHeader(call.req);
  const attributes = attributesFromRequest(call.req);
  const target = deps.store.newBlob(bucket);
  let body;
  try {
    body = await receiveBody(call.req, target.path, (claimed) => (claimed ? [] : [DEFAULT_CHECKSUM_ALGORITHM]));
  } catch (error) {
    deps.store.assertLive(bucket);
    throw error;
  }
  const checksum: StoredChecksum = body.checksum ?? {
    algorithm: DEFAULT_CHECKSUM_ALGORITHM,
    value: body.computed[DEFAULT_CHECKSUM_ALGORITHM] as string,
    type: 'FULL_OBJECT',
  };
  const record: ObjectRecord = {
    key,
    size: body.size,
    etag: body.md5Hex,
    checksum,
    lastModified: new Date().toISOString(),
    blob: target.blob,
    ...attributes,
    ...(tags === undefined || tags.length === 0 ? {} : { tags }),
  };
  commitWrite(deps, bucket, record, condition);
  deps.notifier.objectCreated(bucket.record, 'ObjectCreated:Put', record, call.ids);
  return emptyResponse('PutObject', 200, {
    etag: `"${record.etag}"`,
    'x-amz-server-side-encryption': 'AES256',
    ...checksumHeaders(checksum),
  });
}

export function deleteObject(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  deps.store.deleteObject(bucket, requireKey(call));
  // S3 answers 204 whether or not the key existed.
  return emptyResponse('DeleteObject', 204);
}

export function deleteObjects(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const payload = readVerifiedPayload(call.req);
  if (header(call.req, 'content-md5') === undefined && payload.checksum === undefined) {
    throw invalidRequest('Missing required header for this request: Content-MD5');
  }
  const root = parseS3Xml(payload.data).Delete;
  if (root === undefined) throw malformedXml();
  const objects = children(root, 'Object');
  if (objects.length === 0 || objects.length > MAX_DELETE_OBJECTS) throw malformedXml();
  const quiet = (text(root, 'Quiet') ?? '').trim().toLowerCase() === 'true';

  const deleted: Record<string, string>[] = [];
  const errors: Record<string, string>[] = [];
  for (const object of objects) {
    const key = text(object, 'Key');
    if (key === undefined) throw malformedXml();
    if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
      errors.push({ Key: key, Code: 'KeyTooLongError', Message: 'Your key is too long' });
      continue;
    }
    deps.store.deleteObject(bucket, key);
    if (!quiet) deleted.push({ Key: key });
  }
  return xmlResponse('DeleteObjects', 'DeleteResult', { Deleted: deleted, Error: errors });
}
