// The execution environments of one function configuration: warm workers reused between
// invocations, more started (up to a bound) for parallel invocations, the rest queued in order.
// A worker that timed out or died is dropped and a new one starts for the next invocation.
// A retired pool (code or configuration changed) finishes what it already accepted, then ends.
// warm() starts one environment ahead of any invocation (while the function is Pending). An Event
// invocation that finds every worker busy waits up to about one cold start's time for one to be
// free before another is started: a function whose own output fires its next event (the lesson's
// processed/ copy) is then served by the warm worker instead of a second cold one.
// Running one invocation and its log lines: environment.ts.
import { logGroupFor } from './invocation-log.js';
import { Environment, type EnvironmentSettings } from './environment.js';
import { toInitProblem } from './worker-factory.js';
import type { InvokeOptions, InvokeOutcome, RunnableFunction } from './types.js';

export interface PoolSettings extends EnvironmentSettings {
  maxWorkers: number;
  idleTimeoutMs: number;
}

interface Pending {
  payload: Buffer;
  options: InvokeOptions;
  /** performance.now() when it was queued. */
  queuedAt: number;
  /** Given once more to a fresh worker because the first one died before receiving it. */
  redelivered?: boolean;
  resolve(outcome: InvokeOutcome): void;
  reject(error: Error): void;
}

/** Bounds on how long an Event invocation waits for a busy worker (about one cold start). */
const DEFAULT_PATIENCE_MS = 300;
const MIN_PATIENCE_MS = 50;
const MAX_PATIENCE_MS = 2000;
/** A warm() environment no invocation used is stopped after this long. */
const UNUSED_IDLE_TIMEOUT_MS = 60_000;

