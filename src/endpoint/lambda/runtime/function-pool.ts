// The execution environments of one function configuration: warm workers reused between
// invocations, more started (up to a bound) for parallel invocations, the rest queued in order.
// A worker that timed out or died is dropped and a new one starts for the next invocation.
// A retired pool (code or configuration changed) finishes what it already accepted, then ends.
//
// Each invocation's log: START, the function's output, END, REPORT (with Init Duration on a cold
// start), written to the worker's own stream in /aws/lambda/<name> and captured for Tail.
import type { EndpointContext } from '../../context.js';
import type { LogStore } from '../../logs/log-store.js';
import type { CodeCache } from './code-cache.js';
import { isStorageFailure } from '../../store/writable.js';
import { InvocationRecord, logGroupFor, newLogStreamName, newTraceId, platformLines } from './invocation-log.js';
import { workerEnvironment } from './lambda-env.js';
import { BOOTSTRAP_DIR, NodeWorker } from './node-worker.js';
import { permissionFlags, temporaryDirectories } from './node-permissions.js';
import { sdkPackageDirs } from './sdk-packages.js';
import { ProvidedWorker } from './provided-worker.js';
import { LIMITS, NODE_RUNTIMES, PROVIDED_RUNTIMES, type InvokeOptions, type InvokeOutcome, type RunnableFunction } from './types.js';
import { exitMessage, InitFailure, WorkerGone, type ExitInfo, type InitProblem, type ProcessWorker, type WorkerReply } from './worker.js';

export interface PoolSettings {
  context: EndpointContext;
  logs: LogStore;
  codeCache: CodeCache;
  /** Where the runner's @aws-sdk packages can be resolved from. */
  sdkRoot: string;
  /** HOME given to workers: an empty directory, never the real user's. */
  homeDir: string;
  maxWorkers: number;
  initTimeoutMs: number;
  idleTimeoutMs: number;
  /** Told when the function's log cannot be written to disk (it still reaches Tail). */
  onStorageFailure?: (error: NodeJS.ErrnoException) => void;
}

interface Pending {
  payload: Buffer;
  options: InvokeOptions;
  /** Given once more to a fresh worker because the first one died before receiving it. */
  redelivered?: boolean;
  resolve(outcome: InvokeOutcome): void;
  reject(error: Error): void;
}

/** One execution environment and what the pool knows about it. */
class Slot {
  worker?: ProcessWorker;
  /** The invocation being run, whose log lines are captured for Tail. */
  current?: InvocationRecord;
  /** Set after a cold start until the first invocation reports it. */
  initDurationMs?: number;
  /** Output before the first invocation, shown with an init failure. */
  readonly initLines: string[] = [];
  idleTimer?: NodeJS.Timeout;
  /** Its init finished: from now on it runs invocations or waits for one. */
  ready = false;
  hasRun = false;
  gone = false;

  constructor(readonly streamName: string) {}
}

export class FunctionPool {
  private readonly slots = new Set<Slot>();
  private idle: Slot[] = [];
  private readonly queue: Pending[] = [];
  private starting = 0;
  private retired = false;
  private closed = false;
  private readonly group: string;
  /** Called once a retired pool has nothing left to do. */
  onFinished?: () => void;

  constructor(
    readonly fn: RunnableFunction,
    private readonly settings: PoolSettings,
  ) {
    this.group = logGroupFor(fn.name);
  }

  invoke(payload: Buffer, options: InvokeOptions): Promise<InvokeOutcome> {
    if (this.closed) return Promise.reject(new Error('The function runner has been closed.'));
    return new Promise<InvokeOutcome>((resolve, reject) => {
      this.queue.push({ payload, options, resolve, reject });
      this.pump();
    });
  }

  /** Code or configuration changed: finish what was accepted, keep no worker warm. */
  retire(): void {
    this.retired = true;
    this.pump();
  }

