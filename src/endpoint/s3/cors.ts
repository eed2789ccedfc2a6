// Bucket CORS configuration (`?cors`): parsed from the wire XML, validated as S3 does, stored as
// JSON and written back with the wire names.
import { invalidRequest, malformedXml } from './errors.js';
import { child, children, text } from './xml-body.js';

export interface CorsRule {
  id?: string;
  allowedHeaders: string[];
  allowedMethods: string[];
  allowedOrigins: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

const ALLOWED_METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE']);
const MAX_RULES = 100;

export function parseCorsConfig(document: Record<string, unknown>): CorsRule[] {
  const root = child(document, 'CORSConfiguration');
  const rawRules = children(root, 'CORSRule');
  if (rawRules.length === 0 || rawRules.length > MAX_RULES) throw malformedXml();
  return rawRules.map(parseRule);
}

function parseRule(raw: unknown): CorsRule {
  const values = (name: string) => children(raw, name).map((v) => (typeof v === 'string' ? v.trim() : ''));
  const allowedMethods = values('AllowedMethod');
  const allowedOrigins = values('AllowedOrigin');
  if (allowedMethods.length === 0 || allowedOrigins.length === 0) throw malformedXml();
  for (const method of allowedMethods) {
    if (!ALLOWED_METHODS.has(method)) {
      throw invalidRequest(`Found unsupported HTTP method in CORS config. Unsupported method is ${method}`);
    }
  }
  const maxAge = text(raw, 'MaxAgeSeconds')?.trim();
  if (maxAge !== undefined && !/^\d+$/.test(maxAge)) throw malformedXml();
  const id = text(raw, 'ID');
  return {
    ...(id === undefined ? {} : { id }),
    allowedHeaders: values('AllowedHeader'),
    allowedMethods,
    allowedOrigins,
    exposeHeaders: values('ExposeHeader'),
    ...(maxAge === undefined ? {} : { maxAgeSeconds: Number(maxAge) }),
  };
}

/** The GetBucketCors body (inside the CORSConfiguration root). */
export function corsConfigToWire(rules: CorsRule[]): Record<string, unknown> {
  return {
    CORSRule: rules.map((r) => ({
      ...(r.id === undefined ? {} : { ID: r.id }),
      AllowedHeader: r.allowedHeaders,
      AllowedMethod: r.allowedMethods,
      AllowedOrigin: r.allowedOrigins,
      ExposeHeader: r.exposeHeaders,
      ...(r.maxAgeSeconds === undefined ? {} : { MaxAgeSeconds: r.maxAgeSeconds }),
    })),
  };
}
