// Connects the Lambda control plane to function execution: Invoke requests run on the
// FunctionRunner, code or configuration changes retire warm workers, and S3 notifications are
// validated against the function's resource policy and delivered through the async queue, whose
// events are kept on disk until delivered (start() replays those accepted before a restart).
import { randomUUID } from 'node:crypto';
import type { EndpointContext } from '../context.js';
import type { LogStore } from '../logs/log-store.js';
import type { S3Hooks } from '../s3/hooks.js';
import type { FunctionInvoker, FunctionRecord, LambdaService } from './service.js';
import { FunctionRunner } from './runtime/function-runner.js';
import { AsyncInvocationQueue } from './runtime/async-invocation-queue.js';
import { EventJournal } from './runtime/event-journal.js';
import { handleInvoke } from './runtime/invoke-handler.js';
import type { RunnableFunction } from './runtime/types.js';

export function runnableFrom(record: FunctionRecord): RunnableFunction {
  return {
    name: record.name,
    arn: record.arn,
    runtime: record.runtime,
    // provided* runtimes have no handler; their bootstrap still receives _HANDLER (empty).
    handler: record.handler ?? '',
    timeoutSeconds: record.timeout,
    memorySizeMb: record.memorySize,
    environment: { ...record.environment },
    codeSha256: record.codeSha256,
    zipPath: record.zipPath,
    version: '$LATEST',
  };
}

export class FunctionExecution {
  readonly runner: FunctionRunner;
  readonly queue: AsyncInvocationQueue;
  private readonly unsubscribe: () => void;

  constructor(
    context: EndpointContext,
    logs: LogStore,
    private readonly lambda: LambdaService,
    onStorageFailure?: (error: NodeJS.ErrnoException) => void,
  ) {
    this.runner = new FunctionRunner({ context, logs, onStorageFailure });
    this.queue = new AsyncInvocationQueue({
      runner: this.runner,
      // A damaged event file is set aside and told with the endpoint's other repairs.
      journal: new EventJournal(context.dataDir, context.repairs),
      // A retry after an update runs the new code; a deleted function's events are dropped.
      resolveCurrent: (fn) => {
        const current = lambda.getFunction(fn.arn);
        return current ? runnableFrom(current) : undefined;
      },
    });
    this.unsubscribe = lambda.onFunctionChanged((change) => {
      if (change.kind === 'code' || change.kind === 'configuration') this.runner.invalidate(change.record.name);
      if (change.kind === 'deleted') this.runner.invalidate(change.name);
    });
  }

  /** Runs the events accepted before this start (once the endpoint listens: functions call it back). */
  start(): void {
    this.queue.replay((functionArn) => {
      const record = this.lambda.getFunction(functionArn);
      return record ? runnableFrom(record) : undefined;
    });
  }

  /** Unpacks the code and starts a warm worker while the function is Pending or InProgress. */
  prepare(record: FunctionRecord): Promise<void> {
    return this.runner.prepare(runnableFrom(record));
  }

  /**
   * Starts an environment for every invocable function that has none, ahead of its first invoke
   * (an in-process owner about to invoke, e.g. the runner's check); resolves when they are ready
   * (never rejects). One nobody uses stops after a minute, and shows in CloudWatch Logs only once
   * used (environment.ts).
   */
  async warmInvocable(): Promise<void> {
    await Promise.all(this.lambda.invocableFunctions().map((record) => this.prepare(record)));
  }

  readonly invoker: FunctionInvoker = (record, req) => handleInvoke(this.runner, runnableFrom(record), req, this.queue);

  s3Hooks(): S3Hooks {
    return {
      validateLambdaDestination: async (functionArn, bucket) => {
        const allowed = this.lambda.getFunction(functionArn) !== undefined && this.lambda.policyAllows(functionArn, 's3.amazonaws.com', `arn:aws:s3:::${bucket}`);
        return allowed ? undefined : `Not authorized to invoke function [${functionArn}]`;
      },
      deliverEvent: (functionArn, event) => {
        const record = this.lambda.getFunction(functionArn);
        if (!record) {
          // As on AWS, an event for a function that no longer exists is lost (and logged here).
          process.stderr.write(`built-in endpoint: S3 event for missing function ${functionArn} dropped\n`);
          return;
        }
        // The object is stored already: an event that cannot be written to disk still runs.
        this.queue.enqueue(runnableFrom(record), Buffer.from(JSON.stringify(event)), randomUUID(), 'run');
      },
    };
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.queue.close();
    await this.runner.close();
  }
}
