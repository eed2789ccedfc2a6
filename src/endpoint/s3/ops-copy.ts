// CopyObject, and the copy source both it and UploadPartCopy read: `x-amz-copy-source` (with
// `?versionId=null` accepted), the x-amz-copy-source-if-* conditions, metadata and tagging
// directives, and the destination's own write condition (If-Match / If-None-Match).
import { rmSync } from 'node:fs';
import { header, type EndpointRequest, type EndpointResponse } from '../http.js';
import { requireBucket, type S3Call, type S3Deps } from './call.js';
import { parseAlgorithm } from './checksums.js';
import { evaluateConditions } from './conditions.js';
import { invalidArgument, invalidRequest, noSuchBucket, noSuchKey } from './errors.js';
import { copyFileWithDigests, type FileDigests } from './file-digest.js';
import { attributesFromRequest } from './object-headers.js';
import { commitWrite, DEFAULT_CHECKSUM_ALGORITHM, requireKey } from './ops-object.js';
import type { BucketState, ObjectRecord } from './store-types.js';
import { tagsFromHeader } from './tagging.js';
import { xmlResponse, xmlTimestamp } from './wire.js';
import { checkWriteCondition, preconditionFailed, readWriteCondition } from './write-conditions.js';

export interface CopySource {
  bucketName: string;
  key: string;
  bucket: BucketState;
  record: ObjectRecord;
}

/** `x-amz-copy-source: /bucket/key?versionId=…` (URL-encoded, leading slash optional). */
export function parseCopySource(value: string): { bucket: string; key: string; versionId?: string } {
  const [path, query] = value.split('?', 2);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', value);
  }
  const trimmed = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) {
    throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', value);
  }
  const versionId = new URLSearchParams(query ?? '').get('versionId') ?? undefined;
  return { bucket: trimmed.slice(0, slash), key: trimmed.slice(slash + 1), ...(versionId === undefined ? {} : { versionId }) };
}

/** Looks the source up and applies the x-amz-copy-source-if-* headers (412 when one fails). */
export function resolveCopySource(deps: S3Deps, req: EndpointRequest): CopySource {
  const source = parseCopySource(header(req, 'x-amz-copy-source') as string);
  const bucket = deps.store.bucket(source.bucket);
  if (!bucket) throw noSuchBucket(source.bucket);
  const record = bucket.objects.get(source.key);
  if (source.versionId !== undefined && source.versionId !== 'null') {
    throw invalidArgument('Invalid version id specified', 'x-amz-copy-source', header(req, 'x-amz-copy-source'));
  }
  if (!record) throw noSuchKey(source.key);
  const outcome = evaluateConditions(
    {
      ifMatch: header(req, 'x-amz-copy-source-if-match'),
      ifNoneMatch: header(req, 'x-amz-copy-source-if-none-match'),
      ifModifiedSince: header(req, 'x-amz-copy-source-if-modified-since'),
      ifUnmodifiedSince: header(req, 'x-amz-copy-source-if-unmodified-since'),
    },
    record.etag,
    record.lastModified,
  );
  // For a copy, "not modified" is as much a failed precondition as a mismatch.
  if (outcome.kind !== 'proceed') throw preconditionFailed(`x-amz-copy-source-${outcome.condition}`);
  return { bucketName: source.bucket, key: source.key, bucket, record };
}

function directive(req: EndpointRequest, name: string, what: string): 'COPY' | 'REPLACE' {
  const value = (header(req, name) ?? 'COPY').toUpperCase();
  if (value !== 'COPY' && value !== 'REPLACE') throw invalidArgument(`Unknown ${what} directive.`, name, value);
  return value;
}

export async function copyObject(deps: S3Deps, call: S3Call): Promise<EndpointResponse> {
  const bucket = requireBucket(deps, call);
  const key = requireKey(call);
  const condition = readWriteCondition(call.req);
  const source = resolveCopySource(deps, call.req);
  checkWriteCondition(condition, bucket.objects.get(key), key);
  const metadataDirective = directive(call.req, 'x-amz-metadata-directive', 'metadata');
  const taggingDirective = directive(call.req, 'x-amz-tagging-directive', 'tagging');
  const requestedAlgorithmName = header(call.req, 'x-amz-checksum-algorithm');
  const requestedAlgorithm = requestedAlgorithmName === undefined ? undefined : parseAlgorithm(requestedAlgorithmName);
  if (requestedAlgorithmName !== undefined && requestedAlgorithm === undefined) {
    throw invalidRequest(
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
    );
  }
  if (source.bucketName === call.bucketName && source.key === key && metadataDirective === 'COPY' && requestedAlgorithm === undefined) {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const tags = taggingDirective === 'REPLACE' ? tagsFromHeader(call.req) : source.record.tags;

  // A full-object checksum carries over; a composite (multipart) one cannot and is recomputed.
  const carried = source.record.checksum?.type === 'FULL_OBJECT' ? source.record.checksum : undefined;
  const algorithm = requestedAlgorithm ?? carried?.algorithm ?? DEFAULT_CHECKSUM_ALGORITHM;
  const target = deps.store.newBlob(bucket);
  const digests = await copyInto(deps, source, bucket, target, algorithm);
  const attributes = metadataDirective === 'REPLACE' ? attributesFromRequest(call.req) : pickAttributes(source.record);
  const record: ObjectRecord = {
    key,
    size: digests.size,
    etag: digests.md5Hex,
    checksum: { algorithm, value: digests.checksum as string, type: 'FULL_OBJECT' },
    lastModified: new Date().toISOString(),
    blob: target.blob,
    ...attributes,
    ...(tags === undefined || tags.length === 0 ? {} : { tags }),
  };
  commitWrite(deps, bucket, record, condition);
  deps.notifier.objectCreated(bucket.record, 'ObjectCreated:Copy', record, call.ids);
  return xmlResponse(
    'CopyObject',
    'CopyObjectResult',
    {
      LastModified: xmlTimestamp(record.lastModified),
      ETag: `"${record.etag}"`,
      [`Checksum${algorithm}`]: record.checksum?.value,
      ChecksumType: 'FULL_OBJECT',
    },
    200,
    { 'x-amz-server-side-encryption': 'AES256' },
  );
}

/**
 * Copies the source's bytes (or a range of them) into a new file of `targetBucket`, digesting
 * them; the file is removed if the copy fails.
 */
export async function copyInto(
  deps: S3Deps,
  source: CopySource,
  targetBucket: BucketState,
  target: { path: string },
  algorithm: ReturnType<typeof parseAlgorithm>,
  range?: { start: number; end: number },
): Promise<FileDigests> {
  const sourceFd = deps.store.openBlob(source.bucket, source.record);
  try {
    return await copyFileWithDigests(sourceFd, target.path, algorithm, range);
  } catch (error) {
    rmSync(target.path, { force: true });
    deps.store.assertLive(targetBucket);
    throw error;
  }
}

function pickAttributes(record: ObjectRecord) {
  const { contentType, contentEncoding, contentLanguage, contentDisposition, cacheControl, expires, userMetadata } = record;
  return { contentType, contentEncoding, contentLanguage, contentDisposition, cacheControl, expires, userMetadata };
}
