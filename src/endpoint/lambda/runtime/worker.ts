// One execution environment: a child process that initialises a function once and then runs its
// invocations one at a time. Subclasses say how invocations reach the process (NodeWorker: a
// private pipe to the runner's own Node bootstrap; ProvidedWorker: the Lambda Runtime API).
//
// Life cycle: start() → resolves when the runtime asks for its first invocation, or rejects with
// InitFailure; run(invocation, onStarted) → the runtime's reply, or rejects with WorkerGone when the
// process dies first (WorkerGone.started says whether the runtime had picked the invocation up:
// if not, it never ran and may be given to another worker); kill() ends the process and everything
// it started (its own process group). `reusable` turns false once the runtime said it is ending
// (an uncaught exception): such a worker must not be given another invocation.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';

export interface WorkerInvocation {
  requestId: string;
  payload: Buffer;
  /** Epoch milliseconds at which the invocation times out. */
  deadlineMs: number;
  invokedFunctionArn: string;
  traceId: string;
}

export type WorkerReply = { ok: true; payload: Buffer } | { ok: false; payload: Buffer; errorType: string };

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type InitProblem =
  /** The runtime reported an init error (its document is the invocation's payload). */
  | { kind: 'reported'; errorType: string; payload: Buffer }
  /** Lambda itself gives the error, as `RequestId: <id> Error: <message>`. */
  | { kind: 'platform'; errorType: string; message: string }
  | { kind: 'timeout' };

export class InitFailure extends Error {
  constructor(readonly problem: InitProblem) {
    super(`function initialisation failed (${problem.kind === 'timeout' ? 'timeout' : problem.errorType})`);
  }
}

export class WorkerGone extends Error {
  constructor(
    readonly exit: ExitInfo,
    /** The runtime had received the invocation (it may have run part of it). */
    readonly started = true,
  ) {
    super(`runtime exited (${describeExit(exit)})`);
  }
}

/** Lambda's wording for a runtime that exited: "exit status 1", "signal: killed", … */
export function describeExit(exit: ExitInfo): string {
  if (exit.signal) return `signal: ${SIGNAL_WORDS[exit.signal] ?? exit.signal.toLowerCase().replace(/^sig/, '')}`;
  return `exit status ${exit.code ?? 0}`;
}

/** Lambda's errorMessage for a runtime process that ended during an invocation or during init. */
export function exitMessage(exit: ExitInfo): string {
  return exit.signal === null && exit.code === 0
    ? 'Runtime exited without providing a reason'
    : `Runtime exited with error: ${describeExit(exit)}`;
}

const SIGNAL_WORDS: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGABRT: 'aborted (core dumped)',
  SIGSEGV: 'segmentation fault (core dumped)',
  SIGINT: 'interrupt',
};

