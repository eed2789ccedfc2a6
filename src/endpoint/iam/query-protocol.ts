// The AWS query protocol shared by IAM and STS: parameters in a form body (or the query string),
// answers as `<OpResponse xmlns=…><OpResult>…</OpResult><ResponseMetadata>…` and errors as
// `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
import type { EndpointRequest, EndpointResponse } from '../http.js';
import { toXml } from '../xml.js';

export class QueryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

/** Form body parameters, with query-string parameters as a fallback (AWS accepts both). */
export function queryParameters(req: EndpointRequest): URLSearchParams {
  const params = new URLSearchParams(req.query);
  if (req.body.length > 0) {
    for (const [key, value] of new URLSearchParams(req.body.toString('utf8'))) params.set(key, value);
  }
  return params;
}

/** `Tags.member.1.Key=a&Tags.member.1.Value=b` → `[{Key:'a', Value:'b'}]`, in index order. */
export function memberList(params: URLSearchParams, prefix: string): Record<string, string>[] {
  const byIndex = new Map<number, Record<string, string>>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.member\\.(\\d+)(?:\\.(.+))?$`);
  for (const [key, value] of params) {
    const match = pattern.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    const entry = byIndex.get(index) ?? {};
    entry[match[2] ?? ''] = value;
    byIndex.set(index, entry);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
}

export function queryResponse(
  namespace: string,
  action: string,
  result: Record<string, unknown> | undefined,
  requestId: string,
): EndpointResponse {
  const body: Record<string, unknown> = { '@_xmlns': namespace };
  if (result !== undefined) body[`${action}Result`] = result;
  body.ResponseMetadata = { RequestId: requestId };
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: toXml(`${action}Response`, body),
    operation: action,
  };
}

export function queryErrorResponse(namespace: string, error: QueryError, requestId: string, action?: string): EndpointResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: toXml('ErrorResponse', {
      '@_xmlns': namespace,
      Error: { Type: error.type, Code: error.code, Message: error.message },
      RequestId: requestId,
    }),
    operation: action,
  };
}

/** AWS's wording for a parameter that breaks a model constraint. */
export function constraintError(value: string | undefined, member: string, constraint: string): QueryError {
  const shown = value === undefined ? 'null' : `'${value}'`;
  return new QueryError(400, 'ValidationError', `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

export function requiredParam(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null) {
    throw constraintError(undefined, name.charAt(0).toLowerCase() + name.slice(1), 'Member must not be null');
  }
  return value;
}

/** Marker/MaxItems paging over an already-sorted list; the marker is the last key returned. */
export function paginate<T>(
  items: T[],
  keyOf: (item: T) => string,
  params: URLSearchParams,
  defaultMax = 100,
): { page: T[]; isTruncated: boolean; marker?: string } {
  const maxRaw = params.get('MaxItems');
  let max = defaultMax;
  if (maxRaw !== null) {
    max = Number(maxRaw);
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      throw constraintError(maxRaw, 'maxItems', 'Member must have value between 1 and 1000');
    }
  }
  const markerRaw = params.get('Marker');
  let start = 0;
  if (markerRaw) {
    const after = Buffer.from(markerRaw, 'base64url').toString('utf8');
    start = items.findIndex((item) => keyOf(item) > after);
    if (start === -1) start = items.length;
  }
  const page = items.slice(start, start + max);
  const isTruncated = start + max < items.length;
  return {
    page,
    isTruncated,
    marker: isTruncated ? Buffer.from(keyOf(page[page.length - 1]), 'utf8').toString('base64url') : undefined,
  };
}
