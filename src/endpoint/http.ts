// The endpoint's own request/response shapes: every service handler takes an EndpointRequest and
// returns an EndpointResponse. The body is read whole before routing, except for uploads whose
// handler streams it to disk (S3 PUT): those get `openBody` instead. Keeping Node's http objects
// out of the handlers makes them easy to call from tests.
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
  /** The whole body; empty while `openBody` is set and not yet read (see readWholeBody). */
  body: Buffer;
  /**
   * Set when the body was left unread for the handler to stream. The first call tells a client
   * waiting on `Expect: 100-continue` to send it; a handler that never calls it leaves the body
   * unread (the server then closes the connection or discards the body).
   */
  openBody?: () => Readable;
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

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a streamed body whole into `req.body` (at most `limit` bytes, else BodyTooLargeError) and
 * returns it; a request read before routing is returned as it is.
 */
export async function readWholeBody(req: EndpointRequest, limit: number): Promise<Buffer> {
  const open = req.openBody;
  if (open === undefined) return req.body;
  req.openBody = undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of open()) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk as Buffer);
  }
  req.body = Buffer.concat(chunks);
  return req.body;
}
