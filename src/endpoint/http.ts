// The endpoint's own request/response shapes: every service handler takes an EndpointRequest with
// the whole body already read, and returns an EndpointResponse. Keeping Node's http objects out of
// the handlers makes them easy to call from tests and keeps streaming concerns in server.ts.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface EndpointRequest {
  method: string;
  /** Raw path as sent, still percent-encoded (S3 keys may contain `+`, which is not a space in a path). */
  rawPath: string;
  /** Query parameters, decoded. */
  query: URLSearchParams;
  /** Lower-cased header names, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** Host header without the port. */
  hostname: string;
  body: Buffer;
  requestId: string;
}

export type ResponseBody = Buffer | string | Readable;

export interface EndpointResponse {
  status: number;
  headers?: Record<string, string | number | string[]>;
  body?: ResponseBody;
  /** AWS operation name, for the endpoint's request log (e.g. "PutObject"). */
  operation?: string;
}

/** Reads one header as a string (first value when repeated). */
export function header(req: EndpointRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Splits the raw path into decoded segments; `+` stays a plus (paths are not form-encoded). */
export function pathSegments(rawPath: string): string[] {
  return rawPath
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
}
