// One execution environment of a function: its worker process, its own log stream in
// /aws/lambda/<name>, and running one invocation at a time on it. The pool (function-pool.ts)
// decides which environment runs what; this file does the running and the logging:
// INIT_START, START, the function's output, END, REPORT (with Init Duration on the first
// invocation after a cold start), each line written to the stream and captured for Tail.
// Until an invocation meets the environment its lines are held back (with their times): one
// started ahead of need (while the function is Pending) shows in CloudWatch Logs only once it is
// used, as on Lambda, where the log group appears with the first invocation.
import type { EndpointContext } from '../../context.js';
import type { LogStore } from '../../logs/log-store.js';
import { isStorageFailure } from '../../store/writable.js';
import type { CodeCache } from './code-cache.js';
import { InvocationRecord, newLogStreamName, newTraceId, platformLines } from './invocation-log.js';
import { exitedOutcome, initFailureOutcome, replyOutcome, timedOutOutcome, type Outcome } from './invocation-outcome.js';
import type { InvokeOptions, InvokeOutcome, RunnableFunction } from './types.js';
import { createWorker, prepareEnvironment } from './worker-factory.js';
import { exitMessage, WorkerGone, type ExitInfo, type InitProblem, type ProcessWorker, type WorkerReply } from './worker.js';

export interface EnvironmentSettings {
  context: EndpointContext;
  logs: LogStore;
  codeCache: CodeCache;
  /** Where the runner's @aws-sdk packages can be resolved from. */
  sdkRoot: string;
  /** HOME given to workers: an empty directory, never the real user's. */
  homeDir: string;
  initTimeoutMs: number;
  /** Told when the function's log cannot be written to disk (it still reaches Tail). */
  onStorageFailure?: (error: NodeJS.ErrnoException) => void;
}

export type RunResult =
  /** Answered (the worker may have ended doing it: a timeout or an exit). */
  | { kind: 'answered'; answer: InvokeOutcome }
  /** The worker ended before it received the invocation: it never ran, it may go elsewhere. */
  | { kind: 'not-received' };

/** An environment's init output kept before its first invocation (more is dropped). */
const MAX_HELD_BACK_LINES = 1000;

export class Environment {
  worker?: ProcessWorker;
  readonly streamName: string;
  /** Set after a cold start until the first invocation reports it. */
  initDurationMs?: number;
  idleTimer?: NodeJS.Timeout;
  /** Its init finished: from now on it runs invocations or waits for one. */
  ready = false;
  hasRun = false;
  /** The pool no longer counts on it (killed, exited, or dropped). */
  gone = false;
  /** The invocation being run, whose log lines are captured for Tail. */
  private current?: InvocationRecord;
  /** Output before the first invocation, shown with an init failure. */
  private readonly initLines: string[] = [];
  /** Lines not yet written to the log store; undefined once the stream is in use. */
  private heldBack?: { timestamp: number; message: string }[] = [];

