// An execution environment for the custom runtimes (provided.al2023, provided.al2, provided): the
// zip's `bootstrap` runs with AWS_LAMBDA_RUNTIME_API pointing at a Runtime API served for it alone.
// Its stdout and stderr are the function's log.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { RuntimeApiServer } from './runtime-api-server.js';
import { InitFailure, ProcessWorker, type ProcessSpec, type WorkerInvocation, type WorkerReply } from './worker.js';

export interface ProvidedWorkerSpec {
  taskRoot: string;
  env: Record<string, string>;
  onLog: ProcessSpec['onLog'];
}

/**
 * Output the bootstrap writes just before posting its response (echo, then curl) can reach us a
 * moment after the response: the reply is held until the runtime asks for its next invocation,
 * or this long at most, so that output lands in the right invocation's log.
 */
const REPLY_SETTLE_MS = 50;

export class ProvidedWorker extends ProcessWorker {
  private readonly api: RuntimeApiServer;
  private held?: { reply: WorkerReply; timer: NodeJS.Timeout };

  constructor(private readonly provided: ProvidedWorkerSpec) {
    super({ command: join(provided.taskRoot, 'bootstrap'), args: [], cwd: provided.taskRoot, env: provided.env, onLog: provided.onLog });
    this.api = new RuntimeApiServer({
      onNext: () => {
        this.releaseHeld();
        this.markReady();
      },
      onDelivered: () => this.markStarted(),
      onResponse: (_id, body) => this.hold({ ok: true, payload: body }),
      onError: (_id, body, errorType) => this.hold(errorReply(body, errorType)),
      onInitError: (body, errorType) => {
        const reply = errorReply(body, errorType);
        this.failInit({ kind: 'reported', errorType: reply.ok ? 'Runtime.Unknown' : reply.errorType, payload: reply.payload });
      },
    });
  }

  protected override async beforeSpawn(): Promise<void> {
    if (!existsSync(this.spec.command)) {
      throw new InitFailure({
        kind: 'platform',
        errorType: 'Runtime.InvalidEntrypoint',
        message: `Couldn't find valid bootstrap(s): [${this.spec.command} /opt/bootstrap]`,
      });
    }
    await this.api.listen();
    this.spec.env.AWS_LAMBDA_RUNTIME_API = this.api.address;
  }

  protected attach(_child: ChildProcess): void {
    // Everything goes through the Runtime API server, set up in beforeSpawn().
  }

  protected deliver(invocation: WorkerInvocation): void {
    this.api.deliver(invocation);
  }

  protected override cleanup(): void {
    this.releaseHeld();
    this.api.close();
  }

  private hold(reply: WorkerReply): void {
    this.releaseHeld();
    this.held = { reply, timer: setTimeout(() => this.releaseHeld(), REPLY_SETTLE_MS) };
  }

  private releaseHeld(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    clearTimeout(held.timer);
    this.complete(held.reply);
  }
}

/** The runtime's error document when it sent JSON; else one built from the header and the text. */
function errorReply(body: Buffer, headerType: string | undefined): WorkerReply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const type = (parsed as { errorType?: unknown }).errorType;
    return { ok: false, payload: body, errorType: typeof type === 'string' ? type : (headerType ?? 'Unhandled') };
  }
  const errorType = headerType ?? 'Runtime.Unknown';
  return { ok: false, errorType, payload: Buffer.from(JSON.stringify({ errorType, errorMessage: body.toString('utf8') })) };
}
