// IAM parameter checks with IAM's error codes and wording.
import { QueryError, constraintError } from './query-protocol.js';

const NAME_PATTERN = String.raw`[\w+=,.@-]+`;
const NAME_RE = new RegExp(`^${NAME_PATTERN}$`);

/** Role and policy names: 1–64 (roles) or 1–128 (policies) of `[\w+=,.@-]`. */
export function checkName(value: string, member: string, maxLength: number): string {
  if (value.length < 1 || !NAME_RE.test(value)) {
    throw constraintError(value, member, `Member must satisfy regular expression pattern: ${NAME_PATTERN}`);
  }
  if (value.length > maxLength) {
    throw constraintError(value, member, `Member must have length less than or equal to ${maxLength}`);
  }
  return value;
}

export function checkPath(value: string | null): string {
  if (value === null) return '/';
  if (value.length > 512 || !/^\/([\x21-\x7e]*\/)?$/.test(value)) {
    throw new QueryError(
      400,
      'ValidationError',
      'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
    );
  }
  return value;
}

/** A policy document must be JSON with a Statement; IAM's MalformedPolicyDocument otherwise. */
export function checkPolicyDocument(document: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new QueryError(400, 'MalformedPolicyDocument', 'This policy contains invalid Json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new QueryError(400, 'MalformedPolicyDocument', 'This policy contains invalid Json');
  }
  const statement = (parsed as { Statement?: unknown }).Statement;
  if (statement === undefined || statement === null || (typeof statement !== 'object')) {
    throw new QueryError(400, 'MalformedPolicyDocument', 'Syntax errors in policy.');
  }
  return document;
}

export function checkMaxSessionDuration(value: string | null): number {
  if (value === null) return 3600;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 3600 || seconds > 43200) {
    throw new QueryError(
      400,
      'ValidationError',
      `1 validation error detected: Value '${value}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value between 3600 and 43200`,
    );
  }
  return seconds;
}

export function checkPolicyArn(arn: string): string {
  if (!/^arn:aws[a-zA-Z-]*:iam::(aws|\d{12}):policy\/([\x21-\x7e]*\/)?[\w+=,.@-]+$/.test(arn)) {
    throw new QueryError(400, 'ValidationError', 'Invalid ARN:  Could not be parsed!');
  }
  return arn;
}
