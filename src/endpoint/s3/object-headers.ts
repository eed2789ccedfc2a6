// The object headers S3 stores from a PUT (Content-Type, caching headers, x-amz-meta-*) and
// returns on GET/HEAD, with the `response-*` query overrides presigned URLs use.
import { header, type EndpointRequest } from '../http.js';
import { decodeMetadataValue, encodeMetadataValue } from './metadata-encoding.js';
import type { ObjectAttributes } from './store-types.js';

export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';
const META_PREFIX = 'x-amz-meta-';

export function attributesFromRequest(req: EndpointRequest): ObjectAttributes {
  const userMetadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(META_PREFIX) && value !== undefined) {
      userMetadata[name.slice(META_PREFIX.length)] = decodeMetadataValue(Array.isArray(value) ? value.join(',') : value);
    }
  }
  const optional = (name: string) => {
    const value = header(req, name);
    return value === undefined ? {} : { [camel(name)]: value };
  };
  const contentEncoding = storedContentEncoding(header(req, 'content-encoding'));
  return {
    contentType: header(req, 'content-type') || DEFAULT_CONTENT_TYPE,
    ...(contentEncoding === undefined ? {} : { contentEncoding }),
    ...optional('content-language'),
    ...optional('content-disposition'),
    ...optional('cache-control'),
    ...optional('expires'),
    userMetadata,
  };
}

/**
 * `aws-chunked` describes the upload's framing, not the object: it is never stored. Anything else
 * is kept exactly as sent (`deflate, gzip` stays `deflate, gzip`).
 */
export function storedContentEncoding(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const tokens = value.split(',');
  const kept = tokens.filter((t) => t.trim().toLowerCase() !== 'aws-chunked');
  if (kept.length === tokens.length) return value;
  const rest = kept.join(',').trim();
  return rest === '' ? undefined : rest;
}

export function attributesToHeaders(attributes: ObjectAttributes, query: URLSearchParams): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': attributes.contentType };
  if (attributes.contentEncoding !== undefined) headers['content-encoding'] = attributes.contentEncoding;
  if (attributes.contentLanguage !== undefined) headers['content-language'] = attributes.contentLanguage;
  if (attributes.contentDisposition !== undefined) headers['content-disposition'] = attributes.contentDisposition;
  if (attributes.cacheControl !== undefined) headers['cache-control'] = attributes.cacheControl;
  if (attributes.expires !== undefined) headers.expires = attributes.expires;
  for (const [name, value] of Object.entries(attributes.userMetadata)) headers[`${META_PREFIX}${name}`] = encodeMetadataValue(value);
  for (const name of ['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding']) {
    const override = query.get(`response-${name}`);
    if (override !== null) headers[name] = override;
  }
  return headers;
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
