// GetObject and HeadObject: conditional headers, Range, `partNumber` (one part of a multipart
// object, as its byte range), `versionId=null`, checksum mode and `response-*` overrides.
import { createReadStream } from 'node:fs';
import { header, type EndpointResponse } from '../http.js';
import { requireBucket, type S3Call, type S3Deps } from './call.js';
import { evaluateConditions } from './conditions.js';
import { invalidArgument, noSuchKey, S3Error } from './errors.js';
import { attributesToHeaders } from './object-headers.js';
import { checksumHeaders, requireKey, requireNullVersion } from './ops-object.js';
import { parseRange } from './range.js';
import type { ObjectRecord } from './store-types.js';
import { preconditionFailed } from './write-conditions.js';
import { httpDate } from './wire.js';

const MAX_PART_NUMBER = 10000;

export function getObject(deps: S3Deps, call: S3Call): EndpointResponse {
  return readObject(deps, call, 'GetObject');
}

export function headObject(deps: S3Deps, call: S3Call): EndpointResponse {
  return readObject(deps, call, 'HeadObject');
}

function readObject(deps: S3Deps, call: S3Call, operation: 'GetObject' | 'HeadObject'): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const key = requireKey(call);
  const partNumber = requestedPart(call.req.query);
  const record = bucket.objects.get(key);
  if (!record) throw noSuchKey(key);
  requireNullVersion(call);

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
  if (outcome.kind === 'failed') throw preconditionFailed(outcome.condition);
  if (outcome.kind === 'not-modified') return { status: 304, operation, headers: base, body: '' };

  const headers = { ...base, ...attributesToHeaders(record, call.req.query) };
  if (record.tags !== undefined && record.tags.length > 0) headers['x-amz-tagging-count'] = String(record.tags.length);
  let status = 200;
  let start = 0;
  let end = record.size - 1;
  if (partNumber !== undefined) {
    ({ start, end } = partRange(record, partNumber));
    if (record.size > 0) {
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${record.size}`;
    }
    if (record.partSizes !== undefined) headers['x-amz-mp-parts-count'] = String(record.partSizes.length);
  } else {
    const rangeHeader = header(call.req, 'range');
    const range = parseRange(rangeHeader, record.size);
    if (range.kind === 'unsatisfiable') {
      throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, {
        ActualObjectSize: record.size,
        RangeRequested: rangeHeader ?? '',
      });
    }
    if (range.kind === 'range') {
      status = 206;
      ({ start, end } = range);
      headers['content-range'] = `bytes ${start}-${end}/${record.size}`;
    } else if ((header(call.req, 'x-amz-checksum-mode') ?? '').toUpperCase() === 'ENABLED') {
      // The stored checksum describes the whole object: never send it with a partial body.
      Object.assign(headers, checksumHeaders(record.checksum));
    }
  }
  const length = end - start + 1;
  headers['content-length'] = String(length);
  if (operation === 'HeadObject' || length === 0) return { status, operation, headers, body: '' };
  const fd = deps.store.openBlob(bucket, record);
  return { status, operation, headers, body: createReadStream('', { fd, start, end, autoClose: true }) };
}

function requestedPart(query: URLSearchParams): number | undefined {
  const text = query.get('partNumber');
  if (text === null) return undefined;
  const number = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(number >= 1 && number <= MAX_PART_NUMBER)) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', text);
  }
  return number;
}

/** The byte range of part `n`; an object uploaded in one piece is its own part 1. */
function partRange(record: ObjectRecord, n: number): { start: number; end: number } {
  const sizes = record.partSizes ?? [record.size];
  if (n > sizes.length) {
    throw new S3Error('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416, {
      PartNumberRequested: n,
      ActualPartCount: sizes.length,
    });
  }
  const start = sizes.slice(0, n - 1).reduce((sum, size) => sum + size, 0);
  return { start, end: start + sizes[n - 1] - 1 };
}
