// Field checks for CreateFunction and UpdateFunctionConfiguration, with AWS's error codes and
// wording (ValidationException for model constraints, InvalidParameterValueException for the
// service's own rules).
import { constraintMessage, invalidParameter, validation } from './errors.js';
import { runtimeNeedsHandler, runtimeProblem } from './runtimes.js';

export const DEFAULT_TIMEOUT = 3;
export const DEFAULT_MEMORY_SIZE = 128;
export const DEFAULT_EPHEMERAL_STORAGE = 512;
export const MAX_TIMEOUT = 900;
export const MIN_MEMORY = 128;
export const MAX_MEMORY = 10_240;
export const MAX_ENV_BYTES = 4096;

const ROLE_PATTERN = String.raw`arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`;
const ROLE_RE = new RegExp(`^${ROLE_PATTERN}$`);
const ENV_KEY_PATTERN = '[a-zA-Z]([a-zA-Z0-9_])+';
const ENV_KEY_RE = new RegExp(`^${ENV_KEY_PATTERN}$`);

/** Variables the Lambda service sets itself; AWS refuses them in Environment.Variables. */
export const RESERVED_ENV_KEYS: readonly string[] = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];

export function checkRole(value: unknown): string {
  if (value === undefined || value === null) {
    throw validation(constraintMessage(null, 'role', 'Member must not be null'));
  }
  if (typeof value !== 'string' || !ROLE_RE.test(value)) {
    throw validation(constraintMessage(value, 'role', `Member must satisfy regular expression pattern: ${ROLE_PATTERN}`));
  }
  return value;
}

export function checkRuntime(value: unknown): string {
  if (typeof value !== 'string') {
    throw validation(constraintMessage(null, 'runtime', 'Member must not be null'));
  }
  const problem = runtimeProblem(value);
  if (problem) throw invalidParameter(problem);
  return value;
}

export function checkHandler(value: unknown): string {
  if (typeof value !== 'string' || !/^[^\s]+$/.test(value)) {
    throw validation(constraintMessage(value, 'handler', String.raw`Member must satisfy regular expression pattern: [^\s]+`));
  }
  if (value.length > 128) {
    throw validation(constraintMessage(value, 'handler', 'Member must have length less than or equal to 128'));
  }
  return value;
}

export function checkDescription(value: unknown): string {
  if (typeof value !== 'string') throw validation(constraintMessage(value, 'description', 'Member must be a string'));
  if (value.length > 256) {
    throw validation(constraintMessage(value, 'description', 'Member must have length less than or equal to 256'));
  }
  return value;
}

function checkIntegerRange(value: unknown, member: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw validation(constraintMessage(value, member, 'Member must be an integer'));
  }
  if (value < min) throw validation(constraintMessage(value, member, `Member must have value greater than or equal to ${min}`));
  if (value > max) throw validation(constraintMessage(value, member, `Member must have value less than or equal to ${max}`));
  return value;
}

export const checkTimeout = (value: unknown) => checkIntegerRange(value, 'timeout', 1, MAX_TIMEOUT);
export const checkMemorySize = (value: unknown) => checkIntegerRange(value, 'memorySize', MIN_MEMORY, MAX_MEMORY);
export const checkEphemeralStorage = (value: unknown) =>
  checkIntegerRange((value as { Size?: unknown } | null)?.Size, 'ephemeralStorage.size', 512, 10_240);

export function checkArchitectures(value: unknown): string[] {
  if (!Array.isArray(value) || value.length !== 1) {
    const shown = Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
    throw validation(constraintMessage(shown, 'architectures', 'Member must have length less than or equal to 1'));
  }
  if (value[0] !== 'x86_64' && value[0] !== 'arm64') {
    throw validation(
      constraintMessage(
        `[${value.join(', ')}]`,
        'architectures',
        'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]',
      ),
    );
  }
  return [value[0]];
}

/** `Environment` → its variables; keys, reserved names and the 4 KB limit checked as AWS does. */
export function checkEnvironment(value: unknown): Record<string, string> {
  const variables = (value as { Variables?: unknown } | null)?.Variables ?? {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    throw validation(constraintMessage(null, 'environment.variables', 'Member must be a map of strings'));
  }
  const result: Record<string, string> = {};
  for (const [key, raw] of Object.entries(variables as Record<string, unknown>)) {
    if (!ENV_KEY_RE.test(key)) {
      throw validation(
        '1 validation error detected: Value at \'environment.variables\' failed to satisfy constraint: ' +
          `Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ${ENV_KEY_PATTERN}]`,
      );
    }
    if (typeof raw !== 'string') {
      throw validation(constraintMessage(null, `environment.variables.${key}`, 'Member must be a string'));
    }
    result[key] = raw;
  }
  const reserved = Object.keys(result).filter((k) => RESERVED_ENV_KEYS.includes(k));
  if (reserved.length > 0) {
    throw invalidParameter(
      'Lambda was unable to configure your environment variables because the environment variables you have ' +
        'provided contains reserved keys that are currently not supported for modification. ' +
        `Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const measured = JSON.stringify(result);
  if (Buffer.byteLength(measured, 'utf8') > MAX_ENV_BYTES) {
    throw invalidParameter(
      'Lambda was unable to configure your environment variables because the environment variables you have ' +
        `provided exceeded the 4KB limit. String measured: ${measured}`,
    );
  }
  return result;
}

/** Zip functions need a Handler unless their runtime runs a `bootstrap` (provided*). */
export function checkHandlerPresence(runtime: string, handler: string | undefined): void {
  if (handler === undefined && runtimeNeedsHandler(runtime)) {
    throw validation(
      constraintMessage(null, 'handler', `Member must not be null (runtime ${runtime} needs a Handler such as index.handler)`),
    );
  }
}
