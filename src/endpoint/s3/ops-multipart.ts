// Multipart upload: CreateMultipartUpload, UploadPart, AbortMultipartUpload (completion and the
// listings have their own modules). `aws s3 cp` switches to multipart upload from 8 MiB.
import { header, type EndpointResponse } from '../http.js';
import { requireBucket, type S3Call, type S3Deps } from './call.js';
import { checksumHeaderName, checksumOf, parseAlgorithm, type StoredChecksum } from './checksums.js';
import { invalidArgument, invalidRequest, noSuchUpload } from './errors.js';
import { attributesFromRequest } from './object-headers.js';
import { requireKey } from './ops-object.js';
import { readVerifiedPayload } from './payload.js';
import type { BucketState } from './store.js';
import type { PartRecord } from './store-types.js';
import { commitPart, createUpload, newUploadId, removeUpload, writePartBlob } from './store-uploads.js';
import type { UploadState } from './store-types.js';
import { emptyResponse, xmlResponse } from './wire.js';

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
  const upload = createUpload(bucket, {
    uploadId: newUploadId(),
    key,
    initiated: new Date().toISOString(),
    attributes: attributesFromRequest(call.req),
    ...(checksumAlgorithm === undefined ? {} : { checksumAlgorithm, checksumType }),
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

export async function uploadPart(deps: S3Deps, call: S3Call): Promise<EndpointResponse> {
  const bucket = requireBucket(deps, call);
  requireKey(call);
  const partText = call.req.query.get('partNumber') ?? '';
  const partNumber = /^\d+$/.test(partText) ? Number(partText) : NaN;
  if (!(partNumber >= 1 && partNumber <= MAX_PART_NUMBER)) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', partText);
  }
  const upload = requireUpload(bucket, call);
  const payload = readVerifiedPayload(call.req);
  let checksum = payload.checksum ? { algorithm: payload.checksum.algorithm, value: payload.checksum.value } : undefined;
  const expected = upload.record.checksumAlgorithm;
  if (expected !== undefined && checksum !== undefined && checksum.algorithm !== expected) {
    throw invalidRequest(
      `Checksum Type mismatch occurred, expected checksum Type: ${expected.toLowerCase()}, actual checksum Type: ${checksum.algorithm.toLowerCase()}`,
    );
  }
  // An upload created with an algorithm gets a checksum for every part, sent or not.
  if (expected !== undefined && checksum === undefined) {
    checksum = { algorithm: expected, value: checksumOf(expected, payload.data) };
  }
  const part: PartRecord = {
    partNumber,
    size: payload.data.length,
    etag: payload.md5Hex,
    ...(checksum === undefined ? {} : { checksum }),
    lastModified: new Date().toISOString(),
    blob: await writePartBlobOrGone(upload, payload.data),
  };
  if (!commitPart(bucket, upload, part)) throw noSuchUpload(upload.record.uploadId);
  const headers: Record<string, string> = { etag: `"${part.etag}"`, 'x-amz-server-side-encryption': 'AES256' };
  if (checksum) headers[checksumHeaderName(checksum.algorithm)] = checksum.value;
  return emptyResponse('UploadPart', 200, headers);
}

/** Writes a part's bytes; the upload's directory vanishing meanwhile means it was aborted or completed. */
async function writePartBlobOrGone(upload: UploadState, data: Buffer): Promise<string> {
  try {
    return await writePartBlob(upload, data);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchUpload(upload.record.uploadId);
    throw error;
  }
}

export function abortMultipartUpload(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  requireKey(call);
  removeUpload(bucket, requireUpload(bucket, call));
  return emptyResponse('AbortMultipartUpload', 204);
}
