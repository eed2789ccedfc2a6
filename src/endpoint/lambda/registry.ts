// The functions of this endpoint, in memory and on disk, and their asynchronous state changes:
// a new function is Pending and becomes Active, an updated one is InProgress and becomes
// Successful, as on AWS. The transition lasts while the function is being prepared (the preparer:
// its code unpacked and a worker started, at most PREPARE_LIMIT_MS) and at least
// transitionDelayMs, so that a client that looks at once sees Pending and has to wait as on AWS.
// A function caught mid-transition by a shutdown finishes its transition after the next start.
import { randomUUID } from 'node:crypto';
import type { UploadedCode } from './code.js';
import { formatLastModified, toFunctionRecord, type FunctionRecord, type StoredFunction } from './records.js';
import type { LambdaStore } from './store.js';

export type FunctionChange =
  | { kind: 'created' | 'code' | 'configuration' | 'ready'; record: FunctionRecord }
  | { kind: 'deleted'; name: string; arn: string; region: string };

export type FunctionChangeListener = (change: FunctionChange) => void;

/** Gets a function ready to run (during Pending/InProgress). Resolves when done; never rejects. */
export type FunctionPreparer = (record: FunctionRecord) => Promise<void>;

/** Preparation longer than this does not hold the function in Pending (the invoke waits instead). */
export const PREPARE_LIMIT_MS = 5000;

/** What a change does to LastUpdateStatus: start an update (InProgress) or leave it alone. */
export type ChangeKind = 'code' | 'configuration' | 'policy';

export const CREATING_REASON = 'The function is being created.';
export const CREATING_REASON_CODE = 'Creating';

const keyOf = (region: string, name: string) => `${region}\n${name}`;

export class FunctionRegistry {
  private readonly functions = new Map<string, StoredFunction>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The transition in progress per function: a newer one makes an older one's completion moot. */
  private readonly transitions = new Map<string, symbol>();
  private readonly listeners = new Set<FunctionChangeListener>();
  private preparer?: FunctionPreparer;

  constructor(
    private readonly store: LambdaStore,
    private readonly account: string,
    private readonly transitionDelayMs: number,
  ) {
    for (const fn of store.loadAll()) {
      if (!store.hasCode(fn.code.sha256Hex)) {
        // Not persisted: if the file comes back (restored backup), the next start is healthy again.
        fn.state = 'Failed';
        fn.stateReasonCode = 'InternalError';
        fn.stateReason = `The function's code package is missing from the endpoint's data dir (${store.codePath(fn.code.sha256Hex)}).`;
      }
      this.functions.set(keyOf(fn.region, fn.name), fn);
      this.scheduleTransition(fn);
    }
    store.pruneCode(this.codeInUse());
  }

  /** Who prepares a function during its transition (function execution); none: the delay alone. */
  setPreparer(preparer: FunctionPreparer | undefined): void {
    this.preparer = preparer;
  }

  get(region: string, name: string): StoredFunction | undefined {
    return this.functions.get(keyOf(region, name));
  }

  all(): StoredFunction[] {
    return [...this.functions.values()];
  }

