// Shapes shared by the function runner, the Invoke HTTP handler and the async queue.
//
//   RunnableFunction  what the control plane hands over: one function version, ready to run
//   InvokeOutcome     what one invocation produced (sync Invoke turns it into HTTP)
//   LambdaErrorBody   the JSON an Unhandled error payload carries

export interface RunnableFunction {
  name: string;
  arn: string;
  /** e.g. nodejs20.x, provided.al2023 */
  runtime: string;
  /** e.g. index.handler, src/app.handler */
  handler: string;
  timeoutSeconds: number;
  memorySizeMb: number;
  environment: Record<string, string>;
  /** base64(sha256(zip)), as Lambda reports CodeSha256: the code version's identity. */
  codeSha256: string;
  /** The function's zip file on disk. */
  zipPath: string;
  version: '$LATEST';
}

export interface InvokeOptions {
  requestId: string;
  /** Return the last 4 KB of this invocation's log (X-Amz-Log-Type: Tail). */
  tail: boolean;
  /**
   * An Event (asynchronous) invocation: nobody waits on its answer, so it may wait briefly for a
   * busy worker to be free rather than start another one (events may queue on AWS too).
   */
  event?: boolean;
}

export interface InvokeOutcome {
  /** The function's result as JSON bytes, or the error document when functionError is set. */
  payload: Buffer;
  functionError?: 'Unhandled';
  /** base64 of the last 4096 bytes of this invocation's log, when `tail` was asked. */
  logResultBase64?: string;
  executedVersion: string;
}

export interface LambdaErrorBody {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** Lambda's limits on request and response payloads. */
export const LIMITS = {
  /** Synchronous request payload: above this Invoke answers 413. */
  syncRequestBytes: 6_291_456,
  /** Event (async) request payload (AWS raised this to 1 MB in late 2025; the lesson's docs say 256 KB). */
  asyncRequestBytes: 262_144,
  /** A function's response above this becomes Function.ResponseSizeTooLarge. */
  responseBytes: 6_291_556,
  /** Unzipped code size. */
  unzippedCodeBytes: 262_144_000,
} as const;

export const NODE_RUNTIMES = new Set(['nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'nodejs24.x']);
export const PROVIDED_RUNTIMES = new Set(['provided.al2023', 'provided.al2', 'provided']);
