// Multipart upload: CreateMultipartUpload, UploadPart, UploadPartCopy, AbortMultipartUpload
// (completion and the listings have their own modules). `aws s3 cp` switches to multipart upload
// from 8 MiB, and copies objects that big from S3 to S3 with UploadPartCopy.
import { header, type EndpointResponse } from '../http.js';
import { requireBucket, type S3Call, type S3Deps } from './call.js';
import { checksumHeaderName, parseAlgorithm, type ChecksumAlgorithm, type StoredChecksum } from './checksums.js';
import { invalidArgument, invalidRequest, noSuchUpload } from './errors.js';
import { attributesFromRequest } from './object-headers.js';
import { copyInto, resolveCopySource } from './ops-copy.js';
import { requireKey } from './ops-object.js';
import type { BucketState } from './store.js';
import type { PartRecord } from './store-types.js';
import { commitPart, createUpload, newPartBlob, newUploadId, removeUpload } from './store-uploads.js';
import type { UploadState } from './store-types.js';
import { tagsFromHeader } from './tagging.js';
import { receiveBody } from './upload-body.js';
import { emptyResponse, xmlResponse, xmlTimestamp } from './wire.js';

const MAX_PART_NUMBER = 10000;

export function createMultipartUpload(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const key = requireKey(call);
  const algorithmName = header(call.req, 'x-amz-checksum-algorithm');
  const checksumAlgorithm = algorithmName === undefined ? undefined : parseAlgorithm(algorithmName);
  if (algorithmName !== undefined && checksumAlgorithm === undefined) {
    throw invalidRequest(
      'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]',
    );
  }
  const typeName = header(call.req, 'x-amz-checksum-type')?.toUpperCase();
  if (typeName !== undefined && checksumAlgorithm === undefined) {
    throw invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
  }
  if (typeName !== undefined && typeName !== 'COMPOSITE' && typeName !== 'FULL_OBJECT') {
    throw invalidRequest(`Value for x-amz-checksum-type header is invalid.`);
  }
  // CRC64NVME only exists as a full-object checksum; the others default to composite.
  const checksumType =
    checksumAlgorithm === undefined
      ? undefined
      : ((typeName ?? (checksumAlgorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE')) as StoredChecksum['type']);
  const tags = tagsFromHeader(call.req);
  const upload = createUpload(bucket, {
    uploadId: newUploadId(),
    key,
    initiated: new Date().toISOString(),
    attributes: attributesFromRequest(call.req),
    ...(checksumAlgorithm === undefined ? {} : { checksumAlgorithm, checksumType }),
    ...(tags === undefined || tags.length === 0 ? {} : { tags }),
  });
  const headers: Record<string, string> = {};
  if (checksumAlgorithm !== undefined) {
    headers['x-amz-checksum-algorithm'] = checksumAlgorithm;
    headers['x-amz-checksum-type'] = checksumType as string;
  }
  return xmlResponse(
    'CreateMultipartUpload',
    'InitiateMultipartUploadResult',
    { Bucket: call.bucketName, Key: key, UploadId: upload.record.uploadId },
    200,
    headers,
  );
}

export function requireUpload(bucket: BucketState, call: S3Call): UploadState {
  const uploadId = call.req.query.get('uploadId') ?? '';
  const upload = bucket.uploads.get(uploadId);
  if (!upload || upload.record.key !== call.key) throw noSuchUpload(uploadId);
  return upload;
}

function requirePartNumber(call: S3Call): number {
  const partText = call.req.query.get('partNumber') ?? '';
  const partNumber = /^\d+$/.test(partText) ? Number(partText) : NaN;
  if (!(partNumber >= 1 && partNumber <= MAX_PART_NUMBER)) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', partText);
  }
  return partNumber;
}

export async function uploadPart(deps: S3Deps, call: S3Call): Promise<EndpointResponse> {
  const bucket = requireBucket(deps, call);
  requireKey(call);
  const partNumber = requirePartNumber(call);
  const upload = requireUpload(bucket, call);
  const expected = upload.record.checksumAlgorithm;
  const target = newPartBlob(upload);
  let body;
  try {
    // An upload created with an algorithm gets a checksum for every part, sent or not.
    body = await receiveBody(call.req, target.path, (claimed) => {
      if (expected !== undefined && claimed !== undefined && claimed !== expected) {
        throw invalidRequest(
          `Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${claimed.toLowerCase()}`,
        );
      }
      return expected === undefined ? [] : [expected];
    });
  } catch (error) {
    throw goneIfMissing(error, upload);
  }
  const algorithm = body.checksum?.algorithm ?? expected;
  const checksum = algorithm === undefined ? undefined : { algorithm, value: body.computed[algorithm] as string };
  const part = commitNewPart(bucket, upload, partNumber, { size: body.size, md5Hex: body.md5Hex, blob: target.blob }, checksum);
  const headers: Record<string, string> = { etag: `"${part.etag}"`, 'x-amz-server-side-encryption': 'AES256' };
  if (checksum) headers[checksumHeaderName(checksum.algorithm)] = checksum.value;
  return emptyResponse('UploadPart', 200, headers);
}

/** The upload's directory vanishing while a part was written means it was aborted or completed. */
function goneIfMissing(error: unknown, upload: UploadState): unknown {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? noSuchUpload(upload.record.uploadId) : error;
}

function commitNewPart(
  bucket: BucketState,
  upload: UploadState,
  partNumber: number,
  bytes: { size: number; md5Hex: string; blob: string },
  checksum: PartRecord['checksum'],
): PartRecord {
  const part: PartRecord = {
    partNumber,
    size: bytes.size,
    etag: bytes.md5Hex,
    ...(checksum === undefined ? {} : { checksum }),
    lastModified: new Date().toISOString(),
    blob: bytes.blob,
  };
  if (!commitPart(bucket, upload, part)) throw noSuchUpload(upload.record.uploadId);
  return part;
}

const RANGE_FORM =
  'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy';

/** `bytes=first-last` within an object of `size` bytes; S3's stricter rules than a Range header's. */
function copySourceRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes=(\d+)-(\d+)$/.exec(value.trim());
  const start = match ? Number(match[1]) : NaN;
  const end = match ? Number(match[2]) : NaN;
  if (!match || start > end) throw invalidArgument(RANGE_FORM, 'x-amz-copy-source-range', value);
  if (start >= size) throw invalidRequest('The specified copy range is invalid for the source object size');
  if (end >= size) {
    throw invalidArgument(`Range specified is not valid for source object of size: ${size}`, 'x-amz-copy-source-range', value);
  }
  return { start, end };
}

/** UploadPartCopy: a part made of (a range of) an existing object, as `aws s3 cp s3://… s3://…` uses. */
export async function uploadPartCopy(deps: S3Deps, call: S3Call): Promise<EndpointResponse> {
  const bucket = requireBucket(deps, call);
  requireKey(call);
  const upload = requireUpload(bucket, call);
  const partNumber = requirePartNumber(call);
  const source = resolveCopySource(deps, call.req);
  const range = copySourceRange(call.req.headers['x-amz-copy-source-range'] as string | undefined, source.record.size);
  const algorithm: ChecksumAlgorithm | undefined = upload.record.checksumAlgorithm;
  const target = newPartBlob(upload);
  let digests;
  try {
    digests = await copyInto(deps, source, bucket, target, algorithm, range);
  } catch (error) {
    throw goneIfMissing(error, upload);
  }
  const checksum = algorithm === undefined ? undefined : { algorithm, value: digests.checksum as string };
  const part = commitNewPart(bucket, upload, partNumber, { size: digests.size, md5Hex: digests.md5Hex, blob: target.blob }, checksum);
  return xmlResponse(
    'UploadPartCopy',
    'CopyPartResult',
    {
      ETag: `"${part.etag}"`,
      LastModified: xmlTimestamp(part.lastModified),
      ...(checksum === undefined ? {} : { [`Checksum${checksum.algorithm}`]: checksum.value }),
    },
    200,
    { 'x-amz-server-side-encryption': 'AES256' },
  );
}

export function abortMultipartUpload(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  requireKey(call);
  removeUpload(bucket, requireUpload(bucket, call));
  return emptyResponse('AbortMultipartUpload', 204);
}
