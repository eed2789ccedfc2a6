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

// --- Applying the rules, as S3 does (LocalStack's AWS-validated snapshots show the shapes) ---

/** What a browser's request asks for: its page's origin, the method, and (preflight) the headers it will send. */
export interface CorsQuery {
  origin: string;
  method: string;
  /** From Access-Control-Request-Headers; only preflights are matched on headers. */
  requestHeaders?: string[];
}

/** S3 sends this Vary on every answer a rule matched. */
export const CORS_VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/** `http://*.example.com` → a pattern: one `*` stands for any run of characters. */
function wildcardPattern(value: string, flags = ''): RegExp {
  return new RegExp(`^${value.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, flags);
}

function originMatches(allowed: string, origin: string): boolean {
  return allowed === '*' || wildcardPattern(allowed).test(origin);
}

/** The first rule that allows this origin and method (and, for a preflight, every requested header). */
export function matchCorsRule(rules: readonly CorsRule[], query: CorsQuery): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedMethods.includes(query.method) &&
      rule.allowedOrigins.some((allowed) => originMatches(allowed, query.origin)) &&
      (query.requestHeaders ?? []).every((name) => rule.allowedHeaders.some((allowed) => wildcardPattern(allowed.toLowerCase(), 'i').test(name))),
  );
}

/** `a, B ,c` → `['a', 'b', 'c']` (Access-Control-Request-Headers). */
export function parseHeaderList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
}

/**
 * The Access-Control-* headers for a matched rule. A rule that allows the origin only through `*`
 * answers `*` without credentials; a rule naming the origin echoes it and allows credentials.
 * Preflights list the requested headers; actual answers list the rule's ExposeHeaders.
 */
export function corsHeaders(rule: CorsRule, query: CorsQuery, kind: 'preflight' | 'actual'): Record<string, string> {
  const named = rule.allowedOrigins.some((allowed) => allowed !== '*' && originMatches(allowed, query.origin));
  const headers: Record<string, string> = {
    'access-control-allow-origin': named ? query.origin : '*',
    ...(named ? { 'access-control-allow-credentials': 'true' } : {}),
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    vary: CORS_VARY,
  };
  if (kind === 'preflight' && query.requestHeaders && query.requestHeaders.length > 0) {
    headers['access-control-allow-headers'] = query.requestHeaders.join(', ');
  }
  if (kind === 'actual' && rule.exposeHeaders.length > 0) headers['access-control-expose-headers'] = rule.exposeHeaders.join(', ');
  if (rule.maxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.maxAgeSeconds);
  return headers;
}
