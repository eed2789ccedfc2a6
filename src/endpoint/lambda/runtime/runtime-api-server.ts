// The Lambda Runtime API (2018-06-01) for one custom-runtime execution environment, on
// 127.0.0.1:<free port> (given to the process as AWS_LAMBDA_RUNTIME_API):
//   GET  /2018-06-01/runtime/invocation/next           long poll; the event plus Lambda-Runtime-* headers
//   POST /2018-06-01/runtime/invocation/{id}/response  202
//   POST /2018-06-01/runtime/invocation/{id}/error     202 (Lambda-Runtime-Function-Error-Type)
//   POST /2018-06-01/runtime/init/error                202
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIMITS } from './types.js';
import type { WorkerInvocation } from './worker.js';

export interface RuntimeApiEvents {
  /** The runtime asked for an invocation (the first time: its init is done). */
  onNext(): void;
  /** An invocation was handed to the runtime (it has started). */
  onDelivered(requestId: string): void;
  onResponse(requestId: string, body: Buffer): void;
  onError(requestId: string, body: Buffer, errorType: string | undefined): void;
  onInitError(body: Buffer, errorType: string | undefined): void;
}

const PREFIX = '/2018-06-01/runtime';

export class RuntimeApiServer {
  private readonly server: Server;
  private parked?: ServerResponse;
  private queued?: WorkerInvocation;
  private activeId?: string;
  private port = 0;

  constructor(private readonly events: RuntimeApiEvents) {
    this.server = createServer((req, res) => {
      void this.route(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  }

  /** host:port, for AWS_LAMBDA_RUNTIME_API. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  listen(): Promise<void> {
    return new Promise((done, fail) => {
      this.server.once('error', fail);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        done();
      });
    });
  }

  deliver(invocation: WorkerInvocation): void {
    const parked = this.parked;
    this.parked = undefined;
    if (parked && !parked.destroyed) this.send(parked, invocation);
    else this.queued = invocation;
  }

  close(): void {
    this.server.close();
    this.server.closeAllConnections();
  }

  private send(res: ServerResponse, invocation: WorkerInvocation): void {
    this.activeId = invocation.requestId;
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': invocation.payload.length,
      'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
      'Lambda-Runtime-Deadline-Ms': String(invocation.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': invocation.invokedFunctionArn,
      'Lambda-Runtime-Trace-Id': invocation.traceId,
    });
    res.end(invocation.payload);
    this.events.onDelivered(invocation.requestId);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === `${PREFIX}/invocation/next`) {
      await drain(req);
      this.events.onNext();
      const queued = this.queued;
      this.queued = undefined;
      if (queued) this.send(res, queued);
      else this.parked = res;
      return;
    }
    const errorType = headerValue(req, 'lambda-runtime-function-error-type');
    if (req.method === 'POST' && path === `${PREFIX}/init/error`) {
      const body = await readCapped(req, LIMITS.responseBytes);
      accepted(res);
      this.events.onInitError(body ?? Buffer.alloc(0), errorType);
      return;
    }
    const match = new RegExp(`^${PREFIX}/invocation/([^/]+)/(response|error)$`).exec(path);
    if (req.method === 'POST' && match) {
      const id = decodeURIComponent(match[1]);
      const body = await readCapped(req, LIMITS.responseBytes);
      if (id !== this.activeId) {
        return json(res, 400, { errorMessage: `Invalid request ID: ${id}`, errorType: 'InvalidRequestID' });
      }
      this.activeId = undefined;
      if (body === undefined) {
        json(res, 413, { errorMessage: `Exceeded maximum allowed payload size (${LIMITS.responseBytes} bytes).`, errorType: 'RequestEntityTooLarge' });
        const tooLarge = { errorMessage: `Response payload size exceeded maximum allowed payload size (${LIMITS.responseBytes} bytes).`, errorType: 'Function.ResponseSizeTooLarge' };
        this.events.onError(id, Buffer.from(JSON.stringify(tooLarge)), tooLarge.errorType);
        return;
      }
      accepted(res);
      if (match[2] === 'response') this.events.onResponse(id, body);
      else this.events.onError(id, body, errorType);
      return;
    }
    await drain(req);
    json(res, 404, { errorMessage: `Unknown Runtime API path: ${req.method} ${path}`, errorType: 'NotFound' });
  }
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function accepted(res: ServerResponse): void {
  json(res, 202, { status: 'OK' });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req) {
    // discard
  }
}

/** The whole body, or undefined when it is larger than `limit` (the rest is read and dropped). */
async function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}
