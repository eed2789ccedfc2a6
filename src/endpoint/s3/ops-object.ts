// Object operations: PutObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject.
import { createReadStream } from 'node:fs';
import { header, type EndpointResponse } from '../http.js';
import { requireBucket, type S3Call, type S3Deps } from './call.js';
import { checksumHeaderName, checksumOf, parseAlgorithm, type ChecksumAlgorithm, type StoredChecksum } from './checksums.js';
import { evaluateConditions } from './conditions.js';
import { invalidArgument, invalidRequest, malformedXml, noSuchBucket, noSuchKey, S3Error } from './errors.js';
import { copyFileWithDigests } from './file-digest.js';
import { attributesFromRequest, attributesToHeaders } from './object-headers.js';
import { readVerifiedPayload } from './payload.js';
import { parseRange } from './range.js';
import type { ObjectRecord } from './store-types.js';
import { emptyResponse, httpDate, xmlResponse, xmlTimestamp } from './wire.js';
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

/** Headers describing an object's stored checksum (x-amz-checksum-<alg> and its type). */
export function checksumHeaders(checksum: StoredChecksum | undefined): Record<string, string> {
  if (!checksum) return {};
  return { [checksumHeaderName(checksum.algorithm)]: checksum.value, 'x-amz-checksum-type': checksum.type };
}

export async function putObject(deps: S3Deps, call: S3Call): Promise<EndpointResponse> {
  const bucket = requireBucket(deps, call);
  const key = requireKey(call);
  const payload = readVerifiedPayload(call.req);
  const checksum: StoredChecksum = payload.checksum ?? {
    algorithm: DEFAULT_CHECKSUM_ALGORITHM,
    value: checksumOf(DEFAULT_CHECKSUM_ALGORITHM, payload.data),
    type: 'FULL_OBJECT',
  };
  const blob = await deps.store.writeBlob(bucket, payload.data);
  const record: ObjectRecord = {
    key,
    size: payload.data.length,
    etag: payload.md5Hex,
    checksum,
    lastModified: new Date().toISOString(),
    blob,
    ...attributesFromRequest(call.req),
  };
  deps.store.commitObject(bucket, record);
  deps.notifier.objectCreated(bucket.record, 'ObjectCreated:Put', record, call.ids);
  return emptyResponse('PutObject', 200, {
    etag: `"${record.etag}"`,
    'x-amz-server-side-encryption': 'AES256',
    ...checksumHeaders(checksum),
  });
}


export function getObject(deps: S3Deps, call: S3Call): EndpointResponse {
  return readObject(deps, call, 'GetObject');
}

export function headObject(deps: S3Deps, call: S3Call): EndpointResponse {
  return readObject(deps, call, 'HeadObject');
}

function readObject(deps: S3Deps, call: S3Call, operation: 'GetObject' | 'HeadObject'): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const key = requireKey(call);
  const record = bucket.objects.get(key);
  if (!record) throw noSuchKey(key);
  if (call.req.query.has('partNumber')) throw notImplementedPartNumber();

  const base: Record<string, string> = {
    etag: `"${record.etag}"`,
    'last-modified': httpDate(record.lastModified),
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
  };
  const outcome = evaluateConditions(
    {
      ifMatch: header(call.req, 'if-match'),
      ifNoneMatch: header(call.req, 'if-none-match'),
      ifModifiedSince: header(call.req, 'if-modified-since'),
      ifUnmodifiedSince: header(call.req, 'if-unmodified-since'),
    },
    record.etag,
    record.lastModified,
  );
  if (outcome.kind === 'failed') {
    throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
      Condition: outcome.condition,
    });
  }
  if (outcome.kind === 'not-modified') return { status: 304, operation, headers: base, body: '' };

  const headers = { ...base, ...attributesToHeaders(record, call.req.query) };
  const rangeHeader = header(call.req, 'range');
  const range = parseRange(rangeHeader, record.size);
  if (range.kind === 'unsatisfiable') {
    throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
      ActualObjectSize: record.size,
      RangeRequested: rangeHeader ?? '',
    });
  }
  let status = 200;
  let start = 0;
  let end = record.size - 1;
  if (range.kind === 'range') {
    status = 206;
    ({ start, end } = range);
    headers['content-range'] = `bytes ${start}-${end}/${record.size}`;
  } else if ((header(call.req, 'x-amz-checksum-mode') ?? '').toUpperCase() === 'ENABLED') {
    // The stored checksum describes the whole object: never send it with a partial body.
    Object.assign(headers, checksumHeaders(record.checksum));
  }
  const length = end - start + 1;
  headers['content-length'] = String(length);
  if (operation === 'HeadObject' || length === 0) return { status, operation, headers, body: '' };
  const fd = deps.store.openBlob(bucket, record);
  return { status, operation, headers, body: createReadStream('', { fd, start, end, autoClose: true }) };
}