  /** Ends every worker now; queued invocations are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('The function runner has been closed.'));
    const exits: Promise<unknown>[] = [];
    for (const slot of this.slots) {
      clearTimeout(slot.idleTimer);
      slot.worker?.kill();
      if (slot.worker) exits.push(slot.worker.exited);
    }
    // Bounded: a process that ignores SIGKILL (it cannot) must not hang shutdown.
    await Promise.race([Promise.all(exits), new Promise((done) => setTimeout(done, 3000).unref())]);
  }

  /** Process ids of the live workers (for diagnostics and tests). */
  workerPids(): number[] {
    return [...this.slots].filter((s) => !s.gone && s.worker?.pid !== undefined).map((s) => s.worker!.pid!);
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length > 0 && this.idle.length > 0) {
      // Most recently used first: it is the warmest.
      const slot = this.idle.pop()!;
      clearTimeout(slot.idleTimer);
      // Exiting after an uncaught exception: its exit is noted when it comes (onWorkerExit).
      if (!slot.worker?.reusable) continue;
      const pending = this.queue.shift()!;
      this.runOn(slot, pending).catch((error: unknown) => {
        // A bug, not a function failure: don't leave the caller waiting, don't reuse the worker.
        this.drop(slot);
        pending.reject(error instanceof Error ? error : new Error(String(error)));
        this.pump();
      });
    }
    if (this.retired && this.queue.length === 0) {
      for (const slot of this.idle.splice(0)) this.drop(slot);
    }
    let wanted = this.queue.length - this.starting;
    while (wanted > 0 && this.slots.size < this.settings.maxWorkers) {
      void this.startSlot();
      wanted--;
    }
    if (this.retired && this.slots.size === 0 && this.queue.length === 0) this.onFinished?.();
  }

  private async startSlot(): Promise<void> {
    const slot = new Slot(newLogStreamName(this.fn.version));
    this.slots.add(slot);
    this.starting++;
    this.writeLog(() => this.settings.logs.ensureStream(this.group, slot.streamName));
    const began = performance.now();
    try {
      const isNode = NODE_RUNTIMES.has(this.fn.runtime);
      // The permission probe (first time only) runs while the code is unpacked.
      const [taskRoot] = await Promise.all([this.settings.codeCache.taskRootFor(this.fn), isNode ? permissionFlags({ readable: [], writable: [] }) : undefined]);
      const confinement = isNode ? await this.nodePermissionFlags(taskRoot) : undefined;
      if (this.closed) throw new Error('closed');
      this.emit(slot, platformLines.initStart(this.fn.runtime, this.settings.context.defaultRegion));
      const worker = this.createWorker(taskRoot, slot, confinement);
      slot.worker = worker;
      void worker.exited.then(() => this.onWorkerExit(slot));
      await worker.start(this.settings.initTimeoutMs);
      slot.initDurationMs = performance.now() - began;
      slot.ready = true;
      this.starting--;
      this.makeIdle(slot);
    } catch (error) {
      this.starting--;
      slot.worker?.kill();
      this.forget(slot);
      // The invocation that waited for this environment gets its init failure, as on Lambda.
      const pending = this.closed ? undefined : this.queue.shift();
      if (pending) this.failInit(slot, pending, toInitProblem(error), performance.now() - began);
      this.pump();
    }
  }

  /** What a Node worker may read and write (see node-permissions.ts); undefined on a Node without the model. */
  private async nodePermissionFlags(taskRoot: string): Promise<string[] | undefined> {
    const { sdkRoot, homeDir } = this.settings;
    const flags = await permissionFlags({
      readable: [taskRoot, BOOTSTRAP_DIR, ...sdkPackageDirs(sdkRoot), homeDir],
      writable: temporaryDirectories(),
    });
    if (!flags) warnUnconfinedOnce();
    return flags;
  }

  private createWorker(taskRoot: string, slot: Slot, permissionFlags?: string[]): ProcessWorker {
    const env = workerEnvironment({
      fn: this.fn,
      context: this.settings.context,
      taskRoot,
      runtimeDir: BOOTSTRAP_DIR,
      logGroupName: this.group,
      logStreamName: slot.streamName,
      home: this.settings.homeDir,
    });
    const onLog = (message: string, timestamp: number) => this.emit(slot, message, timestamp);
    if (NODE_RUNTIMES.has(this.fn.runtime)) {
      return new NodeWorker({ cwd: taskRoot, env, memorySizeMb: this.fn.memorySizeMb, sdkRoot: this.settings.sdkRoot, permissionFlags, onLog });
    }
    if (PROVIDED_RUNTIMES.has(this.fn.runtime)) {
      return new ProvidedWorker({ taskRoot, env, onLog });
    }
    throw new InitFailure({
      kind: 'platform',
      errorType: 'Runtime.InvalidRuntime',
      message: `The built-in endpoint runs ${[...NODE_RUNTIMES, ...PROVIDED_RUNTIMES].join(', ')}; runtime ${this.fn.runtime} cannot run here.`,
    });
  }

  private async runOn(slot: Slot, pending: Pending): Promise<void> {
    const { requestId } = pending.options;
    const worker = slot.worker!;
    const record = new InvocationRecord(requestId);
    slot.current = record;
    slot.hasRun = true;
    const initDurationMs = slot.initDurationMs;
    // START is written once the runtime has the invocation: one that dies before (an uncaught
    // exception between invocations) never ran it, and the invocation goes to a fresh worker.
    let started = false;
    const logStart = () => {
      if (started) return;
      started = true;
      this.emit(slot, platformLines.start(requestId, this.fn.version));
    };

    const timeoutMs = this.fn.timeoutSeconds * 1000;
    const began = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), timeoutMs);
    });
    let result: WorkerReply | 'timeout' | WorkerGone;
    try {
      result = await Promise.race([
        worker.run(
          {
            requestId,
            payload: pending.payload,
            deadlineMs: Date.now() + timeoutMs,
            invokedFunctionArn: this.fn.arn,
            traceId: newTraceId(),
          },
          logStart,
        ),
        timedOut,
      ]);
    } catch (error) {
      if (!(error instanceof WorkerGone)) throw error;
      result = error;
    } finally {
      clearTimeout(timer);
    }
    if (result instanceof WorkerGone && !result.started && !pending.redelivered) {
      slot.current = undefined;
      this.noteExitBetweenInvocations(slot, result.exit);
      pending.redelivered = true;
      this.queue.unshift(pending);
      this.pump();
      return;
    }
    slot.initDurationMs = undefined;
    logStart();
    const durationMs = performance.now() - began;
    const maxMemoryUsedMb = worker.maxMemoryUsedMb();

    let payload: Buffer;
    let failed = true;
    let status: 'timeout' | 'error' | undefined;
    let errorType: string | undefined;
    if (result === 'timeout') {
      worker.kill();
      this.forget(slot);
      // Answer once the process is really gone (bounded: SIGKILL is never ignored, reaping is quick).
      await Promise.race([worker.exited, new Promise((done) => setTimeout(done, 2000).unref())]);
      this.emit(slot, platformLines.timedOut(requestId, this.fn.timeoutSeconds));
      status = 'timeout';
      payload = errorDocument('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds`);
    } else if (result instanceof WorkerGone) {
      this.forget(slot);
      status = 'error';
      errorType = 'Runtime.ExitError';
      const message = `RequestId: ${requestId} Error: ${exitMessage(result.exit)}`;
      this.emit(slot, message);
      this.emit(slot, errorType);
      payload = errorDocument(errorType, message);
    } else if (result.ok && result.payload.length > LIMITS.responseBytes) {
      payload = errorDocument('Function.ResponseSizeTooLarge', `Response payload size exceeded maximum allowed payload size (${LIMITS.responseBytes} bytes).`);
    } else {
      payload = result.payload;
      failed = !result.ok;
    }
    this.emit(slot, platformLines.end(requestId));
    this.emit(
      slot,
      platformLines.report({ requestId, durationMs, memorySizeMb: this.fn.memorySizeMb, maxMemoryUsedMb, initDurationMs, status, errorType }),
    );
    slot.current = undefined;
    pending.resolve({
      payload,
      ...(failed ? { functionError: 'Unhandled' as const } : {}),
      ...(pending.options.tail ? { logResultBase64: record.tailBase64() } : {}),
      executedVersion: this.fn.version,
    });
    this.makeIdle(slot);
  }

  /** Init failed: the invocation gets the error and a log as Lambda writes one. */
  private failInit(slot: Slot, pending: Pending, problem: InitProblem, initMs: number): void {
    const { requestId } = pending.options;
    const record = new InvocationRecord(requestId);
    for (const line of slot.initLines) record.capture(line);
    slot.current = record;
    let payload: Buffer;
    let errorType: string;
    let status: 'error' | 'timeout' = 'error';
    if (problem.kind === 'reported') {
      errorType = problem.errorType;
      payload = problem.payload;
    } else if (problem.kind === 'platform') {
      errorType = problem.errorType;
      payload = errorDocument(errorType, `RequestId: ${requestId} Error: ${problem.message}`);
    } else {
      errorType = 'Sandbox.Timedout';
      status = 'timeout';
      payload = errorDocument(errorType, `RequestId: ${requestId} Error: Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds`);
    }
    this.emit(slot, platformLines.initReport(initMs, status, status === 'error' ? errorType : undefined));
    this.emit(slot, platformLines.start(requestId, this.fn.version));
    if (problem.kind === 'platform') {
      this.emit(slot, `RequestId: ${requestId} Error: ${problem.message}`);
      this.emit(slot, errorType);
    }
    this.emit(slot, platformLines.end(requestId));
    this.emit(
      slot,
      platformLines.report({ requestId, durationMs: initMs, memorySizeMb: this.fn.memorySizeMb, maxMemoryUsedMb: 0, status, errorType: status === 'error' ? errorType : undefined }),
    );
    slot.current = undefined;
    pending.resolve({
      payload,
      functionError: 'Unhandled',
      ...(pending.options.tail ? { logResultBase64: record.tailBase64() } : {}),
      executedVersion: this.fn.version,
    });
  }

  private makeIdle(slot: Slot): void {
    if (slot.gone || !slot.worker?.reusable || this.closed) {
      // A runtime that reported an uncaught exception is exiting: the next invocation gets a fresh one.
      this.drop(slot);
      this.pump();
      return;
    }
    if (this.retired && this.queue.length === 0) {
      this.drop(slot);
      this.pump();
      return;
    }
    this.idle.push(slot);
    slot.idleTimer = setTimeout(() => {
      this.idle = this.idle.filter((s) => s !== slot);
      this.drop(slot);
      this.pump();
    }, this.settings.idleTimeoutMs);
    slot.idleTimer.unref();
    this.pump();
  }

  private onWorkerExit(slot: Slot): void {
    if (slot.gone) return;
    const exit = slot.worker?.exit;
    if (exit && slot.ready && slot.current === undefined) this.noteExitBetweenInvocations(slot, exit);
    this.forget(slot);
    this.pump();
  }

  /**
   * The runtime ended between invocations (an uncaught exception from a timer, process.exit): its
   * log says so, as Lambda reports a runtime exit, and the next invocation gets a fresh one.
   */
  private noteExitBetweenInvocations(slot: Slot, exit: ExitInfo): void {
    this.emit(slot, `Error: ${exitMessage(exit)}`);
    this.emit(slot, 'Runtime.ExitError');
    this.forget(slot);
  }

  private drop(slot: Slot): void {
    slot.worker?.kill();
    this.forget(slot);
  }

  private forget(slot: Slot): void {
    slot.gone = true;
    clearTimeout(slot.idleTimer);
    this.slots.delete(slot);
    this.idle = this.idle.filter((s) => s !== slot);
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

  private emit(slot: Slot, message: string, timestamp = Date.now()): void {
    this.writeLog(() => this.settings.logs.append(this.group, slot.streamName, [{ timestamp, message }]));
    if (slot.current) slot.current.capture(message);
    else if (!slot.hasRun && slot.initLines.length < 200) slot.initLines.push(message);
  }
}

let warnedUnconfined = false;

function warnUnconfinedOnce(): void {
  if (warnedUnconfined) return;
  warnedUnconfined = true;
  process.stderr.write(
    `built-in endpoint: Node ${process.version} has no usable permission model, so functions run unconfined ` +
      `(they can read your files and other processes' environments). The latest Node 20, 22 or 24 confines them.\n`,
  );
}

function toInitProblem(error: unknown): InitProblem {
  if (error instanceof InitFailure) return error.problem;
  return {
    kind: 'platform',
    errorType: 'Runtime.Unknown',
    message: `The built-in endpoint could not prepare the function's code: ${(error as Error)?.message ?? String(error)}`,
  };
}

function errorDocument(errorType: string, errorMessage: string): Buffer {
  return Buffer.from(JSON.stringify({ errorType, errorMessage }));
}