export class FunctionPool {
  private readonly environments = new Set<Environment>();
  private idle: Environment[] = [];
  private readonly queue: Pending[] = [];
  private starting = 0;
  private retired = false;
  private closed = false;
  private readonly group: string;
  /** How long this function's last environment took to start: what waiting for a busy one may cost. */
  private lastInitMs?: number;
  private patienceTimer?: NodeJS.Timeout;
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
      this.queue.push({ payload, options, queuedAt: performance.now(), resolve, reject });
      this.pump();
    });
  }

  /**
   * Starts an environment before any invocation asks for one (unpacking the code, loading the
   * handler), unless one exists already. Resolves when it is ready or has failed (an init error is
   * reported by the invocation that meets it, as on Lambda).
   */
  async warm(): Promise<void> {
    if (this.closed || this.retired || this.environments.size > 0) return;
    await this.startEnvironment();
  }

  /** Code or configuration changed: finish what was accepted, keep no worker warm. */
  retire(): void {
    this.retired = true;
    this.pump();
  }

  /** Ends every worker now; queued invocations are refused. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.patienceTimer);
    for (const pending of this.queue.splice(0)) pending.reject(new Error('The function runner has been closed.'));
    const exits: Promise<unknown>[] = [];
    for (const env of this.environments) {
      env.gone = true; // one still starting stops before it spawns
      clearTimeout(env.idleTimer);
      env.worker?.kill();
      if (env.worker) exits.push(env.worker.exited);
    }
    // Bounded: a process that ignores SIGKILL (it cannot) must not hang shutdown.
    await Promise.race([Promise.all(exits), new Promise((done) => setTimeout(done, 3000).unref())]);
  }

  /** Process ids of the live workers (for diagnostics and tests). */
  workerPids(): number[] {
    return [...this.environments].filter((s) => !s.gone && s.worker?.pid !== undefined).map((s) => s.worker!.pid!);
  }

  private pump(): void {
    if (this.closed) return;
    while (this.queue.length > 0 && this.idle.length > 0) {
      // Most recently used first: it is the warmest.
      const env = this.idle.pop()!;
      clearTimeout(env.idleTimer);
      // Exiting after an uncaught exception: its exit is noted when it comes (onWorkerExit).
      if (!env.worker?.reusable) continue;
      const pending = this.queue.shift()!;
      this.runOn(env, pending).catch((error: unknown) => {
        // A bug, not a function failure: don't leave the caller waiting, don't reuse the worker.
        this.drop(env);
        pending.reject(error instanceof Error ? error : new Error(String(error)));
        this.pump();
      });
    }
    if (this.retired && this.queue.length === 0) {
      for (const env of this.idle.splice(0)) this.drop(env);
    }
    let wanted = this.invocationsWantingNewWorkers() - this.starting;
    while (wanted > 0 && this.environments.size < this.settings.maxWorkers) {
      void this.startEnvironment();
      wanted--;
    }
    if (this.retired && this.environments.size === 0 && this.queue.length === 0) this.onFinished?.();
  }

  /**
   * Queued invocations that justify starting a worker: all of them, except Event invocations
   * while a worker is busy and they have not yet waited about one cold start's time (a timer
   * comes back for them).
   */
  private invocationsWantingNewWorkers(): number {
    const busy = this.environments.size - this.starting - this.idle.length;
    if (busy <= 0) return this.queue.length;
    const patienceMs = Math.min(MAX_PATIENCE_MS, Math.max(MIN_PATIENCE_MS, this.lastInitMs ?? DEFAULT_PATIENCE_MS));
    const now = performance.now();
    let wanting = 0;
    let nextCheck = Number.POSITIVE_INFINITY;
    for (const pending of this.queue) {
      const waited = now - pending.queuedAt;
      if (!pending.options.event || waited >= patienceMs) wanting++;
      else nextCheck = Math.min(nextCheck, patienceMs - waited);
    }
    clearTimeout(this.patienceTimer);
    if (nextCheck !== Number.POSITIVE_INFINITY) {
      this.patienceTimer = setTimeout(() => this.pump(), Math.ceil(nextCheck));
      this.patienceTimer.unref();
    }
    return wanting;
  }

  private async startEnvironment(): Promise<void> {
    const env = new Environment(this.fn, this.group, this.settings);
    this.environments.add(env);
    this.starting++;
    const began = performance.now();
    try {
      await env.start(() => this.onWorkerExit(env));
      this.lastInitMs = env.initDurationMs;
      this.starting--;
      this.makeIdle(env);
    } catch (error) {
      this.starting--;
      env.worker?.kill();
      this.forget(env);
      // The invocation that waited for this environment gets its init failure, as on Lambda.
      const pending = this.closed ? undefined : this.queue.shift();
      if (pending) pending.resolve(env.failInit(pending.options, toInitProblem(error), performance.now() - began));
      this.pump();
    }
  }

  private async runOn(env: Environment, pending: Pending): Promise<void> {
    const result = await env.run(pending.payload, pending.options, !pending.redelivered);
    if (env.gone) this.forget(env);
    if (result.kind === 'not-received') {
      // Its worker died before receiving it (an uncaught exception between invocations): it never
      // ran, so a fresh worker gets it, once.
      pending.redelivered = true;
      this.queue.unshift(pending);
      this.pump();
      return;
    }
    pending.resolve(result.answer);
    this.makeIdle(env);
  }

  private makeIdle(env: Environment): void {
    if (env.gone || !env.worker?.reusable || this.closed) {
      // A runtime that reported an uncaught exception is exiting: the next invocation gets a fresh one.
      this.drop(env);
      this.pump();
      return;
    }
    if (this.retired && this.queue.length === 0) {
      this.drop(env);
      this.pump();
      return;
    }
    this.idle.push(env);
    // An environment started ahead (warm()) that nobody used does not stay long.
    const idleFor = env.hasRun ? this.settings.idleTimeoutMs : Math.min(this.settings.idleTimeoutMs, UNUSED_IDLE_TIMEOUT_MS);
    env.idleTimer = setTimeout(() => {
      this.idle = this.idle.filter((s) => s !== env);
      this.drop(env);
      this.pump();
    }, idleFor);
    env.idleTimer.unref();
    this.pump();
  }

  private onWorkerExit(env: Environment): void {
    if (env.gone) return;
    const exit = env.worker?.exit;
    if (exit && env.ready && !env.busy) env.noteExitBetweenInvocations(exit);
    this.forget(env);
    this.pump();
  }

  private drop(env: Environment): void {
    env.worker?.kill();
    this.forget(env);
  }

  private forget(env: Environment): void {
    env.gone = true;
    clearTimeout(env.idleTimer);
    this.environments.delete(env);
    this.idle = this.idle.filter((s) => s !== env);
  }
}
