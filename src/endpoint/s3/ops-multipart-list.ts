// ListMultipartUploads and ListParts (basic paging: key-marker / part-number-marker).
import type { EndpointResponse } from '../http.js';
import { canonicalOwnerId, requireBucket, type S3Call, type S3Deps } from './call.js';
import { compareKeys } from './key-order.js';
import { requireUpload } from './ops-multipart.js';
import { requireKey } from './ops-object.js';
import { clampMax } from './query-params.js';
import { xmlResponse, xmlTimestamp } from './wire.js';

function owner(deps: S3Deps) {
  return { ID: canonicalOwnerId(deps.context.accountId) };
}

export function listMultipartUploads(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const query = call.req.query;
  const prefix = query.get('prefix') ?? '';
  const maxUploads = clampMax(query.get('max-uploads'), 1000, 'max-uploads');
  const keyMarker = query.get('key-marker') ?? '';
  const all = [...bucket.uploads.values()]
    .filter((u) => u.record.key.startsWith(prefix) && compareKeys(u.record.key, keyMarker) > 0)
    .sort((a, b) => compareKeys(a.record.key, b.record.key) || a.record.initiated.localeCompare(b.record.initiated));
  const page = all.slice(0, maxUploads);
  const truncated = all.length > page.length;
  const last = page[page.length - 1];
  return xmlResponse('ListMultipartUploads', 'ListMultipartUploadsResult', {
    Bucket: call.bucketName,
    KeyMarker: keyMarker,
    UploadIdMarker: query.get('upload-id-marker') ?? '',
    ...(truncated && last ? { NextKeyMarker: last.record.key, NextUploadIdMarker: last.record.uploadId } : {}),
    Prefix: prefix,
    MaxUploads: maxUploads,
    IsTruncated: truncated,
    Upload: page.map((u) => ({
      Key: u.record.key,
      UploadId: u.record.uploadId,
      Initiator: owner(deps),
      Owner: owner(deps),
      StorageClass: 'STANDARD',
      Initiated: xmlTimestamp(u.record.initiated),
    })),
  });
}

export function listParts(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const key = requireKey(call);
  const upload = requireUpload(bucket, call);
  const query = call.req.query;
  const maxParts = clampMax(query.get('max-parts'), 1000, 'max-parts');
  const marker = Number(query.get('part-number-marker') ?? '0') || 0;
  const all = [...upload.parts.values()].filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = all.slice(0, maxParts);
  const truncated = all.length > page.length;
  return xmlResponse('ListParts', 'ListPartsResult', {
    Bucket: call.bucketName,
    Key: key,
    UploadId: upload.record.uploadId,
    PartNumberMarker: marker,
    ...(page.length > 0 ? { NextPartNumberMarker: page[page.length - 1].partNumber } : {}),
    MaxParts: maxParts,
    IsTruncated: truncated,
    Part: page.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: xmlTimestamp(p.lastModified),
      ETag: `"${p.etag}"`,
      Size: p.size,
      ...(p.checksum ? { [`Checksum${p.checksum.algorithm}`]: p.checksum.value } : {}),
    })),
    Initiator: owner(deps),
    Owner: owner(deps),
    StorageClass: 'STANDARD',
    ...(upload.record.checksumAlgorithm ? { ChecksumAlgorithm: upload.record.checksumAlgorithm } : {}),
  });
}
