// Who may do what, as S3 decides it for the lesson's cases. Signed requests (an Authorization
// header or a presigned URL) are served with any keys, as on LocalStack: no signature is checked.
// Presigned URLs expire. Unsigned requests are anonymous: only what the bucket policy grants to
// everyone is allowed (the lesson's PublicReadGetObject grants s3:GetObject on product-images/*),
// everything else is 403 AccessDenied — and, as on S3, a missing key reads as AccessDenied too
// unless the policy also lets everyone list the bucket.
import { header, type EndpointRequest } from '../http.js';
import type { S3Target } from './addressing.js';
import { invalidArgument, S3Error } from './errors.js';
import { evaluateBucketPolicy, type PolicyDecision } from './policy.js';
import type { S3Store } from './store.js';

type Signing = 'header' | 'query-v4' | 'query-v2' | 'anonymous';

const V4_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'];
const V2_PARAMS = ['AWSAccessKeyId', 'Signature', 'Expires'];
/** Longest a SigV4 presigned URL may live (seven days). */
const MAX_PRESIGN_SECONDS = 604_800;

function signingOf(req: EndpointRequest): Signing {
  if (header(req, 'authorization') !== undefined) return 'header';
  if (V4_PARAMS.some((p) => req.query.has(p))) return 'query-v4';
  if (req.query.has('AWSAccessKeyId') || req.query.has('Signature')) return 'query-v2';
  return 'anonymous';
}

/** Throws the error S3 answers when the request may not go ahead; returns quietly otherwise. */
export function authorizeS3Request(store: S3Store, req: EndpointRequest, target: S3Target, now = new Date()): void {
  const signing = signingOf(req);
  if (signing === 'query-v4') checkPresignedV4(req, now);
  else if (signing === 'query-v2') checkPresignedV2(req, now);
  else if (signing === 'anonymous') authorizeAnonymous(store, req, target);
}

function authorizationQueryError(message: string): S3Error {
  return new S3Error('AuthorizationQueryParametersError', message, 400);
}

