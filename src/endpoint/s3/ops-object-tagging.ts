// PutObjectTagging, GetObjectTagging, DeleteObjectTagging: the tags live in the object's record,
// so changing them is one journal line and the bytes stay where they are.
import type { EndpointResponse } from '../http.js';
import { requireBucket, type S3Call, type S3Deps } from './call.js';
import { S3Error } from './errors.js';
import { requireKey, requireNullVersion } from './ops-object.js';
import { readVerifiedPayload } from './payload.js';
import type { BucketState, ObjectRecord } from './store-types.js';
import { parseTaggingDocument, taggingDocument, type TagSet } from './tagging.js';
import { emptyResponse, xmlResponse } from './wire.js';

function requireObject(deps: S3Deps, call: S3Call): { bucket: BucketState; record: ObjectRecord } {
  const bucket = requireBucket(deps, call);
  const key = requireKey(call);
  requireNullVersion(call);
  const record = bucket.objects.get(key);
  // GetObjectTagging's NoSuchKey names the key with its bucket, as AWS's does.
  if (!record) throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: `${call.bucketName}/${key}` });
  return { bucket, record };
}

function retag(deps: S3Deps, bucket: BucketState, record: ObjectRecord, tags: TagSet): void {
  const { tags: _old, ...rest } = record;
  deps.store.commitObject(bucket, tags.length === 0 ? rest : { ...rest, tags });
}

export function putObjectTagging(deps: S3Deps, call: S3Call): EndpointResponse {
  const { bucket, record } = requireObject(deps, call);
  const tags = parseTaggingDocument(readVerifiedPayload(call.req).data);
  retag(deps, bucket, record, tags);
  return emptyResponse('PutObjectTagging', 200);
}

export function getObjectTagging(deps: S3Deps, call: S3Call): EndpointResponse {
  const { record } = requireObject(deps, call);
  return xmlResponse('GetObjectTagging', 'Tagging', taggingDocument(record.tags));
}

export function deleteObjectTagging(deps: S3Deps, call: S3Call): EndpointResponse {
  const { bucket, record } = requireObject(deps, call);
  if (record.tags !== undefined) retag(deps, bucket, record, []);
  return emptyResponse('DeleteObjectTagging', 204);
}
