// The built-in endpoint's HTTP server: one port for every service, like LocalStack's edge port.
// It reads each request whole (S3 uploads excepted: their handler streams the body to disk),
// routes it to a service, and writes the service's answer.
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
import type { Text } from '../i18n/text.js';
import { allowedOriginHeaders, createRequestGuard } from './guard/guard.js';
import { StateRepairs, type StateRepair } from './store/repairs.js';

/** Largest request body read into memory (Lambda's request limit is ~70 MB); S3 uploads stream to disk instead. */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

export interface EndpointOptions {
  dataDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Called after each request, for the foreground `endpoint` command's log. */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Host names served besides loopback names, IP literals and the bound address (`--allow-host`). */
  allowedHosts?: readonly string[];
  /** Web page origins that may use every API, not only S3 objects (`--allow-origin`). */
  allowedOrigins?: readonly string[];
}

export interface RequestLogEntry {
  method: string;
  path: string;
  service: ServiceName;
  operation?: string;
  status: number;
  durationMs: number;
  /** Why the guard refused the request, when it did. */
  note?: Text;
}

export interface RunningEndpoint {
  url: string;
  host: string;
  port: number;
  dataDir: string;
  /** State changes as they happen (function ready, object created…), for in-process waits: see events.ts. */
  events: EndpointEvents;
  /** Damaged state found at start and set aside or repaired: say each to the person (repairText). */
  repairs: StateRepair[];
  /**
   * Starts an environment for every Active function ahead of its first invoke, for an in-process
   * owner about to invoke them (the runner's check): the first invoke then finds it warm. Resolves
   * when they are ready; never rejects (an init failure is met by the invoke, as on Lambda).
   */
  warmFunctions(): Promise<void>;
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
  const repairs = new StateRepairs(dataDir);
  const context: EndpointContext = { dataDir, accountId: ACCOUNT_ID, defaultRegion: DEFAULT_REGION, url: '', repairs };
  const services = await createServices(context);
  const used = new Set<ServiceName>();
  const startedAt = new Date();
  const guard = createRequestGuard({ bindHost: host, allowedHosts: options.allowedHosts, allowedOrigins: options.allowedOrigins });

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void serve(req, res).catch((error: unknown) => {
      // Last resort: a bug in a handler. Answer 500 rather than leave the client hanging.
      process.stderr.write(`built-in endpoint: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain', connection: 'close' });
      res.end('InternalError');
    });
  };
  const server = createServer(onRequest);
  // With this listener Node no longer answers `Expect: 100-continue` by itself: the body is asked
  // for only when it will be read, so a refused upload is never sent.
  server.on('checkContinue', onRequest);
  // Clients keep connections alive between calls and never time them out themselves, so a socket
  // the server closes after a short idle time can be reused by the client at that very moment
  // (ECONNRESET). A long idle time makes that race rare; close() ends idle sockets at once anyway.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const began = performance.now();
    const request = toEndpointRequest(req);
    const body = new RequestBody(req, res);
    // The guard sees only the request line and headers: a refused request's body is never read.
    const headService = detectService(request);
    const verdict = guard(request, headService);
    if (verdict.kind === 'answer') {
      req.resume();
      await writeResponse(res, verdict.response, body);
      options.onRequest?.({
        method: request.method,
        path: request.rawPath,
        service: headService,
        operation: verdict.response.operation,
        status: verdict.response.status,
        durationMs: performance.now() - began,
        ...(verdict.refusal ? { note: verdict.refusal.note } : {}),
      });
      return;
    }
    // Only S3 PUTs stream (detectService needs no body for a PUT); everything else is read whole.
    if (request.method === 'PUT' && headService === 's3') {
      request.openBody = () => body.open();
    } else {
      // A declared size over the limit is refused before any of the body is read.
      const whole = declaredLength(req) > MAX_BODY_BYTES ? undefined : await readBody(body.open());
      if (whole === undefined) {
        return writeResponse(res, { status: 413, headers: { connection: 'close' }, body: 'Request body too large' }, body);
      }
      request.body = whole;
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
    if (verdict.corsOrigin !== undefined) addMissingHeaders(response, allowedOriginHeaders(request, verdict.corsOrigin));
    await writeResponse(res, response, body);
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
    warmFunctions: () => services.warmFunctions(),
    repairs: repairs.done,
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

/**
 * A request's body, asked for when first read: a client that sent `Expect: 100-continue` gets its
 * `100 Continue` then, and one whose body was never asked for is not kept on the connection (its
 * unsent body would otherwise be taken for the next request).
 */
class RequestBody {
  private opened = false;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {}

  open(): IncomingMessage {
    if (!this.opened) {
      this.opened = true;
      if (/^100-continue$/i.test(this.req.headers.expect ?? '') && !this.res.headersSent) this.res.writeContinue();
    }
    return this.req;
  }

  /** True when the client holds back a body nobody asked for. */
  get unsent(): boolean {
    return !this.opened && /^100-continue$/i.test(this.req.headers.expect ?? '');
  }
}

/** Content-Length as declared, 0 when absent (chunked bodies are limited while read). */
function declaredLength(req: IncomingMessage): number {
  const value = Number(req.headers['content-length']);
  return Number.isFinite(value) ? value : 0;
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

function toEndpointRequest(req: IncomingMessage): EndpointRequest {
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
    body: Buffer.alloc(0),
    requestId: randomUUID(),
  };
}

async function writeResponse(res: ServerResponse, response: EndpointResponse, body: RequestBody): Promise<void> {
  const headers: Record<string, string | number | string[]> = { ...(response.headers ?? {}) };
  if (body.unsent) headers.connection = 'close';
  const content = response.body;
  if (content instanceof Readable) {
    res.writeHead(response.status, headers);
    await new Promise<void>((done, fail) => {
      content.once('error', fail);
      res.once('finish', done);
      res.once('close', done);
      content.pipe(res);
    });
    return;
  }
  const bytes = content === undefined ? Buffer.alloc(0) : Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  if (!hasHeader(headers, 'content-length')) headers['content-length'] = bytes.length;
  res.writeHead(response.status, headers);
  res.end(bytes);
}

function addMissingHeaders(response: EndpointResponse, extra: Record<string, string>): void {
  const headers = { ...(response.headers ?? {}) };
  for (const [name, value] of Object.entries(extra)) if (!hasHeader(headers, name)) headers[name] = value;
  response.headers = headers;
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}
