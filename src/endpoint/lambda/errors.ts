// Lambda's REST-JSON error shape: the code travels in the `x-amzn-ErrorType` header (that is what
// SDKs and the CLI read), the body carries `Type` plus the message under both `Message` and
// `message`, because AWS itself uses either spelling depending on the error.
import type { EndpointResponse } from '../http.js';

export class LambdaError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** `User` for caller mistakes, `Service` for the endpoint's own limits. */
    readonly type: 'User' | 'Service' = 'User',
  ) {
    super(message);
    this.name = 'LambdaError';
  }
}

export function lambdaErrorResponse(error: LambdaError, requestId: string, operation?: string): EndpointResponse {
  return {
    status: error.status,
    headers: {
      'content-type': 'application/json',
      'x-amzn-errortype': error.code,
      'x-amzn-requestid': requestId,
    },
    body: JSON.stringify({ Type: error.type, Message: error.message, message: error.message }),
    operation,
  };
}

export function jsonResponse(status: number, value: unknown, requestId: string, operation: string): EndpointResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
    body: value === undefined ? '' : JSON.stringify(value),
    operation,
  };
}

export const notFound = (message: string) => new LambdaError(404, 'ResourceNotFoundException', message);
export const conflict = (message: string) => new LambdaError(409, 'ResourceConflictException', message);
export const invalidParameter = (message: string) => new LambdaError(400, 'InvalidParameterValueException', message);
export const validation = (message: string) => new LambdaError(400, 'ValidationException', message);
export const tooLarge = (message: string) => new LambdaError(413, 'RequestEntityTooLargeException', message);
export const preconditionFailed = (message: string) => new LambdaError(412, 'PreconditionFailedException', message);

/** AWS's wording for a value that breaks a model constraint, e.g. a pattern or a length. */
export function constraintMessage(value: unknown, member: string, constraint: string): string {
  const shown = value === null || value === undefined ? 'null' : `'${String(value)}'`;
  return `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`;
}
