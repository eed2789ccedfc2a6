// ListObjectsV2 (`?list-type=2`), the original ListObjects (marker paging), and ListObjectVersions
// (`?versions`: buckets here are never versioned, so every object is its one version "null").
import type { EndpointResponse } from '../http.js';
import { canonicalOwnerId, requireBucket, type S3Call, type S3Deps } from './call.js';
import { invalidArgument } from './errors.js';
import { encodeListingValue } from './key-encoding.js';
import { decodeContinuationToken, encodeContinuationToken, listPage, type ListPage } from './list-keys.js';
import { clampMax } from './query-params.js';
import type { BucketState } from './store.js';
import { xmlResponse, xmlTimestamp } from './wire.js';

interface CommonParams {
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  /** With encoding-type=url every key-like value in the answer is percent-encoded. */
  encode: (value: string) => string;
  encodingType?: string;
}

function commonParams(call: S3Call): CommonParams {
  const q = call.req.query;
  const encodingType = q.get('encoding-type') ?? undefined;
  if (encodingType !== undefined && encodingType !== 'url') {
    throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  }
  return {
    prefix: q.get('prefix') ?? '',
    delimiter: q.get('delimiter') || undefined,
    maxKeys: clampMax(q.get('max-keys'), 1000),
    encode: encodingType === 'url' ? encodeListingValue : (v) => v,
    encodingType,
  };
}

function contents(
  deps: S3Deps,
  bucket: BucketState,
  page: ListPage,
  encode: (v: string) => string,
  withOwner: boolean,
  version?: Record<string, string | boolean>,
) {
  return page.keys.map((key) => {
    const record = bucket.objects.get(key);
    if (!record) throw new Error(`index and objects disagree on ${key}`);
    return {
      Key: encode(key),
      ...version,
      LastModified: xmlTimestamp(record.lastModified),
      ETag: `"${record.etag}"`,
      ...(record.checksum ? { ChecksumAlgorithm: record.checksum.algorithm, ChecksumType: record.checksum.type } : {}),
      Size: record.size,
      ...(withOwner ? { Owner: { ID: canonicalOwnerId(deps.context.accountId) } } : {}),
      StorageClass: 'STANDARD',
    };
  });
}

export function listObjectsV2(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const q = call.req.query;
  const params = commonParams(call);
  const token = q.get('continuation-token') ?? undefined;
  const startAfter = q.get('start-after') ?? undefined;
  let resume: { after: string; afterIsPrefix: boolean } | undefined;
  if (token !== undefined) {
    resume = decodeContinuationToken(token);
    if (!resume) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  } else if (startAfter) {
    resume = { after: startAfter, afterIsPrefix: false };
  }
  const page = listPage(bucket.keys, {
    prefix: params.prefix,
    delimiter: params.delimiter,
    maxKeys: params.maxKeys,
    after: resume?.after,
    afterIsPrefix: resume?.afterIsPrefix,
  });
  const { encode } = params;
  return xmlResponse('ListObjectsV2', 'ListBucketResult', {
    Name: call.bucketName,
    Prefix: encode(params.prefix),
    ...(params.delimiter === undefined ? {} : { Delimiter: encode(params.delimiter) }),
    MaxKeys: params.maxKeys,
    ...(params.encodingType ? { EncodingType: params.encodingType } : {}),
    KeyCount: page.keys.length + page.commonPrefixes.length,
    IsTruncated: page.isTruncated,
    ...(token === undefined ? {} : { ContinuationToken: token }),
    ...(page.isTruncated && page.last ? { NextContinuationToken: encodeContinuationToken(page.last) } : {}),
    ...(startAfter === undefined ? {} : { StartAfter: encode(startAfter) }),
    Contents: contents(deps, bucket, page, encode, q.get('fetch-owner') === 'true'),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
  });
}

/** A page after `marker`; a marker that is a rolled-up common prefix (a NextMarker we gave) resumes after its keys. */
function pageAfterMarker(bucket: BucketState, params: CommonParams, marker: string): ListPage {
  const { prefix, delimiter } = params;
  const markerIsPrefix =
    delimiter !== undefined &&
    marker.length > prefix.length &&
    marker.startsWith(prefix) &&
    marker.indexOf(delimiter, prefix.length) === marker.length - delimiter.length;
  return listPage(bucket.keys, {
    prefix,
    delimiter,
    maxKeys: params.maxKeys,
    after: marker === '' ? undefined : marker,
    afterIsPrefix: markerIsPrefix,
  });
}

export function listObjects(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const params = commonParams(call);
  const marker = call.req.query.get('marker') ?? '';
  const page = pageAfterMarker(bucket, params, marker);
  const { encode } = params;
  return xmlResponse('ListObjects', 'ListBucketResult', {
    Name: call.bucketName,
    Prefix: encode(params.prefix),
    Marker: encode(marker),
    // S3 gives NextMarker only when a delimiter was used; otherwise clients resume from the last key.
    ...(page.isTruncated && page.last && params.delimiter !== undefined ? { NextMarker: encode(page.last.value) } : {}),
    MaxKeys: params.maxKeys,
    ...(params.delimiter === undefined ? {} : { Delimiter: encode(params.delimiter) }),
    ...(params.encodingType ? { EncodingType: params.encodingType } : {}),
    IsTruncated: page.isTruncated,
    Contents: contents(deps, bucket, page, encode, true),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
  });
}

export function listObjectVersions(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const params = commonParams(call);
  const q = call.req.query;
  const keyMarker = q.get('key-marker') ?? '';
  const versionIdMarker = q.get('version-id-marker') ?? '';
  if (versionIdMarker !== '' && keyMarker === '') {
    throw invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', versionIdMarker);
  }
  if (versionIdMarker !== '' && versionIdMarker !== 'null') {
    throw invalidArgument('Invalid version id specified', 'version-id-marker', versionIdMarker);
  }
  const page = pageAfterMarker(bucket, params, keyMarker);
  const { encode } = params;
  const next = page.isTruncated ? page.last : undefined;
  return xmlResponse('ListObjectVersions', 'ListVersionsResult', {
    Name: call.bucketName,
    Prefix: encode(params.prefix),
    KeyMarker: encode(keyMarker),
    VersionIdMarker: versionIdMarker,
    ...(next ? { NextKeyMarker: encode(next.value), ...(next.isPrefix ? {} : { NextVersionIdMarker: 'null' }) } : {}),
    MaxKeys: params.maxKeys,
    ...(params.delimiter === undefined ? {} : { Delimiter: encode(params.delimiter) }),
    ...(params.encodingType ? { EncodingType: params.encodingType } : {}),
    IsTruncated: page.isTruncated,
    Version: contents(deps, bucket, page, encode, true, { VersionId: 'null', IsLatest: true }),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
  });
}
