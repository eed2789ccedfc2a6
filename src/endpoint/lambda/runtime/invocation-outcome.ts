// What an invocation answers and logs, from what its worker did: a reply, a timeout, an exit, or
// an init failure. Lambda's error documents and wording, as pure functions over the facts.
import { exitMessage, type ExitInfo, type InitProblem, type WorkerReply } from './worker.js';
import { LIMITS } from './types.js';

export interface Outcome {
  payload: Buffer;
  failed: boolean;
  /** For the REPORT line. */
  status?: 'timeout' | 'error';
  errorType?: string;
  /** Platform lines to log before END (Lambda writes them for exits and platform errors). */
  lines: string[];
}

export function errorDocument(errorType: string, errorMessage: string): Buffer {
  return Buffer.from(JSON.stringify({ errorType, errorMessage }));
}

export function timedOutOutcome(requestId: string, timeoutSeconds: number): Outcome {
  return {
    payload: errorDocument('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`),
    failed: true,
    status: 'timeout',
    errorType: 'Sandbox.Timedout',
    lines: [],
  };
}

export function exitedOutcome(requestId: string, exit: ExitInfo): Outcome {
  const errorType = 'Runtime.ExitError';
  const message = `RequestId: ${requestId} Error: ${exitMessage(exit)}`;
  return { payload: errorDocument(errorType, message), failed: true, status: 'error', errorType, lines: [message, errorType] };
}

export function replyOutcome(reply: WorkerReply): Outcome {
  if (reply.ok && reply.payload.length > LIMITS.responseBytes) {
    return {
      payload: errorDocument('Function.ResponseSizeTooLarge', `Response payload size exceeded maximum allowed payload size (${LIMITS.responseBytes} bytes).`),
      failed: true,
      lines: [],
    };
  }
  return { payload: reply.payload, failed: !reply.ok, lines: [] };
}

export function initFailureOutcome(requestId: string, problem: InitProblem, timeoutSeconds: number): Outcome {
  if (problem.kind === 'reported') {
    return { payload: problem.payload, failed: true, status: 'error', errorType: problem.errorType, lines: [] };
  }
  if (problem.kind === 'platform') {
    const message = `RequestId: ${requestId} Error: ${problem.message}`;
    return { payload: errorDocument(problem.errorType, message), failed: true, status: 'error', errorType: problem.errorType, lines: [message, problem.errorType] };
  }
  return { ...timedOutOutcome(requestId, timeoutSeconds), errorType: 'Sandbox.Timedout' };
}