export interface ProcessSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** Every line the process logs (stdout, stderr, runtime log frames), as it arrives. */
  onLog(message: string, timestamp: number): void;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers may attach handlers later (or never, after kill()): never an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export abstract class ProcessWorker {
  protected child?: ChildProcess;
  private exitInfo?: ExitInfo;
  private init?: Deferred<void>;
  private current?: Deferred<WorkerReply>;
  private currentStarted = false;
  private onStarted?: () => void;
  private ending = false;
  private readonly exitedDeferred = deferred<ExitInfo>();
  /** Peak resident memory seen (kB): sampled during invocations, so a crash still has a figure. */
  private peakKb = 0;
  private sampler?: NodeJS.Timeout;
  /** Resolves once the process has ended, however it ended. */
  readonly exited = this.exitedDeferred.promise;

  constructor(protected readonly spec: ProcessSpec) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== undefined && this.exitInfo === undefined;
  }

  /** How the process ended, once it has. */
  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  /** Alive and not on its way out: may be given another invocation. */
  get reusable(): boolean {
    return this.alive && !this.ending;
  }

  /** Extra stdio beyond stdin/stdout/stderr (e.g. the Node bootstrap's control pipes). */
  protected extraStdio(): StdioOptions {
    return [];
  }

  /** Runs before the process starts (e.g. a Runtime API server must listen first). */
  protected async beforeSpawn(): Promise<void> {}

  /** Wires the subclass's channel once the process exists. */
  protected abstract attach(child: ChildProcess): void;

  /** Hands an invocation to the runtime. */
  protected abstract deliver(invocation: WorkerInvocation): void;

  /** Releases what beforeSpawn() opened. */
  protected cleanup(): void {}

  async start(initTimeoutMs: number): Promise<void> {
    this.init = deferred<void>();
    try {
      await this.beforeSpawn();
    } catch (error) {
      this.cleanup();
      throw error;
    }
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: this.spec.env,
      stdio: ['ignore', 'pipe', 'pipe', ...(this.extraStdio() as unknown[])] as StdioOptions,
      // Its own process group, so kill() also ends whatever the function started (curl, children).
      detached: true,
    });
    this.child = child;
    child.once('error', (error: NodeJS.ErrnoException) => {
      // spawn itself failed (missing or non-executable entry point): no 'exit' follows.
      this.failInit({ kind: 'platform', errorType: 'Runtime.InvalidEntrypoint', message: `fork/exec ${this.spec.command}: ${spawnErrorWords(error)}` });
      this.onExit({ code: null, signal: null });
    });
    this.captureLines(child.stdout!);
    this.captureLines(child.stderr!);
    child.once('exit', (code, signal) => {
      // Output still in the pipes belongs to the invocation that was running: finish once they
      // close ('close'), or shortly after if something the function started keeps them open.
      this.kill();
      const fallback = setTimeout(() => this.onExit({ code, signal }), 500);
      child.once('close', () => {
        clearTimeout(fallback);
        this.onExit({ code, signal });
      });
    });
    this.attach(child);

    const timer = setTimeout(() => {
      this.failInit({ kind: 'timeout' });
      this.kill();
    }, initTimeoutMs);
    try {
      await this.init.promise;
    } finally {
      clearTimeout(timer);
    }
  }

  /** `onStarted` is called once the runtime has picked the invocation up. */
  run(invocation: WorkerInvocation, onStarted?: () => void): Promise<WorkerReply> {
    if (this.exitInfo) return Promise.reject(new WorkerGone(this.exitInfo, false));
    if (this.current) return Promise.reject(new Error('worker is busy'));
    const reply = deferred<WorkerReply>();
    this.current = reply;
    this.currentStarted = false;
    this.onStarted = onStarted;
    this.sampler = setInterval(() => this.sampleMemory(), 100);
    this.sampler.unref();
    this.deliver(invocation);
    return reply.promise;
  }

  kill(): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.exitInfo) return;
    // The group is killed even after the leader exited: the function's own children may remain.
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        this.child?.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  /** Peak resident memory of the process so far, in MB (Lambda's "Max Memory Used"). */
  maxMemoryUsedMb(): number {
    this.sampleMemory();
    return Math.ceil(this.peakKb / 1024);
  }

  private sampleMemory(): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.exitInfo) return;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? /VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (kb > this.peakKb) this.peakKb = kb;
    } catch {
      // The process is gone or /proc is unavailable: keep the last figure.
    }
  }

  protected markReady(): void {
    this.init?.resolve();
  }

  /** The runtime has received the current invocation. */
  protected markStarted(): void {
    if (!this.current || this.currentStarted) return;
    this.currentStarted = true;
    const onStarted = this.onStarted;
    this.onStarted = undefined;
    onStarted?.();
  }

  /** The runtime said it is about to exit (its reply, if any, still counts). */
  protected markEnding(): void {
    this.ending = true;
  }

  protected failInit(problem: InitProblem): void {
    this.init?.reject(new InitFailure(problem));
  }

  protected complete(reply: WorkerReply): void {
    this.sampleMemory();
    clearInterval(this.sampler);
    // A reply implies the invocation was received (a runtime may not acknowledge it separately).
    this.markStarted();
    const current = this.current;
    this.current = undefined;
    current?.resolve(reply);
  }

  protected get busy(): boolean {
    return this.current !== undefined;
  }

  protected log(message: string, timestamp = Date.now()): void {
    this.spec.onLog(message, timestamp);
  }

  private captureLines(stream: Readable): void {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.log(line.replace(/\r$/, ''));
    });
    stream.on('end', () => {
      if (pending) this.log(pending);
      pending = '';
    });
  }

  private onExit(exit: ExitInfo): void {
    if (this.exitInfo) return;
    clearInterval(this.sampler);
    this.exitInfo = exit;
    this.failInit({ kind: 'platform', errorType: 'Runtime.ExitError', message: exitMessage(exit) });
    // cleanup() first: a reply the runtime gave just before exiting still counts.
    this.cleanup();
    const current = this.current;
    this.current = undefined;
    this.onStarted = undefined;
    current?.reject(new WorkerGone(exit, this.currentStarted));
    this.exitedDeferred.resolve(exit);
  }
}

function spawnErrorWords(error: NodeJS.ErrnoException): string {
  if (error.code === 'EACCES') return 'permission denied';
  if (error.code === 'ENOENT') return 'no such file or directory';
  if (error.code === 'ENOEXEC') return 'exec format error';
  return error.message;
}
