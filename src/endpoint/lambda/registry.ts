// The functions of this endpoint, in memory and on disk, and their asynchronous state changes:
// a new function is Pending and becomes Active, an updated one is InProgress and becomes
// Successful, each after a short real delay so clients have to wait as they do on AWS. A function
// caught mid-transition by a shutdown finishes its transition after the next start.
import { randomUUID } from 'node:crypto';
import type { UploadedCode } from './code.js';
import { formatLastModified, toFunctionRecord, type FunctionRecord, type StoredFunction } from './records.js';
import type { LambdaStore } from './store.js';

export type FunctionChange =
  | { kind: 'created' | 'code' | 'configuration' | 'ready'; record: FunctionRecord }
  | { kind: 'deleted'; name: string; arn: string; region: string };

export type FunctionChangeListener = (change: FunctionChange) => void;

/** What a change does to LastUpdateStatus: start an update (InProgress) or leave it alone. */
export type ChangeKind = 'code' | 'configuration' | 'policy';

export const CREATING_REASON = 'The function is being created.';
export const CREATING_REASON_CODE = 'Creating';

const keyOf = (region: string, name: string) => `${region}\n${name}`;

export class FunctionRegistry {
  private readonly functions = new Map<string, StoredFunction>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<FunctionChangeListener>();

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

  get(region: string, name: string): StoredFunction | undefined {
    return this.functions.get(keyOf(region, name));
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
    this.scheduleTransition(fn);
    this.emit({ kind: 'created', record: this.record(fn) });
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
      this.scheduleTransition(draft);
      this.emit({ kind, record: this.record(draft) });
    }
    return draft;
  }

  delete(fn: StoredFunction): void {
    const key = keyOf(fn.region, fn.name);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
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
  }

  private scheduleTransition(fn: StoredFunction): void {
    if (fn.state === 'Failed') return;
    if (fn.state !== 'Pending' && fn.lastUpdateStatus !== 'InProgress') return;
    const key = keyOf(fn.region, fn.name);
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => this.finishTransition(key), this.transitionDelayMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  private finishTransition(key: string): void {
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
