// The HTTP side of Invoke (`POST /2015-03-31/functions/{name}/invocations`), after the control
// plane has found the function and checked that it is Active:
//
//   handleInvoke(runner, fn, req, queue): Promise<EndpointResponse>
//
//   X-Amz-Invocation-Type  RequestResponse (default) → 200 with the function's payload,
//                          X-Amz-Executed-Version, X-Amz-Function-Error: Unhandled on errors,
//                          X-Amz-Log-Result (base64, last 4 KB) when X-Amz-Log-Type: Tail
//                          Event → 202, queued on `queue`;  DryRun → 204
//   body                   empty → `{}`; not UTF-8 JSON → 400 InvalidRequestContentException;
//                          over 6 MB (sync) or 256 KB (Event) → 413 RequestEntityTooLargeException
//   errors                 REST-JSON: x-amzn-ErrorType header, {"Type":"User","message","Message"}
import { header, type EndpointRequest, type EndpointResponse } from '../../http.js';
import type { AsyncInvocationQueue } from './async-invocation-queue.js';
import type { FunctionRunner } from './function-runner.js';
import { LIMITS, type RunnableFunction } from './types.js';

/**
 * The error code AWS really sends for an oversized Invoke payload (botocore's model names it
 * RequestTooLargeException, but the wire and every AWS client error message say this).
 */
export const PAYLOAD_TOO_LARGE_ERROR = 'RequestEntityTooLargeException';

const INVOCATION_TYPES = ['RequestResponse', 'Event', 'DryRun'] as const;
type InvocationType = (typeof INVOCATION_TYPES)[number];

export async function handleInvoke(
  runner: Pick<FunctionRunner, 'invoke'>,
  fn: RunnableFunction,
  req: EndpointRequest,
  queue: Pick<AsyncInvocationQueue, 'enqueue'>,
): Promise<EndpointResponse> {
  const type = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (!INVOCATION_TYPES.includes(type as InvocationType)) {
    return lambdaError(req, 400, 'ValidationException',
      `1 validation error detected: Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`);
  }
  const logType = header(req, 'x-amz-log-type') ?? 'None';
  if (logType !== 'None' && logType !== 'Tail') {
    return lambdaError(req, 400, 'ValidationException',
      `1 validation error detected: Value '${logType}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]`);
  }

  const size = req.body.length;
  if (type === 'Event' && size > LIMITS.asyncRequestBytes) {
    return lambdaError(req, 413, PAYLOAD_TOO_LARGE_ERROR,
      `${size} byte payload is too large for the Event invocation type (limit ${LIMITS.asyncRequestBytes} bytes)`);
  }
  if (size > LIMITS.syncRequestBytes) {
    return lambdaError(req, 413, PAYLOAD_TOO_LARGE_ERROR,
      `Request must be smaller than ${LIMITS.syncRequestBytes} bytes for the InvokeFunction operation`);
  }
  const payload = size === 0 ? Buffer.from('{}') : req.body;
  const problem = jsonProblem(payload);
  if (problem !== undefined) {
    return lambdaError(req, 400, 'InvalidRequestContentException',
      `Could not parse request body into json: Could not parse payload into json: ${problem}`);
  }

  const headers = { 'content-type': 'application/json', 'x-amzn-RequestId': req.requestId };
  if (type === 'DryRun') return { status: 204, headers, operation: 'Invoke' };
  if (type === 'Event') {
    // Accepted once on disk; if it cannot be written the error is answered (a 500) and nothing runs.
    queue.enqueue(fn, payload, req.requestId);
    return { status: 202, headers, operation: 'Invoke' };
  }
  const outcome = await runner.invoke(fn, payload, { requestId: req.requestId, tail: logType === 'Tail' });
  return {
    status: 200,
    headers: {
      ...headers,
      'X-Amz-Executed-Version': outcome.executedVersion,
      ...(outcome.functionError ? { 'X-Amz-Function-Error': outcome.functionError } : {}),
      ...(outcome.logResultBase64 !== undefined ? { 'X-Amz-Log-Result': outcome.logResultBase64 } : {}),
    },
    body: outcome.payload,
    operation: 'Invoke',
  };
}

/** Why the bytes are not a JSON document, or undefined when they are. */
function jsonProblem(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'Invalid UTF-8 in the request payload';
  }
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function lambdaError(req: EndpointRequest, status: number, type: string, message: string): EndpointResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': type, 'x-amzn-RequestId': req.requestId },
    body: JSON.stringify({ Type: 'User', message, Message: message }),
    operation: 'Invoke',
  };
}
