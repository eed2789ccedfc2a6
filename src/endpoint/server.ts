// The built-in endpoint's HTTP server: one port for every service, like LocalStack's edge port.
// It reads each request whole, routes it to a service, and writes the service's answer.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { EndpointRequest, EndpointResponse } from './http.js';
import { detectService, requestRegion, type ServiceName } from './router.js';
import { handleHealth } from './health.js';
import { ACCOUNT_ID, DEFAULT_REGION, type EndpointContext } from './context.js';
import { createServices, type Services } from './services.js';
import { ensureWritableDataDir } from './store/writable.js';
import type { EndpointEvents } from './events.js';
import { RUNNER_VERSION } from '../version.js';

/** Largest request body read into memory: Lambda's request limit is ~70 MB, S3 PUTs above this should be multipart. */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

export interface EndpointOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Called after each request, for the foreground `endpoint` command's log. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  service: ServiceName;
  operation?: string;
  status: number;
  durationMs: number;
}

export interface RunningEndpoint {
  url: string;
  host: string;
  port: number;
  dataDir: string;
  /** State changes as they happen (function ready, object created…), for in-process waits: see events.ts. */
  events: EndpointEvents;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`Port ${port} on ${host} is already in use.`);
    this.name = 'PortInUseError';
  }
}

export async function startEndpoint(options: EndpointOptions): Promise<RunningEndpoint> {
  const host = options.host ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir);
  ensureWritableDataDir(dataDir);
  const context: EndpointContext = { dataDir, accountId: ACCOUNT_ID, defaultRegion: DEFAULT_REGION, url: '' };
  const services = await createServices(context);
  const used = new Set<ServiceName>();
  const startedAt = new Date();

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      // Last resort: a bug in a handler. Answer 500 rather than leave the client hanging.
      process.stderr.write(`built-in endpoint: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('InternalError');
    });
  });
  // Clients keep connections alive between calls; don't let idle sockets delay close().
  server.keepAliveTimeout = 5000;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const began = performance.now();
    const body = await readBody(req);
    const request = toEndpointRequest(req, body);
    if (body === undefined) {
      return writeResponse(res, { status: 413, body: 'Request body too large' });
    }
    const service = detectService(request);
    let response: EndpointResponse;
    if (service === 'health') {
      response = handleHealth(request, {
        startedAt,
        runnerVersion: RUNNER_VERSION,
        serviceStates: () => Object.fromEntries(services.names.map((n) => [n, used.has(n) ? 'running' : 'available'])),
      });
    } else {
      used.add(service);
      response = await services.byName[service].handle(request, requestRegion(request, DEFAULT_REGION));
    }
    await writeResponse(res, response);
    options.onRequest?.({
      method: request.method,
      path: request.rawPath,
      service,
      operation: response.operation,
      status: response.status,
      durationMs: performance.now() - began,
    });
  }

  const port = await listen(server, host, options.port ?? 4566);
  // Functions reach the endpoint through this URL: always an IP literal so SDKs use path-style.
  const reachableHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  context.url = `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${port}`;
  services.start();

  return {
    url: context.url,
    host,
    port,
    dataDir,
    events: services.events,
    close: () => closeEndpoint(server, services),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolvePort((server.address() as AddressInfo).port);
    });
  });
}

async function closeEndpoint(server: Server, services: Services): Promise<void> {
  await services.close();
  await new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

/** Reads the whole body; `undefined` when it exceeds MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    if (!tooLarge) chunks.push(chunk as Buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}

function toEndpointRequest(req: IncomingMessage, body: Buffer | undefined): EndpointRequest {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const hostHeader = req.headers.host ?? '';
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    rawPath: rawPath || '/',
    query: new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1)),
    headers: req.headers,
    hostname: hostHeader.replace(/:\d+$/, '').toLowerCase(),
    body: body ?? Buffer.alloc(0),
    requestId: randomUUID(),
  };
}

async function writeResponse(res: ServerResponse, response: EndpointResponse): Promise<void> {
  const headers: Record<string, string | number | string[]> = { ...(response.headers ?? {}) };
  const body = response.body;
  if (body instanceof Readable) {
    res.writeHead(response.status, headers);
    await new Promise<void>((done, fail) => {
      body.once('error', fail);
      res.once('finish', done);
      res.once('close', done);
      body.pipe(res);
    });
    return;
  }
  const bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  if (!hasHeader(headers, 'content-length')) headers['content-length'] = bytes.length;
  res.writeHead(response.status, headers);
  res.end(bytes);
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}