function notImplementedPartNumber(): S3Error {
  return new S3Error('NotImplemented', 'GetObject/HeadObject with partNumber is not implemented by the built-in endpoint.', 501);
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

export async function copyObject(deps: S3Deps, call: S3Call): Promise<EndpointResponse> {
  const bucket = requireBucket(deps, call);
  const key = requireKey(call);
  const source = parseCopySource(header(call.req, 'x-amz-copy-source') as string);
  const sourceBucket = deps.store.bucket(source.bucket);
  if (!sourceBucket) throw noSuchBucket(source.bucket);
  const sourceRecord = sourceBucket.objects.get(source.key);
  if (!sourceRecord) throw noSuchKey(source.key);

  const directive = (header(call.req, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  }
  const requestedAlgorithmName = header(call.req, 'x-amz-checksum-algorithm');
  const requestedAlgorithm = requestedAlgorithmName === undefined ? undefined : parseAlgorithm(requestedAlgorithmName);
  if (requestedAlgorithmName !== undefined && requestedAlgorithm === undefined) {
    throw invalidRequest(
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
    );
  }
  if (source.bucket === call.bucketName && source.key === key && directive === 'COPY' && requestedAlgorithm === undefined) {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }

  // A full-object checksum carries over; a composite (multipart) one cannot and is recomputed.
  const carried = sourceRecord.checksum?.type === 'FULL_OBJECT' ? sourceRecord.checksum : undefined;
  const algorithm = requestedAlgorithm ?? carried?.algorithm ?? DEFAULT_CHECKSUM_ALGORITHM;
  const sourceFd = deps.store.openBlob(sourceBucket, sourceRecord);
  const target = deps.store.newBlob(bucket);
  let digests;
  try {
    digests = await copyFileWithDigests(sourceFd, target.path, algorithm);
  } catch (error) {
    deps.store.discardBlob(bucket, target.blob);
    deps.store.assertLive(bucket);
    throw error;
  }
  const attributes = directive === 'REPLACE' ? attributesFromRequest(call.req) : pickAttributes(sourceRecord);
  const record: ObjectRecord = {
    key,
    size: digests.size,
    etag: digests.md5Hex,
    checksum: { algorithm, value: digests.checksum as string, type: 'FULL_OBJECT' },
    lastModified: new Date().toISOString(),
    blob: target.blob,
    ...attributes,
  };
  deps.store.commitObject(bucket, record);
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

function pickAttributes(record: ObjectRecord) {
  const { contentType, contentEncoding, contentLanguage, contentDisposition, cacheControl, expires, userMetadata } = record;
  return { contentType, contentEncoding, contentLanguage, contentDisposition, cacheControl, expires, userMetadata };
}

/** `x-amz-copy-source: /bucket/key?versionId=…` (URL-encoded, leading slash optional). */
export function parseCopySource(value: string): { bucket: string; key: string } {
  const withoutVersion = value.split('?', 1)[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutVersion);
  } catch {
    throw invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', value);
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) {
    throw invalidArgument('Invalid copy source object key', 'x-amz-copy-source', value);
  }
  return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}