  list(region: string): StoredFunction[] {
    return [...this.functions.values()].filter((f) => f.region === region).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  record(fn: StoredFunction): FunctionRecord {
    return toFunctionRecord(fn, this.account, this.store.codePath(fn.code.sha256Hex));
  }

  /** Stores a new function (Pending) and its code; the caller has checked the name is free. */
  create(fn: StoredFunction, code: UploadedCode): StoredFunction {
    this.store.writeCode(code.sha256Hex, code.bytes);
    this.store.save(fn);
    this.functions.set(keyOf(fn.region, fn.name), fn);
    // Listeners first (they retire what the old configuration left), then preparation starts.
    this.emit({ kind: 'created', record: this.record(fn) });
    this.scheduleTransition(fn);
    return fn;
  }

  /**
   * Applies a change to a copy, gives it a new RevisionId, persists it, then publishes it. Code and
   * configuration changes start an update (LastUpdateStatus InProgress) and notify listeners.
   */
  change(fn: StoredFunction, kind: ChangeKind, mutate: (draft: StoredFunction) => void, code?: UploadedCode): StoredFunction {
    const draft = structuredClone(fn);
    mutate(draft);
    draft.revisionId = randomUUID();
    if (kind !== 'policy') {
      draft.lastModified = formatLastModified(new Date());
      draft.lastUpdateStatus = 'InProgress';
      draft.lastUpdateStatusReason = CREATING_REASON;
      draft.lastUpdateStatusReasonCode = CREATING_REASON_CODE;
    }
    if (code) this.store.writeCode(code.sha256Hex, code.bytes);
    this.store.save(draft);
    this.functions.set(keyOf(draft.region, draft.name), draft);
    if (code && code.sha256Hex !== fn.code.sha256Hex) this.store.pruneCode(this.codeInUse());
    if (kind !== 'policy') {
      this.emit({ kind, record: this.record(draft) });
      this.scheduleTransition(draft);
    }
    return draft;
  }

  delete(fn: StoredFunction): void {
    const key = keyOf(fn.region, fn.name);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.transitions.delete(key);
    this.store.remove(fn.region, fn.name);
    this.functions.delete(key);
    this.store.pruneCode(this.codeInUse());
    const record = this.record(fn);
    this.emit({ kind: 'deleted', name: fn.name, arn: record.arn, region: fn.region });
  }

  onChange(listener: FunctionChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops pending transitions; the files keep Pending/InProgress, which the next start resumes. */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.transitions.clear();
  }

  private scheduleTransition(fn: StoredFunction): void {
    if (fn.state === 'Failed') return;
    if (fn.state !== 'Pending' && fn.lastUpdateStatus !== 'InProgress') return;
    const key = keyOf(fn.region, fn.name);
    clearTimeout(this.timers.get(key));
    const transition = Symbol(fn.revisionId);
    this.transitions.set(key, transition);
    const minimum = new Promise<void>((done) => {
      const timer = setTimeout(done, this.transitionDelayMs);
      timer.unref();
      this.timers.set(key, timer);
    });
    const prepared = this.preparer ? withLimit(this.preparer(this.record(fn)), PREPARE_LIMIT_MS) : Promise.resolve();
    void Promise.all([minimum, prepared]).then(() => {
      if (this.transitions.get(key) !== transition) return;
      this.transitions.delete(key);
      this.finishTransition(key);
    });
  }

  private finishTransition(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const fn = this.functions.get(key);
    if (!fn || fn.state === 'Failed' || (fn.state !== 'Pending' && fn.lastUpdateStatus !== 'InProgress')) return;
    const done = structuredClone(fn);
    if (done.state === 'Pending') done.state = 'Active';
    delete done.stateReason;
    delete done.stateReasonCode;
    done.lastUpdateStatus = 'Successful';
    delete done.lastUpdateStatusReason;
    delete done.lastUpdateStatusReasonCode;
    done.revisionId = randomUUID();
    try {
      this.store.save(done);
    } catch (error) {
      // Disk trouble: keep the old state (clients keep waiting) rather than lose the write.
      process.stderr.write(`built-in endpoint: could not save function ${fn.name}: ${(error as Error).message}\n`);
      return;
    }
    this.functions.set(key, done);
    this.emit({ kind: 'ready', record: this.record(done) });
  }

  private codeInUse(): Set<string> {
    return new Set([...this.functions.values()].map((f) => f.code.sha256Hex));
  }

  private emit(change: FunctionChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        process.stderr.write(`built-in endpoint: a function-change listener failed: ${(error as Error).message}\n`);
      }
    }
  }
}

/** Resolves when `work` settles or after `limitMs`, whichever comes first; never rejects. */
function withLimit(work: Promise<void>, limitMs: number): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, limitMs);
    timer.unref();
    work.then(
      () => done(),
      () => done(),
    ).finally(() => clearTimeout(timer));
  });
}