  constructor(
    private readonly fn: RunnableFunction,
    private readonly group: string,
    private readonly settings: EnvironmentSettings,
  ) {
    this.streamName = newLogStreamName(fn.version);
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** Unpacks the code, starts the worker and waits for its init; `onExit` hears when it ends. */
  async start(onExit: () => void): Promise<void> {
    const began = performance.now();
    const { context, codeCache, sdkRoot, homeDir } = this.settings;
    const input = {
      fn: this.fn,
      context,
      codeCache,
      sdkRoot,
      homeDir,
      logGroupName: this.group,
      logStreamName: this.streamName,
      onLog: (message: string, timestamp: number) => this.emit(message, timestamp),
    };
    const prepared = await prepareEnvironment(input);
    if (this.gone) throw new Error('closed');
    this.emit(platformLines.initStart(this.fn.runtime, context.defaultRegion));
    const worker = createWorker(input, prepared);
    this.worker = worker;
    void worker.exited.then(onExit);
    await worker.start(this.settings.initTimeoutMs);
    this.initDurationMs = performance.now() - began;
    this.ready = true;
  }

  /**
   * Runs one invocation. `redeliverable`: when the worker ends before it received the invocation,
   * say so ('not-received') rather than answer a Runtime.ExitError.
   */
  async run(payload: Buffer, options: InvokeOptions, redeliverable: boolean): Promise<RunResult> {
    this.releaseLog();
    const { requestId } = options;
    const worker = this.worker!;
    const record = new InvocationRecord(requestId);
    this.current = record;
    this.hasRun = true;
    // START is written once the runtime has the invocation: one that dies before (an uncaught
    // exception between invocations) never ran it, and the invocation goes to a fresh worker.
    let started = false;
    const logStart = () => {
      if (started) return;
      started = true;
      this.emit(platformLines.start(requestId, this.fn.version));
    };

    const timeoutMs = this.fn.timeoutSeconds * 1000;
    const began = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), timeoutMs);
    });
    let result: WorkerReply | 'timeout' | WorkerGone;
    try {
      const invocation = { requestId, payload, deadlineMs: Date.now() + timeoutMs, invokedFunctionArn: this.fn.arn, traceId: newTraceId() };
      result = await Promise.race([worker.run(invocation, logStart), timedOut]);
    } catch (error) {
      if (!(error instanceof WorkerGone)) throw error;
      result = error;
    } finally {
      clearTimeout(timer);
    }
    if (result instanceof WorkerGone && !result.started && redeliverable) {
      this.current = undefined;
      this.noteExitBetweenInvocations(result.exit);
      return { kind: 'not-received' };
    }
    const initDurationMs = this.initDurationMs;
    this.initDurationMs = undefined;
    logStart();
    const durationMs = performance.now() - began;
    const maxMemoryUsedMb = worker.maxMemoryUsedMb();

    let outcome: Outcome;
    if (result === 'timeout') {
      worker.kill();
      this.gone = true;
      // Answer once the process is really gone (bounded: SIGKILL is never ignored, reaping is quick).
      await Promise.race([worker.exited, new Promise((done) => setTimeout(done, 2000).unref())]);
      this.emit(platformLines.timedOut(requestId, this.fn.timeoutSeconds));
      outcome = timedOutOutcome(requestId, this.fn.timeoutSeconds);
    } else if (result instanceof WorkerGone) {
      this.gone = true;
      outcome = exitedOutcome(requestId, result.exit);
    } else {
      outcome = replyOutcome(result);
    }
    for (const line of outcome.lines) this.emit(line);
    this.emit(platformLines.end(requestId));
    const { status, errorType } = outcome;
    this.emit(platformLines.report({ requestId, durationMs, memorySizeMb: this.fn.memorySizeMb, maxMemoryUsedMb, initDurationMs, status, errorType }));
    this.current = undefined;
    return { kind: 'answered', answer: this.answer(outcome, options, record) };
  }

  /** Init failed: the invocation that waited for this environment gets the error, logged as Lambda does. */
  failInit(options: InvokeOptions, problem: InitProblem, initMs: number): InvokeOutcome {
    this.releaseLog();
    const { requestId } = options;
    const record = new InvocationRecord(requestId);
    for (const line of this.initLines) record.capture(line);
    this.current = record;
    const outcome = initFailureOutcome(requestId, problem, this.fn.timeoutSeconds);
    const status = outcome.status ?? 'error';
    const errorType = status === 'error' ? outcome.errorType : undefined;
    this.emit(platformLines.initReport(initMs, status, errorType));
    this.emit(platformLines.start(requestId, this.fn.version));
    for (const line of outcome.lines) this.emit(line);
    this.emit(platformLines.end(requestId));
    this.emit(platformLines.report({ requestId, durationMs: initMs, memorySizeMb: this.fn.memorySizeMb, maxMemoryUsedMb: 0, status, errorType }));
    this.current = undefined;
    return this.answer(outcome, options, record);
  }

  /**
   * The runtime ended between invocations (an uncaught exception from a timer, process.exit): its
   * log says so, as Lambda reports a runtime exit, and the next invocation gets a fresh one.
   */
  noteExitBetweenInvocations(exit: ExitInfo): void {
    // A crash is shown even in an environment no invocation used yet.
    this.releaseLog();
    this.emit(`Error: ${exitMessage(exit)}`);
    this.emit('Runtime.ExitError');
    this.gone = true;
  }

  private answer(outcome: Outcome, options: InvokeOptions, record: InvocationRecord): InvokeOutcome {
    return {
      payload: outcome.payload,
      ...(outcome.failed ? { functionError: 'Unhandled' as const } : {}),
      ...(options.tail ? { logResultBase64: record.tailBase64() } : {}),
      executedVersion: this.fn.version,
    };
  }

  /** Creates the log stream and writes what was held back. */
  private releaseLog(): void {
    const held = this.heldBack;
    if (!held) return;
    this.heldBack = undefined;
    this.writeLog(() => this.settings.logs.ensureStream(this.group, this.streamName));
    if (held.length > 0) this.writeLog(() => this.settings.logs.append(this.group, this.streamName, held));
  }

  private emit(message: string, timestamp = Date.now()): void {
    if (this.heldBack) {
      if (this.heldBack.length < MAX_HELD_BACK_LINES) this.heldBack.push({ timestamp, message });
    } else {
      this.writeLog(() => this.settings.logs.append(this.group, this.streamName, [{ timestamp, message }]));
    }
    if (this.current) this.current.capture(message);
    else if (!this.hasRun && this.initLines.length < 200) this.initLines.push(message);
  }

  /** A log that cannot be written (data dir no longer writable) must not stop the function. */
  private writeLog(write: () => unknown): void {
    try {
      write();
    } catch (error) {
      if (!isStorageFailure(error)) throw error;
      this.settings.onStorageFailure?.(error);
    }
  }
}
