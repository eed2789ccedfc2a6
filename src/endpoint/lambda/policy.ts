// Lambda resource-based policies: building the statement AddPermission adds, and evaluating a
// function's statements for another part of the endpoint (S3 asks "may s3.amazonaws.com invoke
// this function for this bucket?" before it accepts a notification configuration).
import { invalidParameter, validation, constraintMessage } from './errors.js';
import type { PolicyPrincipal, PolicyStatement } from './records.js';

const STATEMENT_ID_PATTERN = '([a-zA-Z0-9-_]+)';
const ACTION_PATTERN = String.raw`(lambda:[*]|lambda:[a-zA-Z]+|[*])`;

export interface AddPermissionInput {
  StatementId?: unknown;
  Action?: unknown;
  Principal?: unknown;
  SourceArn?: unknown;
  SourceAccount?: unknown;
  EventSourceToken?: unknown;
  PrincipalOrgID?: unknown;
  FunctionUrlAuthType?: unknown;
}

/** The statement AWS stores for an AddPermission request, with members in AWS's order. */
export function buildStatement(input: AddPermissionInput, resourceArn: string): PolicyStatement {
  const sid = requiredString(input.StatementId, 'statementId');
  if (!new RegExp(`^${STATEMENT_ID_PATTERN}$`).test(sid) || sid.length > 100) {
    throw validation(constraintMessage(sid, 'statementId', `Member must satisfy regular expression pattern: ${STATEMENT_ID_PATTERN}`));
  }
  const action = requiredString(input.Action, 'action');
  if (!new RegExp(`^${ACTION_PATTERN}$`).test(action)) {
    throw validation(constraintMessage(action, 'action', `Member must satisfy regular expression pattern: ${ACTION_PATTERN}`));
  }
  const principal = principalFor(requiredString(input.Principal, 'principal'));

  const condition: Record<string, Record<string, string>> = {};
  const addCondition = (operator: string, key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') throw validation(constraintMessage(value, key, 'Member must be a string'));
    condition[operator] = { ...(condition[operator] ?? {}), [key]: value };
  };
  addCondition('StringEquals', 'AWS:SourceAccount', input.SourceAccount);
  addCondition('StringEquals', 'aws:PrincipalOrgID', input.PrincipalOrgID);
  addCondition('StringEquals', 'lambda:EventSourceToken', input.EventSourceToken);
  addCondition('StringEquals', 'lambda:FunctionUrlAuthType', input.FunctionUrlAuthType);
  addCondition('ArnLike', 'AWS:SourceArn', input.SourceArn);

  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: principal,
    Action: action,
    Resource: resourceArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

function requiredString(value: unknown, member: string): string {
  if (value === undefined || value === null) throw validation(constraintMessage(null, member, 'Member must not be null'));
  if (typeof value !== 'string') throw validation(constraintMessage(value, member, 'Member must be a string'));
  return value;
}

/** AWS turns the Principal parameter into `*`, a service principal, or an account/IAM principal. */
function principalFor(principal: string): PolicyPrincipal {
  if (principal === '*') return '*';
  if (/^\d{12}$/.test(principal)) return { AWS: `arn:aws:iam::${principal}:root` };
  if (/^arn:aws[a-zA-Z-]*:iam::\d{12}:[a-zA-Z0-9+=,.@_/-]+$/.test(principal)) return { AWS: principal };
  if (/^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com(\.cn)?|amazon\.com)$/.test(principal)) return { Service: principal };
  throw invalidParameter('The provided principal was invalid. Please check the principal and try again.');
}

export interface InvokeContext {
  principalService: string;
  sourceArn: string;
  sourceAccount: string;
}

/**
 * True when some statement allows `lambda:InvokeFunction` for this service principal and source,
 * and no statement denies it. Conditions understood: ArnLike/ArnEquals/ArnNotLike (AWS:SourceArn),
 * StringEquals/StringLike (AWS:SourceArn, AWS:SourceAccount). A statement with a condition this
 * cannot evaluate never matches, so nothing is allowed by accident.
 */
export function statementsAllowInvoke(statements: readonly PolicyStatement[], request: InvokeContext): boolean {
  const matching = statements.filter((s) => matchesPrincipal(s.Principal, request.principalService) && matchesAction(s.Action) && conditionsHold(s.Condition, request));
  if (matching.some((s) => s.Effect === 'Deny')) return false;
  return matching.some((s) => s.Effect === 'Allow');
}

function asList(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

function matchesPrincipal(principal: PolicyPrincipal, service: string): boolean {
  if (principal === '*') return true;
  if ('Service' in principal) return asList(principal.Service).includes(service);
  return asList(principal.AWS).includes('*');
}

function matchesAction(action: string | string[]): boolean {
  return asList(action).some((a) => ['lambda:invokefunction', 'lambda:*', '*'].includes(a.toLowerCase()));
}

function conditionsHold(
  condition: PolicyStatement['Condition'],
  request: InvokeContext,
): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([operator, pairs]) =>
    Object.entries(pairs).every(([key, expected]) => conditionHolds(operator, key, asList(expected), request)),
  );
}

function conditionHolds(operator: string, key: string, expected: string[], request: InvokeContext): boolean {
  const actual = contextValue(key, request);
  if (actual === undefined) return false;
  switch (operator) {
    case 'ArnLike':
    case 'ArnEquals':
      return expected.some((pattern) => arnLike(pattern, actual));
    case 'ArnNotLike':
    case 'ArnNotEquals':
      return !expected.some((pattern) => arnLike(pattern, actual));
    case 'StringEquals':
      return expected.includes(actual);
    case 'StringLike':
      return expected.some((pattern) => globMatch(pattern, actual));
    default:
      return false;
  }
}

function contextValue(key: string, request: InvokeContext): string | undefined {
  switch (key.toLowerCase()) {
    case 'aws:sourcearn':
      return request.sourceArn;
    case 'aws:sourceaccount':
      return request.sourceAccount;
    default:
      return undefined;
  }
}

/** IAM's ARN matching: the six colon-separated parts compared one by one, `*` and `?` within a part. */
export function arnLike(pattern: string, arn: string): boolean {
  const patternParts = splitArn(pattern);
  const arnParts = splitArn(arn);
  if (!patternParts || !arnParts) return pattern === arn;
  return patternParts.every((part, i) => globMatch(part, arnParts[i]));
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** Case-sensitive glob with `*` (any run) and `?` (one character). */
export function globMatch(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}
