// Runs Lambda functions for the built-in endpoint.
//
//   const runner = new FunctionRunner({ context, logs, maxWorkersPerFunction?: 4 });
//   runner.invoke(fn: RunnableFunction, payload: Buffer, { requestId, tail }): Promise<InvokeOutcome>
//       runs one invocation: { payload, functionError?: 'Unhandled', logResultBase64?, executedVersion }
//       (function errors, timeouts and init failures are outcomes, not rejections)
//   runner.prepare(fn)                unpack and start a warm worker ahead of the first invoke
//   runner.invalidate(functionName)   code/configuration changed or function deleted: warm workers
//                                     finish what they are running and are not reused
//   runner.close()                    kills every worker and Runtime API server
//
// Node runtimes (nodejs18.x … 24.x) all run on this machine's Node (process.execPath); custom
// runtimes (provided.al2023, provided.al2, provided) run the zip's `bootstrap` executable. Each
// function keeps up to maxWorkersPerFunction processes warm (one invocation at a time each);
// further parallel invocations wait in order. A worker that timed out or died is replaced. A call
// with a RunnableFunction whose code or configuration differs from the running one also replaces
// the workers, so callers that forget invalidate() still get the new code.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EndpointContext } from '../../context.js';
import type { LogStore } from '../../logs/log-store.js';
import { CodeCache } from './code-cache.js';
import { FunctionPool, type PoolSettings } from './function-pool.js';
import { sdkRootDirectory } from './node-worker.js';
import type { InvokeOptions, InvokeOutcome, RunnableFunction } from './types.js';

export type { InvokeOptions, InvokeOutcome, RunnableFunction } from './types.js';

export interface FunctionRunnerOptions {
  context: EndpointContext;
  logs: LogStore;
  /** Warm processes per function, i.e. parallel invocations of one function. Default 4. */
  maxWorkersPerFunction?: number;
  /** Limit for a worker's init (loading the handler). Default 10 s, Lambda's init limit. */
  initTimeoutMs?: number;
  /** An idle worker is stopped after this long. Default 10 minutes, as LocalStack keeps containers. */
  idleTimeoutMs?: number;
  /** Told when a function's log cannot be written to disk (the invocation still runs). */
  onStorageFailure?: (error: NodeJS.ErrnoException) => void;
}

export class FunctionRunner {
  private readonly pools = new Map<string, FunctionPool>();
  private readonly retiring = new Set<FunctionPool>();
  private readonly settings: PoolSettings;
  private closed = false;

  constructor(options: FunctionRunnerOptions) {
    const homeDir = join(options.context.dataDir, 'lambda', 'runtime-home');
    mkdirSync(homeDir, { recursive: true });
    this.settings = {
      context: options.context,
      logs: options.logs,
      codeCache: new CodeCache(options.context.dataDir),
      sdkRoot: sdkRootDirectory(),
      homeDir,
      maxWorkers: Math.max(1, options.maxWorkersPerFunction ?? 4),
      initTimeoutMs: options.initTimeoutMs ?? 10_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 10 * 60_000,
      onStorageFailure: options.onStorageFailure,
    };
  }

  invoke(fn: RunnableFunction, payload: Buffer, options: InvokeOptions): Promise<InvokeOutcome> {
    if (this.closed) return Promise.reject(new Error('The function runner has been closed.'));
    return this.poolFor(fn).invoke(payload, options);
  }

  /**
   * Unpacks the code and starts a warm worker ahead of the first invocation (while the function
   * is Pending or InProgress). Never rejects: a failure is met again, and reported, by the invoke.
   */
  async prepare(fn: RunnableFunction): Promise<void> {
    if (this.closed) return;
    await this.poolFor(fn)
      .warm()
      .catch(() => undefined);
  }

  invalidate(functionName: string): void {
    this.retire(functionName);
  }

  /** Process ids of a function's live workers (current configuration), for diagnostics and tests. */
  workerPids(functionName: string): number[] {
    return this.pools.get(functionName)?.workerPids() ?? [];
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.pools.values(), ...this.retiring];
    this.pools.clear();
    this.retiring.clear();
    await Promise.all(all.map((pool) => pool.close()));
  }

  private poolFor(fn: RunnableFunction): FunctionPool {
    let pool = this.pools.get(fn.name);
    if (pool && fingerprint(pool.fn) !== fingerprint(fn)) {
      this.retire(fn.name);
      pool = undefined;
    }
    if (!pool) {
      pool = new FunctionPool(fn, this.settings);
      this.pools.set(fn.name, pool);
    }
    return pool;
  }

  private retire(functionName: string): void {
    const pool = this.pools.get(functionName);
    if (!pool) return;
    this.pools.delete(functionName);
    this.retiring.add(pool);
    pool.onFinished = () => this.retiring.delete(pool);
    pool.retire();
  }
}

/** Everything that, when changed, needs a fresh execution environment. */
function fingerprint(fn: RunnableFunction): string {
  const env = Object.entries(fn.environment ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([fn.arn, fn.runtime, fn.handler, fn.timeoutSeconds, fn.memorySizeMb, fn.codeSha256, fn.zipPath, fn.version, env]);
}
