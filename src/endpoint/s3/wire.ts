// Shapes shared by every S3 response: XML documents with S3's namespace, RFC 7231 and ISO dates,
// the error document, and the ids AWS puts on every response.
import { randomBytes } from 'node:crypto';
import type { EndpointResponse } from '../http.js';
import { toXml } from '../xml.js';
import type { S3Error } from './errors.js';

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export interface ResponseIds {
  requestId: string;
  hostId: string;
}

/** AWS request ids are 16 upper-case hex characters; x-amz-id-2 is an opaque base64 string. */
export function newResponseIds(seed: string): ResponseIds {
  const requestId = seed.replace(/-/g, '').slice(0, 16).toUpperCase();
  return { requestId, hostId: randomBytes(48).toString('base64') };
}

export function xmlResponse(
  operation: string,
  root: string,
  body: Record<string, unknown>,
  status = 200,
  headers: Record<string, string> = {},
): EndpointResponse {
  return {
    status,
    operation,
    headers: { 'content-type': 'application/xml', ...headers },
    body: toXml(root, { '@_xmlns': S3_XMLNS, ...body }),
  };
}

export function emptyResponse(operation: string, status = 200, headers: Record<string, string> = {}): EndpointResponse {
  return { status, operation, headers, body: '' };
}

/** `Thu, 01 Jan 2026 00:00:00 GMT` (RFC 7231 IMF-fixdate), for Last-Modified and friends. */
export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

/** `2026-01-01T00:00:00.000Z`, S3's timestamp form inside XML. */
export function xmlTimestamp(iso: string): string {
  return new Date(iso).toISOString();
}

export function errorResponse(error: S3Error, ids: ResponseIds, method: string): EndpointResponse {
  const headers: Record<string, string> = { ...error.headers };
  // HEAD errors carry no body, as on AWS (clients see only the status).
  if (method === 'HEAD') return { status: error.status, headers, body: '', operation: error.code };
  headers['content-type'] = 'application/xml';
  const document = toXml('Error', {
    Code: error.code,
    Message: error.message,
    ...error.fields,
    RequestId: ids.requestId,
    HostId: ids.hostId,
  });
  return { status: error.status, headers, body: document, operation: error.code };
}
