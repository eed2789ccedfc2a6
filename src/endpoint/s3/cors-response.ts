// The bucket's CORS rules at work, as S3 applies them: a preflight (OPTIONS) is answered from the
// rules alone — 200 with the matched rule's headers, or 403 AccessForbidden — and every other
// answer to a request with an Origin carries the matched rule's headers (none when no rule
// matches: the browser then keeps the answer from the page). Only origin and method are matched
// on actual requests; requested headers only on preflights.
import { header, type EndpointRequest, type EndpointResponse } from '../http.js';
import { corsHeaders, matchCorsRule, parseHeaderList } from './cors.js';
import { S3Error } from './errors.js';
import type { S3Store } from './store.js';
import { resolveTarget, type S3Target } from './addressing.js';

const NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

/** Answers an OPTIONS request; throws the S3Error S3 answers when the rules do not allow it. */
export function answerPreflight(store: S3Store, req: EndpointRequest, target: S3Target): EndpointResponse {
  const origin = header(req, 'origin');
  if (origin === undefined || origin === '') {
    throw new S3Error('BadRequest', 'Insufficient information. Origin request header needed.', 400);
  }
  const method = header(req, 'access-control-request-method') ?? 'OPTIONS';
  const bucket = target.bucket === undefined ? undefined : store.bucket(target.bucket);
  if (!bucket) throw forbidden('CORSResponse: Bucket not found', method, 'BUCKET');
  if (!bucket.record.cors) throw forbidden('CORSResponse: CORS is not enabled for this bucket.', method, 'BUCKET');
  const query = { origin, method, requestHeaders: parseHeaderList(header(req, 'access-control-request-headers')) };
  const rule = matchCorsRule(bucket.record.cors, query);
  if (!rule) throw forbidden(NOT_ALLOWED, method, target.key === undefined ? 'BUCKET' : 'OBJECT');
  return { status: 200, operation: 'PreflightRequest', headers: corsHeaders(rule, query, 'preflight'), body: '' };
}

/** The Access-Control-* headers an actual answer to this request gets (empty when none apply). */
export function actualCorsHeaders(store: S3Store, req: EndpointRequest): Record<string, string> {
  const origin = header(req, 'origin');
  if (!origin) return {};
  let bucketName: string | undefined;
  try {
    bucketName = resolveTarget(req.hostname, req.rawPath).bucket;
  } catch {
    return {}; // a path S3 cannot parse: its InvalidURI answer gets no CORS headers
  }
  const rules = bucketName === undefined ? undefined : store.bucket(bucketName)?.record.cors;
  if (!rules) return {};
  const query = { origin, method: req.method };
  const rule = matchCorsRule(rules, query);
  return rule ? corsHeaders(rule, query, 'actual') : {};
}

function forbidden(message: string, method: string, resourceType: 'BUCKET' | 'OBJECT'): S3Error {
  return new S3Error('AccessForbidden', message, 403, { Method: method, ResourceType: resourceType });
}
