// An execution environment for the nodejs*.x runtimes: this machine's Node runs
// bootstrap/node-bootstrap.cjs, which loads the handler and talks to the runner over two private
// pipes (fd 3 in, fd 4 out; see that file for the messages). Logs and results share fd 4, so a
// function's console output is always attributed to the invocation that produced it.
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { codePath } from '../../../package-root.js';
import type { Readable, Writable } from 'node:stream';
import { ProcessWorker, type ProcessSpec, type WorkerInvocation } from './worker.js';
import type { LambdaErrorBody } from './types.js';

/** Where the plain-JS bootstrap lives (the build copies it to the same place under dist/). */
export const BOOTSTRAP_DIR = codePath('endpoint', 'lambda', 'runtime', 'bootstrap');
const NODE_BOOTSTRAP = join(BOOTSTRAP_DIR, 'node-bootstrap.cjs');

/**
 * A directory whose node_modules holds the runner's @aws-sdk packages, so functions can import
 * them unbundled as on the real Node.js runtimes.
 */
export function sdkRootDirectory(): string {
  const entry = createRequire(import.meta.url).resolve('@aws-sdk/client-s3');
  const at = entry.lastIndexOf(`${sep}node_modules${sep}@aws-sdk${sep}`);
  return at === -1 ? dirname(entry) : entry.slice(0, at);
}

/** V8 heap limits for a function's MemorySize: most of it for the old generation, as Lambda does. */
export function memoryFlags(memorySizeMb: number): string[] {
  const semiSpace = Math.max(1, Math.floor(memorySizeMb / 40));
  const oldSpace = Math.max(16, Math.floor(memorySizeMb * 0.85));
  return [`--max-semi-space-size=${semiSpace}`, `--max-old-space-size=${oldSpace}`];
}

type WorkerMessage =
  | { t: 'log'; time: number; message: string }
  | { t: 'ready' }
  | { t: 'init-error'; error: LambdaErrorBody }
  | { t: 'started'; id: string }
  | { t: 'response'; id: string; body: string }
  | { t: 'error'; id: string; error: LambdaErrorBody; fatal?: boolean }
  | { t: 'fatal' };

export interface NodeWorkerSpec {
  cwd: string;
  env: Record<string, string>;
  memorySizeMb: number;
  sdkRoot: string;
  /** Node permission-model flags confining the process (node-permissions.ts); none when unsupported. */
  permissionFlags?: string[];
  onLog: ProcessSpec['onLog'];
}

export class NodeWorker extends ProcessWorker {
  private toWorker?: Writable;

  constructor(spec: NodeWorkerSpec) {
    super({
      command: process.execPath,
      args: [...(spec.permissionFlags ?? []), ...memoryFlags(spec.memorySizeMb), NODE_BOOTSTRAP, spec.sdkRoot],
      cwd: spec.cwd,
      env: spec.env,
      onLog: spec.onLog,
    });
  }

  protected override extraStdio(): StdioOptions {
    return ['pipe', 'pipe'];
  }

  protected attach(child: ChildProcess): void {
    this.toWorker = child.stdio[3] as Writable;
    // The worker may be gone when we write: the exit handling reports that, not an 'error' crash.
    this.toWorker.on('error', () => undefined);
    const fromWorker = child.stdio[4] as Readable;
    fromWorker.setEncoding('utf8');
    // A large reply arrives in many chunks: keep them apart until its newline comes (joining and
    // splitting the whole line at every chunk made a 6 MB reply take seconds).
    let partial: string[] = [];
    fromWorker.on('data', (chunk: string) => {
      const end = chunk.lastIndexOf('\n');
      if (end === -1) {
        partial.push(chunk);
        return;
      }
      const complete = partial.join('') + chunk.slice(0, end);
      partial = end + 1 < chunk.length ? [chunk.slice(end + 1)] : [];
      for (const line of complete.split('\n')) if (line) this.onMessage(JSON.parse(line) as WorkerMessage);
    });
  }

  protected deliver(invocation: WorkerInvocation): void {
    this.toWorker?.write(
      `${JSON.stringify({
        t: 'invoke',
        id: invocation.requestId,
        body: invocation.payload.toString('utf8'),
        deadlineMs: invocation.deadlineMs,
        arn: invocation.invokedFunctionArn,
        traceId: invocation.traceId,
      })}\n`,
    );
  }

  private onMessage(message: WorkerMessage): void {
    switch (message.t) {
      case 'log':
        this.log(message.message, message.time);
        break;
      case 'ready':
        this.markReady();
        break;
      case 'init-error':
        this.failInit({ kind: 'reported', errorType: message.error.errorType, payload: Buffer.from(JSON.stringify(message.error)) });
        break;
      case 'started':
        this.markStarted();
        break;
      case 'response':
        this.complete({ ok: true, payload: Buffer.from(message.body, 'utf8') });
        break;
      case 'error':
        if (message.fatal) this.markEnding();
        this.complete({ ok: false, errorType: message.error.errorType, payload: Buffer.from(JSON.stringify(message.error)) });
        break;
      case 'fatal':
        this.markEnding();
        break;
    }
  }
}
