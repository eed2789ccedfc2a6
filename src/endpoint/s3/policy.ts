// Bucket policy checks S3 makes at PutBucketPolicy. The policy itself is stored and returned as
// the exact text the client sent (S3 returns JSON, not XML, and keeps the document as given).
import { S3Error } from './errors.js';

const malformedPolicy = (message: string) => new S3Error('MalformedPolicy', message, 400);

export function validateBucketPolicy(text: string, bucket: string): void {
  if (!text.trimStart().startsWith('{')) throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  }
  const statements = (document as { Statement?: unknown }).Statement;
  if (statements === undefined) throw malformedPolicy('Missing required field Statement');
  const list = Array.isArray(statements) ? statements : [statements];
  if (list.length === 0) throw malformedPolicy('Could not parse the policy: Statement is empty!');
  for (const statement of list) validateStatement(statement, bucket);
}

function validateStatement(statement: unknown, bucket: string): void {
  if (typeof statement !== 'object' || statement === null) throw malformedPolicy('Statement is not an object');
  const s = statement as Record<string, unknown>;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformedPolicy(`Invalid effect: ${String(s.Effect)}`);
  if (s.Action === undefined && s.NotAction === undefined) throw malformedPolicy('Missing required field Action');
  if (s.Principal === undefined && s.NotPrincipal === undefined) throw malformedPolicy('Missing required field Principal');
  const resources = s.Resource ?? s.NotResource;
  if (resources === undefined) throw malformedPolicy('Missing required field Resource');
  // A bucket policy may only name this bucket and its objects (a typo in the bucket name is the
  // classic mistake).
  for (const resource of Array.isArray(resources) ? resources : [resources]) {
    if (typeof resource !== 'string' || !resourceIsInBucket(resource, bucket)) {
      throw malformedPolicy('Policy has invalid resource');
    }
  }
}

function resourceIsInBucket(resource: string, bucket: string): boolean {
  if (resource === '*') return true;
  const arn = /^arn:aws[a-z-]*:s3:::(.*)$/.exec(resource);
  if (!arn) return false;
  const name = arn[1];
  // Wildcards in the bucket part (`product-*`) may match this bucket.
  const bucketPart = name.split('/', 1)[0];
  const pattern = new RegExp(`^${bucketPart.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return pattern.test(bucket);
}
