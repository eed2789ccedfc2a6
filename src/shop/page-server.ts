// The shop page's own little web server, on its own origin (as the course's shop frontend at
// http://shop.localhost will be): it serves the page, presigns uploads for it, and answers the
// page's "is the endpoint up, does the bucket exist?" question. It serves loopback names only,
// and hands out upload URLs only to its own page (an Origin check), so no other site can use it.
//
//   startShopPage({ lesson, aws, lang }) → { url, close }   (the UI and `serverless-tutorial shop`)
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsSettings } from '../config/credentials.js';
import type { Lang } from '../config/language.js';
import type { Lesson } from '../lesson/model.js';
import { bucketStepCommand, settingCommand } from '../lesson/bucket-settings.js';
import { TRIGGER_DEADLINE_MS } from '../steps/configure-trigger.js';
import { createHostFilter } from '../endpoint/guard/hosts.js';
import { bucketAccess } from './bucket-access.js';
import { pageSecurityPolicy, renderShopPage, type PageConfig } from './page-html.js';
import { uploadKeyFor } from './upload-key.js';
import { runnerCommand } from '../config/invocation.js';

export interface ShopPageOptions {
  lesson: Lesson;
  /** How the runner reaches the endpoint; the browser uses the same URL. */
  aws: AwsSettings;
  lang: Lang;
  /** Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** How long the page waits for the processed copy; default the trigger step's deadline. */
  deadlineMs?: number;
}

/** The shop page's usual port (LocalStack's 4566 neighbourhood, clear of the endpoint's). */
export const SHOP_PORT = 4570;

/** The page on SHOP_PORT, or on a free port when that one is taken. */
export async function startShopPageAnyPort(options: Omit<ShopPageOptions, 'port'>): Promise<ShopPage> {
  try {
    return await startShopPage({ ...options, port: SHOP_PORT });
  } catch (error) {
    if (error instanceof ShopPortInUseError) return startShopPage({ ...options, port: 0 });
    throw error;
  }
}

export interface ShopPage {
  /** The page's address, e.g. http://127.0.0.1:4570/ */
  url: string;
  close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 4096;

export async function startShopPage(options: ShopPageOptions): Promise<ShopPage> {
  const host = options.host ?? '127.0.0.1';
  const { lesson } = options;
  const bucket = lesson.resources.bucket.name;
  const prefix = lesson.resources.output.prefix;
  const endpoint = new URL(options.aws.endpoint).origin;
  const access = bucketAccess(options.aws, bucket);
  const servesHost = createHostFilter({ bindHost: host });
  let origins: string[] = [];
  let config: PageConfig;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, 'text/plain; charset=utf-8', `shop page: ${(error as Error).message}`));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!servesHost(req.headers.host ?? '')) return send(res, 403, 'text/plain; charset=utf-8', 'This page is served on localhost only.');
    const path = (req.url ?? '/').split('?', 1)[0];
    if (req.method === 'GET' && path === '/') {
      const nonce = randomBytes(16).toString('base64');
      res.setHeader('content-security-policy', pageSecurityPolicy(endpoint, nonce));
      res.setHeader('referrer-policy', 'no-referrer');
      return send(res, 200, 'text/html; charset=utf-8', renderShopPage(config, nonce));
    }
    if (req.method === 'GET' && path === '/api/status') return sendJson(res, 200, await access.status());
    if (req.method === 'POST' && path === '/api/uploads') {
      // Only this page may ask for upload URLs: its fetch carries its own Origin and a JSON type,
      // which another site's page could only send after a preflight this server never answers.
      if (!origins.includes(req.headers.origin ?? '') || !(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return send(res, 403, 'text/plain; charset=utf-8', 'Upload URLs are only for this page.');
      }
      const body = await readSmallBody(req);
      let name = 'photo.jpg';
      try {
        const parsed = JSON.parse(body) as { name?: unknown };
        if (typeof parsed.name === 'string') name = parsed.name;
      } catch {
        return send(res, 400, 'text/plain; charset=utf-8', 'Expected JSON: {"name": "<file name>"}');
      }
      const key = uploadKeyFor(name);
      const objectUrl = (k: string) => `${endpoint}/${bucket}/${k.split('/').map(encodeURIComponent).join('/')}`;
      return sendJson(res, 200, {
        key,
        processedKey: `${prefix}${key}`,
        uploadUrl: await access.presignPut(key),
        originalUrl: objectUrl(key),
        processedUrl: objectUrl(`${prefix}${key}`),
      });
    }
    if (path === '/favicon.ico') return send(res, 204, 'text/plain', '');
    return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
  }

  const port = await listen(server, host, options.port ?? 0);
  const shown = host === '127.0.0.1' || host === '0.0.0.0' ? '127.0.0.1' : host;
  const origin = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  origins = [origin, `http://localhost:${port}`];
  config = {
    lang: options.lang,
    origin,
    endpoint,
    bucket,
    prefix,
    deadlineMs: options.deadlineMs ?? TRIGGER_DEADLINE_MS,
    fixes: {
      cors: [settingCommand(lesson, 'cors'), bucketStepCommand()],
      policy: [settingCommand(lesson, 'policy'), bucketStepCommand()],
      bucket: [bucketStepCommand()],
      endpoint: ['docker compose up -d', runnerCommand('endpoint')],
      trigger: [runnerCommand('doctor'), runnerCommand('run --step trigger')],
    },
  };
  return {
    url: `${origin}/`,
    close: async () => {
      access.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}

async function readSmallBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class ShopPortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use.`);
    this.name = 'ShopPortInUseError';
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new ShopPortInUseError(port) : error));
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}
