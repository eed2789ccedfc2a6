// Function references as Lambda accepts them in paths and in FunctionName: a bare name, a name
// with a qualifier, a partial ARN (`123456789012:function:name`) or a full ARN, all of which may
// carry `:$LATEST` or another qualifier.
import { LambdaError, constraintMessage, invalidParameter, notFound, validation } from './errors.js';

export const MAX_NAME_LENGTH = 64;
export const MAX_ARN_LENGTH = 140;

/** The model's pattern, quoted in AWS's ValidationException messages. */
export const FUNCTION_NAME_PATTERN = String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?((eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?`;
const FUNCTION_NAME_RE = new RegExp(`^${FUNCTION_NAME_PATTERN}$`);
const NAME_RE = /^[a-zA-Z0-9_-]+$/;
const QUALIFIER_RE = /^(\$LATEST|[a-zA-Z0-9_-]+)$/;

export interface FunctionRef {
  name: string;
  qualifier?: string;
  /** Only when a full ARN named one. */
  region?: string;
  /** Only when an ARN (full or partial) named one. */
  account?: string;
}

/** Splits a reference into its parts; `undefined` when it does not have any of Lambda's forms. */
export function parseFunctionRef(raw: string): FunctionRef | undefined {
  if (!FUNCTION_NAME_RE.test(raw)) return undefined;
  const parts = raw.split(':');
  let ref: FunctionRef;
  if (parts[0] === 'arn') {
    // arn:aws:lambda:region:account:function:name[:qualifier]
    if (parts.length < 7 || parts.length > 8 || parts[2] !== 'lambda' || parts[5] !== 'function') return undefined;
    ref = { region: parts[3], account: parts[4], name: parts[6], qualifier: parts[7] };
  } else if (parts.length >= 3 && parts[1] === 'function') {
    // account:function:name[:qualifier]
    if (parts.length > 4 || !/^\d{12}$/.test(parts[0])) return undefined;
    ref = { account: parts[0], name: parts[2], qualifier: parts[3] };
  } else if (parts.length <= 2) {
    ref = { name: parts[0], qualifier: parts[1] };
  } else {
    return undefined;
  }
  if (!NAME_RE.test(ref.name)) return undefined;
  if (ref.qualifier !== undefined && !QUALIFIER_RE.test(ref.qualifier)) return undefined;
  return ref;
}

export function functionArn(region: string, account: string, name: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${name}`;
}

/**
 * Resolves a reference from a request path (or FunctionName) against the request's region and the
 * endpoint's account, throwing AWS's errors for malformed names, other regions and other accounts.
 * The returned qualifier merges the one in the name with the `Qualifier` query parameter.
 */
export function resolveFunctionRef(
  raw: string,
  queryQualifier: string | null | undefined,
  region: string,
  account: string,
): { name: string; qualifier?: string } {
  if (raw.length > MAX_ARN_LENGTH) {
    throw validation(constraintMessage(raw, 'functionName', 'Member must have length less than or equal to 140'));
  }
  const ref = parseFunctionRef(raw);
  if (!ref) {
    throw validation(
      constraintMessage(raw, 'functionName', `Member must satisfy regular expression pattern: ${FUNCTION_NAME_PATTERN}`),
    );
  }
  if (ref.region !== undefined && ref.region !== region) {
    throw notFound(`Functions from '${ref.region}' are not reachable in this region ('${region}')`);
  }
  if (ref.account !== undefined && ref.account !== account) {
    throw new LambdaError(403, 'AccessDeniedException', `This endpoint serves account ${account} only, not ${ref.account}.`);
  }
  const fromQuery = queryQualifier ?? undefined;
  if (ref.qualifier !== undefined && fromQuery !== undefined && ref.qualifier !== fromQuery) {
    throw invalidParameter('The derived qualifier from the function name does not match the specified qualifier.');
  }
  return { name: ref.name, qualifier: ref.qualifier ?? fromQuery };
}
