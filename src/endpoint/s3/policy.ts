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

// --- Evaluating the policy for anonymous requests ---

export type PolicyDecision = 'allow' | 'deny' | 'no-match';

/** One anonymous request, as the policy sees it. */
export interface PolicyRequest {
  /** `s3:GetObject`, `s3:ListBucket`… */
  action: string;
  /** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key`. */
  resource: string;
}

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM wildcards: `*` any run of characters, `?` one character. */
function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's').test(value);
}

/** Does the principal element name everyone (`"*"` or `{"AWS": "*"}`)? Only "everyone" covers an anonymous caller. */
function namesEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  return asList((principal as Record<string, unknown>).AWS).includes('*');
}

function coversAnonymous(s: Statement): boolean {
  if (s.Principal !== undefined) return namesEveryone(s.Principal);
  // NotPrincipal applies to everyone not named; the anonymous caller is named only by "*".
  if (s.NotPrincipal !== undefined) return !namesEveryone(s.NotPrincipal);
  return false;
}

function matchesAny(patterns: unknown, value: string, caseInsensitive: boolean): boolean {
  return asList(patterns).some((p) => typeof p === 'string' && wildcard(p, value, caseInsensitive));
}

function statementApplies(s: Statement, request: PolicyRequest): boolean {
  if (!coversAnonymous(s)) return false;
  const action = s.Action !== undefined ? matchesAny(s.Action, request.action, true) : !matchesAny(s.NotAction, request.action, true);
  if (!action) return false;
  return s.Resource !== undefined ? matchesAny(s.Resource, request.resource, false) : !matchesAny(s.NotResource, request.resource, false);
}

/**
 * A bucket policy's verdict on an anonymous request: an explicit Deny wins over any Allow; without
 * a matching statement the answer is `no-match` (S3 then refuses: the default is deny).
 * Conditions are not evaluated: a statement with a Condition counts for a Deny (it may apply) and
 * not for an Allow (it may not), so a policy is never more open here than on AWS.
 */
export function evaluateBucketPolicy(policyText: string | undefined, request: PolicyRequest): PolicyDecision {
  if (policyText === undefined) return 'no-match';
  let document: { Statement?: unknown };
  try {
    document = JSON.parse(policyText) as { Statement?: unknown };
  } catch {
    return 'no-match';
  }
  const statements = asList(document.Statement).filter((s): s is Statement => typeof s === 'object' && s !== null);
  let allowed = false;
  for (const s of statements) {
    if (!statementApplies(s, request)) continue;
    if (s.Effect === 'Deny') return 'deny';
    if (s.Effect === 'Allow' && s.Condition === undefined) allowed = true;
  }
  return allowed ? 'allow' : 'no-match';
}