/** `20260101T120000Z` → Date, or undefined when malformed. */
function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2026-01-01T12:00:00Z`, the form S3 uses in the Expires and ServerTime error fields. */
const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function checkPresignedV4(req: EndpointRequest, now: Date): void {
  if (!V4_PARAMS.every((p) => req.query.has(p))) {
    throw authorizationQueryError(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const expiresText = req.query.get('X-Amz-Expires') as string;
  if (!/^-?\d+$/.test(expiresText)) throw authorizationQueryError('X-Amz-Expires should be a number');
  const seconds = Number(expiresText);
  if (seconds < 0) throw authorizationQueryError('X-Amz-Expires must be non-negative');
  if (seconds > MAX_PRESIGN_SECONDS) {
    throw authorizationQueryError(
      `X-Amz-Expires must be less than a week (in seconds) that is, the given X-Amz-Expires must be less than ${MAX_PRESIGN_SECONDS} seconds`,
    );
  }
  const signedAt = parseAmzDate(req.query.get('X-Amz-Date') as string);
  if (!signedAt) throw authorizationQueryError('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
  const expires = new Date(signedAt.getTime() + seconds * 1000);
  if (now > expires) {
    throw new S3Error('AccessDenied', 'Request has expired', 403, {
      'X-Amz-Expires': seconds,
      Expires: isoSeconds(expires),
      ServerTime: isoSeconds(now),
    });
  }
}

function checkPresignedV2(req: EndpointRequest, now: Date): void {
  if (!V2_PARAMS.every((p) => req.query.has(p))) {
    throw new S3Error('AccessDenied', 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters', 403);
  }
  const expiresText = req.query.get('Expires') as string;
  if (!/^\d+$/.test(expiresText)) throw invalidArgument('Expires must be a number of seconds since 1970', 'Expires', expiresText);
  const expires = new Date(Number(expiresText) * 1000);
  if (now > expires) {
    throw new S3Error('AccessDenied', 'Request has expired', 403, { Expires: isoSeconds(expires), ServerTime: isoSeconds(now) });
  }
}

/** The IAM action and resource ARN an S3 request needs, for the policy (S3's authorization reference). */
export function s3Permission(req: EndpointRequest, target: S3Target): { action: string; resource: string } | undefined {
  if (target.bucket === undefined) return undefined; // ListBuckets: no bucket policy can grant it
  const q = req.query;
  const bucketArn = `arn:aws:s3:::${target.bucket}`;
  const on = (action: string, resource = bucketArn) => ({ action: `s3:${action}`, resource });
  if (target.key === undefined) {
    const first = (pairs: [string, string][], fallback: string) => on(pairs.find(([name]) => q.has(name))?.[1] ?? fallback);
    switch (req.method) {
      case 'PUT':
        return first([['cors', 'PutBucketCORS'], ['policy', 'PutBucketPolicy'], ['notification', 'PutBucketNotification'], ['acl', 'PutBucketAcl'], ['versioning', 'PutBucketVersioning']], 'CreateBucket');
      case 'GET':
        return first(
          [['cors', 'GetBucketCORS'], ['policy', 'GetBucketPolicy'], ['notification', 'GetBucketNotification'], ['location', 'GetBucketLocation'], ['uploads', 'ListBucketMultipartUploads'], ['versioning', 'GetBucketVersioning'], ['acl', 'GetBucketAcl']],
          'ListBucket',
        );
      case 'DELETE':
        return first([['cors', 'PutBucketCORS'], ['policy', 'DeleteBucketPolicy']], 'DeleteBucket');
      case 'POST':
        // DeleteObjects and form uploads act on objects; judged for the bucket's objects as a whole.
        return on(q.has('delete') ? 'DeleteObject' : 'PutObject', `${bucketArn}/*`);
      default:
        return on('ListBucket');
    }
  }
  const objectArn = `${bucketArn}/${target.key}`;
  switch (req.method) {
    case 'GET':
      return on(q.has('acl') ? 'GetObjectAcl' : q.has('uploadId') ? 'ListMultipartUploadParts' : q.has('tagging') ? 'GetObjectTagging' : 'GetObject', objectArn);
    case 'HEAD':
      return on('GetObject', objectArn);
    case 'PUT':
      return on(q.has('acl') ? 'PutObjectAcl' : q.has('tagging') ? 'PutObjectTagging' : 'PutObject', objectArn);
    case 'DELETE':
      return on(q.has('uploadId') ? 'AbortMultipartUpload' : q.has('tagging') ? 'DeleteObjectTagging' : 'DeleteObject', objectArn);
    default:
      return on('PutObject', objectArn);
  }
}

function authorizeAnonymous(store: S3Store, req: EndpointRequest, target: S3Target): void {
  const needed = s3Permission(req, target);
  if (!needed) throw accessDenied('ListBuckets is never open to unsigned requests.');
  const bucket = store.bucket(target.bucket as string);
  if (!bucket) {
    // S3 tells anyone that a bucket does not exist (the handler answers NoSuchBucket), but never lets them create one.
    if (needed.action === 's3:CreateBucket') throw accessDenied('Creating a bucket needs a signed request.');
    return;
  }
  const policy = bucket.record.policy;
  const decide = (action: string, resource: string): PolicyDecision => evaluateBucketPolicy(policy, { action, resource });
  const verdict = decide(needed.action, needed.resource);
  if (verdict !== 'allow') throw accessDenied(explain(bucket.record.name, policy, verdict, needed.action, needed.resource));

  const copySource = header(req, 'x-amz-copy-source');
  if (copySource !== undefined) authorizeAnonymousCopySource(store, copySource);

  // Reading a key that does not exist: S3 says NoSuchKey only to callers who may list the bucket.
  if (needed.action === 's3:GetObject' && !bucket.objects.has(target.key as string)) {
    if (decide('s3:ListBucket', `arn:aws:s3:::${bucket.record.name}`) !== 'allow') {
      throw accessDenied(
        `Callers who may not list bucket ${bucket.record.name} (s3:ListBucket) get this answer for a key that does not exist, so that they cannot tell which keys exist.`,
      );
    }
  }
}

function authorizeAnonymousCopySource(store: S3Store, copySource: string): void {
  let path: string;
  try {
    path = decodeURIComponent(copySource.split('?', 1)[0]).replace(/^\//, '');
  } catch {
    return; // the copy handler answers the malformed header
  }
  const slash = path.indexOf('/');
  if (slash <= 0) return;
  const [name, key] = [path.slice(0, slash), path.slice(slash + 1)];
  const source = store.bucket(name);
  if (!source) return;
  const resource = `arn:aws:s3:::${name}/${key}`;
  const verdict = evaluateBucketPolicy(source.record.policy, { action: 's3:GetObject', resource });
  if (verdict !== 'allow') throw accessDenied(explain(name, source.record.policy, verdict, 's3:GetObject', resource));
}

function explain(bucket: string, policy: string | undefined, verdict: PolicyDecision, action: string, resource: string): string {
  const why =
    policy === undefined
      ? `bucket ${bucket} has no bucket policy`
      : verdict === 'deny'
        ? `the bucket policy of ${bucket} denies ${action} on ${resource}`
        : `the bucket policy of ${bucket} does not allow ${action} on ${resource} to everyone (Principal "*")`;
  return `This request is not signed (anonymous), and ${why}.`;
}

/** S3's AccessDenied, with the reason after its usual "Access Denied" so a person can act on it. */
function accessDenied(reason: string): S3Error {
  return new S3Error('AccessDenied', `Access Denied. ${reason}`, 403);
}
