// Event (asynchronous) invocations: accepted at once, run in the background with bounded
// concurrency, in arrival order. An attempt that fails (function error, timeout, init failure) is
// retried twice, as Lambda does; AWS waits about 1 and 2 minutes, this queue 1 s and 2 s by default
// (`retryDelaysMs`) so that a learner sees the retries in minutes, not hours. Retries keep the
// request id, as on AWS. Nothing is dropped under load: every enqueued event runs.
// With a journal (event-journal.ts) every event is on disk before enqueue() returns and until its
// delivery is finished (success, or the last retry failed; a deleted function's events are
// dropped), so events accepted before a crash or a stop run after the next start (replay()): at
// least once, as on AWS. An attempt cut short by a stop runs again after the restart.
//
//   const queue = new AsyncInvocationQueue({ runner, concurrency?: 4, retryDelaysMs?: [1000, 2000],
//                                            resolveCurrent?: (fn) => current config | undefined,
//                                            journal?: EventJournal })
//   queue.enqueue(fn, payload, requestId, ifNotRecorded?)   Invoke with InvocationType Event, and S3
//       notifications. When the journal cannot be written: 'refuse' (default) throws the write's
//       error and queues nothing (the caller answers an error and the client may retry); 'run'
//       queues it in memory only (S3: the object is already stored) and says so.
//   queue.replay(lookup)                    queues what the journal holds (call once the endpoint listens)
//   await queue.drain()                     until nothing is queued, running or waiting to retry
//   queue.close()                           stop; what is waiting stays in the journal for next time
import type { EventJournal, JournalEntry } from './event-journal.js';
import type { InvokeOptions, InvokeOutcome, RunnableFunction } from './types.js';

export interface AsyncInvocationQueueOptions {
  runner: { invoke(fn: RunnableFunction, payload: Buffer, options: InvokeOptions): Promise<InvokeOutcome> };
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
  /** Keeps accepted events on disk until delivered (durability across restarts). */
  journal?: EventJournal;
  /** Where one-line notes about the journal go. Default: stderr. */
  report?: (message: string) => void;
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
  /** Its file in the journal; absent when it lives in memory only. */
  entry?: JournalEntry;
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

  enqueue(fn: RunnableFunction, payload: Buffer, requestId: string, ifNotRecorded: 'refuse' | 'run' = 'refuse'): void {
    if (this.closed) return;
    let entry: JournalEntry | undefined;
    try {
      entry = this.options.journal?.record({ functionArn: fn.arn, requestId, payload: payload.toString('utf8') });
    } catch (error) {
      if (ifNotRecorded === 'refuse') throw error;
      this.note(`an event for ${fn.name} could not be written to disk (${(error as Error).message}); it runs, but is lost if the endpoint stops first`);
    }
    this.waiting.push({ fn, payload, requestId, attempt: 1, entry });
    this.pump();
  }

  /**
   * Queues the events the journal holds from before this start, in arrival order. `lookup` gives
   * the function an event was sent to, as it is now; events of deleted functions are dropped.
   */
  replay(lookup: (functionArn: string) => RunnableFunction | undefined): number {
    const journal = this.options.journal;
    if (!journal || this.closed) return 0;
    let queued = 0;
    for (const entry of journal.loadAll()) {
      const fn = lookup(entry.functionArn);
      if (!fn) {
        journal.remove(entry);
        this.note(`an event accepted before the restart was dropped: function ${entry.functionArn} no longer exists`);
        continue;
      }
      this.waiting.push({ fn, payload: Buffer.from(entry.payload, 'utf8'), requestId: entry.requestId, attempt: entry.attempt, entry });
      queued++;
    }
    this.pump();
    return queued;
  }

  /** Resolves when nothing is queued, running or scheduled for a retry. */
  drain(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((done) => this.drainWaiters.push(done));
  }

  /** Stops running events; those not finished stay in the journal and run after the next start. */
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
        this.finish(event);
        this.options.onAttempt?.({ functionName: event.fn.name, requestId: event.requestId, attempt: event.attempt, final: true });
        return;
      }
      event.fn = fn;
      outcome = await this.options.runner.invoke(fn, event.payload, { requestId: event.requestId, tail: false, event: true });
    } catch (caught) {
      // The runner refused (it is shutting down, or a bug): nothing more can be done for it now.
      error = caught instanceof Error ? caught : new Error(String(caught));
    }
    // Cut short by a stop: it stays in the journal and runs again after the next start.
    if (this.closed) return;
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
    if (retryIn === undefined) {
      this.finish(event);
      return;
    }
    const next: QueuedEvent = { ...event, attempt: event.attempt + 1 };
    if (next.entry) {
      next.entry = { ...next.entry, attempt: next.attempt };
      this.keepRecorded(next.entry);
    }
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.waiting.push(next);
      this.pump();
      this.settle();
    }, retryIn);
    timer.unref();
    this.retryTimers.add(timer);
  }

  /** Delivery is over (delivered, retries exhausted, or nowhere to deliver): forget it on disk. */
  private finish(event: QueuedEvent): void {
    if (!event.entry) return;
    try {
      this.options.journal?.remove(event.entry);
    } catch (error) {
      this.note(`a delivered event could not be removed from disk (${(error as Error).message}); it may run again after a restart`);
    }
  }

  /** Records the next attempt's number; on failure the event goes on in memory. */
  private keepRecorded(entry: JournalEntry): void {
    try {
      this.options.journal?.update(entry);
    } catch (error) {
      this.note(`an event's retry could not be written to disk (${(error as Error).message}); a restart would run it from an earlier attempt`);
    }
  }

  private note(message: string): void {
    (this.options.report ?? ((text: string) => process.stderr.write(`built-in endpoint: ${text}\n`)))(message);
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
