// The endpoint's front door (DESIGN §5 "Guard"), decided from the request line and headers alone,
// before the body is read:
//   1. the Host must be a name the endpoint serves (hosts.ts: DNS rebinding);
//   2. a request made by a web page (origins.ts) whose origin the person did not allow reaches
//      only S3 object access — there the bucket's own CORS rules and policy decide, as on AWS —
//      and nothing else: no Lambda, IAM, STS, Logs, bucket configuration or diagnostics;
//   3. pages on allowed origins (--allow-origin, EXTRA_CORS_ALLOWED_ORIGINS) may use every API,
//      with CORS headers like LocalStack's on every answer.
import { header, type EndpointRequest, type EndpointResponse } from '../http.js';
import type { ServiceName } from '../router.js';
import { resolveTarget } from '../s3/addressing.js';
import { createHostFilter, normalizeHostname } from './hosts.js';
import { isAllowedOrigin, pageOrigin, UNNAMED_PAGE } from './origins.js';
import { refusalResponse, type Refusal } from './refusal.js';

export interface GuardOptions {
  /** The address the endpoint listens on. */
  bindHost: string;
  /** More Host names to serve (`--allow-host`). */
  allowedHosts?: readonly string[];
  /** Page origins that may use every API (`--allow-origin`); `*` allows every page. */
  allowedOrigins?: readonly string[];
}

export type GuardVerdict =
  /** Serve it; `corsOrigin` set: an allowed page's request, whose answer gets CORS headers. */
  | { kind: 'serve'; corsOrigin?: string }
  /** Answered by the guard itself: a refusal, or an allowed page's preflight. */
  | { kind: 'answer'; response: EndpointResponse; refusal?: Refusal };

export type RequestGuard = (req: EndpointRequest, service: ServiceName) => GuardVerdict;

/** Query parameters a bucket listing (ListObjects v1/v2) or a signature may carry. */
const LISTING_PARAMS = new Set([
  'list-type', 'prefix', 'delimiter', 'max-keys', 'marker', 'continuation-token', 'start-after', 'encoding-type',
  'fetch-owner', 'x-id', 'awsaccesskeyid', 'signature', 'expires',
]);

export function createRequestGuard(options: GuardOptions): RequestGuard {
  const servesHost = createHostFilter({ bindHost: options.bindHost, extraHosts: options.allowedHosts ?? [] });
  const allowedOrigins = options.allowedOrigins ?? [];
  return (req, service) => {
    const hostHeader = header(req, 'host') ?? '';
    if (!servesHost(hostHeader)) {
      const name = normalizeHostname(hostHeader);
      return refuse(req, service, {
        message:
          `This endpoint does not answer to the host name "${name}". It serves localhost, IP addresses, ` +
          `*.localhost.localstack.cloud and this machine's own name; start it with --allow-host ${name} to add this one.`,
        note: { en: `refused: unknown host name ${name} (add it with --allow-host)`, ja: `拒否: 受け付けていないホスト名 ${name} です (--allow-host で追加できます)` },
      });
    }
    const origin = pageOrigin(req);
    if (origin === undefined) return { kind: 'serve' };
    if (isAllowedOrigin(origin, allowedOrigins)) {
      if (req.method === 'OPTIONS') return { kind: 'answer', response: allowedPreflight(req, origin) };
      return { kind: 'serve', corsOrigin: origin };
    }
    if (service === 's3' && isS3ObjectAccess(req)) {
      const copySource = header(req, 'x-amz-copy-source');
      if (copySource !== undefined && !copiesWithinBucket(req, copySource)) {
        return refuse(req, service, {
          message: `A web page (${origin}) may not copy objects from another bucket through this endpoint.`,
          note: { en: `refused: a web page (${origin}) tried to copy from another bucket`, ja: `拒否: Web ページ (${origin}) が別のバケットからコピーしようとしました` },
        });
      }
      return { kind: 'serve' };
    }
    const who = origin === UNNAMED_PAGE ? 'a web page' : `a web page on ${origin}`;
    return refuse(req, service, {
      message:
        `Refused: this request came from ${who}. Web pages may only read and write S3 objects here ` +
        `(as the bucket's CORS rules allow); everything else is for your own tools. ` +
        `Trust a page's origin with --allow-origin ORIGIN.`,
      note: { en: `refused: request from ${who} (only S3 objects are open to web pages)`, ja: `拒否: ${origin === UNNAMED_PAGE ? 'Web ページ' : `Web ページ ${origin}`} からのリクエストです (Web ページに開いているのは S3 オブジェクトだけです)` },
    });
  };
}

function refuse(req: EndpointRequest, service: ServiceName, refusal: Refusal): GuardVerdict {
  return { kind: 'answer', response: refusalResponse(req, service, refusal), refusal };
}

/**
 * Reading and writing objects (and listing a bucket), which S3 lets pages do under the bucket's
 * CORS rules: a key, or the bucket itself with no configuration sub-resource (listing, HeadBucket,
 * a browser's form upload). Bucket configuration (?cors, ?policy, ?notification…), creating and
 * deleting buckets and ListBuckets are not object access.
 */
export function isS3ObjectAccess(req: EndpointRequest): boolean {
  let target;
  try {
    target = resolveTarget(req.hostname, req.rawPath);
  } catch {
    return false;
  }
  if (target.bucket === undefined) return false;
  if (target.key !== undefined) return true;
  if (!['GET', 'HEAD', 'POST', 'OPTIONS'].includes(req.method)) return false;
  return [...req.query.keys()].every((name) => LISTING_PARAMS.has(name.toLowerCase()) || name.toLowerCase().startsWith('x-amz-'));
}

function copiesWithinBucket(req: EndpointRequest, copySource: string): boolean {
  const target = resolveTarget(req.hostname, req.rawPath);
  let source: string;
  try {
    source = decodeURIComponent(copySource.split('?', 1)[0]);
  } catch {
    return false;
  }
  return source.replace(/^\//, '').split('/', 1)[0] === target.bucket;
}

const ALLOWED_METHODS = 'HEAD,GET,PUT,POST,DELETE,OPTIONS,PATCH';
const EXPOSED_HEADERS = 'etag,x-amz-version-id,x-amz-request-id,x-amz-id-2,x-amz-log-result,x-amz-executed-version,x-amz-function-error,x-amzn-errortype,x-amzn-requestid';

/** CORS headers for an allowed page's request (LocalStack's defaults: the page may use everything). */
export function allowedOriginHeaders(req: EndpointRequest, origin: string): Record<string, string> {
  const wildcard = origin === 'null' || origin === UNNAMED_PAGE;
  const requested = header(req, 'access-control-request-headers');
  return {
    'access-control-allow-origin': wildcard ? '*' : origin,
    ...(wildcard ? {} : { 'access-control-allow-credentials': 'true' }),
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': requested ? requested : 'authorization,content-type,x-amz-date,x-amz-security-token,x-amz-target,x-amz-content-sha256,x-amz-user-agent,amz-sdk-invocation-id,amz-sdk-request',
    'access-control-expose-headers': EXPOSED_HEADERS,
    vary: 'Origin',
  };
}

function allowedPreflight(req: EndpointRequest, origin: string): EndpointResponse {
  return { status: 204, headers: allowedOriginHeaders(req, origin), body: '', operation: 'preflight' };
}
