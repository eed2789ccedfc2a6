// Event (asynchronous) invocations: accepted at once, run in the background with bounded
// concurrency, in arrival order. An attempt that fails (function error, timeout, init failure) is
// retried twice, as Lambda does; AWS waits about 1 and 2 minutes, this queue 1 s and 2 s by default
// (`retryDelaysMs`) so that a learner sees the retries in minutes, not hours. Retries keep the
// request id, as on AWS. Nothing is dropped under load: every enqueued event runs. The queue lives
// in memory: events still waiting when the endpoint stops are not run after a restart.
//
//   const queue = new AsyncInvocationQueue({ runner, concurrency?: 4, retryDelaysMs?: [1000, 2000],
//                                            resolveCurrent?: (fn) => current config | undefined })
//   queue.enqueue(fn, payload, requestId)   Invoke with InvocationType Event, and S3 notifications
//   await queue.drain()                     until nothing is queued, running or waiting to retry
//   queue.close()                           forget what is waiting (shutdown)
import type { InvokeOutcome, RunnableFunction } from './types.js';

export interface AsyncInvocationQueueOptions {
  runner: { invoke(fn: RunnableFunction, payload: Buffer, options: { requestId: string; tail: boolean }): Promise<InvokeOutcome> };
  /** Event invocations running at once, across functions. Default 4. */
  concurrency?: number;
  /** Wait before each retry; its length is the number of retries. Default [1000, 2000]. */
  retryDelaysMs?: number[];
  /**
   * The function as it is when an attempt starts: it may have been updated (new code) or deleted
   * (undefined: the event is dropped) since it was queued. Default: the function as enqueued.
   */
  resolveCurrent?: (fn: RunnableFunction) => RunnableFunction | undefined | Promise<RunnableFunction | undefined>;
  /** Told about every finished attempt (for diagnostics). */
  onAttempt?: (report: AttemptReport) => void;
}

export interface AttemptReport {
  functionName: string;
  requestId: string;
  attempt: number;
  outcome?: InvokeOutcome;
  error?: Error;
  /** No more attempts will be made for this event. */
  final: boolean;
}

interface QueuedEvent {
  fn: RunnableFunction;
  payload: Buffer;
  requestId: string;
  attempt: number;
}

export class AsyncInvocationQueue {
  private readonly waiting: QueuedEvent[] = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private running = 0;
  private closed = false;
  private drainWaiters: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly retryDelaysMs: number[];

  constructor(private readonly options: AsyncInvocationQueueOptions) {
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.retryDelaysMs = options.retryDelaysMs ?? [1000, 2000];
  }

  enqueue(fn: RunnableFunction, payload: Buffer, requestId: string): void {
    if (this.closed) return;
    this.waiting.push({ fn, payload, requestId, attempt: 1 });
    this.pump();
  }

  /** Resolves when nothing is queued, running or scheduled for a retry. */
  drain(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((done) => this.drainWaiters.push(done));
  }

  close(): void {
    this.closed = true;
    this.waiting.length = 0;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.settle();
  }

  /** Counts, for diagnostics. */
  get pending(): { queued: number; running: number; retrying: number } {
    return { queued: this.waiting.length, running: this.running, retrying: this.retryTimers.size };
  }

  private pump(): void {
    while (!this.closed && this.running < this.concurrency && this.waiting.length > 0) {
      const event = this.waiting.shift()!;
      this.running++;
      void this.attempt(event).finally(() => {
        this.running--;
        this.pump();
        this.settle();
      });
    }
  }

  private async attempt(event: QueuedEvent): Promise<void> {
    let outcome: InvokeOutcome | undefined;
    let error: Error | undefined;
    try {
      const fn = this.options.resolveCurrent ? await this.options.resolveCurrent(event.fn) : event.fn;
      if (!fn) {
        this.options.onAttempt?.({ functionName: event.fn.name, requestId: event.requestId, attempt: event.attempt, final: true });
        return;
      }
      event.fn = fn;
      outcome = await this.options.runner.invoke(fn, event.payload, { requestId: event.requestId, tail: false });
    } catch (caught) {
      // The runner refused (it is shutting down): nothing more can be done for this event.
      error = caught instanceof Error ? caught : new Error(String(caught));
    }
    const failed = outcome?.functionError !== undefined;
    const retryIn = failed ? this.retryDelaysMs[event.attempt - 1] : undefined;
    this.options.onAttempt?.({
      functionName: event.fn.name,
      requestId: event.requestId,
      attempt: event.attempt,
      outcome,
      error,
      final: retryIn === undefined,
    });
    if (retryIn !== undefined && !this.closed) {
      const timer = setTimeout(() => {
        this.retryTimers.delete(timer);
        this.waiting.push({ ...event, attempt: event.attempt + 1 });
        this.pump();
        this.settle();
      }, retryIn);
      timer.unref();
      this.retryTimers.add(timer);
    }
  }

  private idle(): boolean {
    return this.waiting.length === 0 && this.running === 0 && this.retryTimers.size === 0;
  }

  private settle(): void {
    if (!this.idle()) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const done of waiters) done();
  }
}
