// Just enough S3 for the function's tests: path-style GET / HEAD / PUT object on 127.0.0.1, with
// user metadata and AWS-shaped NoSuchKey / NoSuchBucket errors. The real built-in endpoint is
// exercised end-to-end elsewhere; this keeps the function's own tests independent of it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeObject {
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
}

export interface FakeRequest {
  method: string;
  bucket: string;
  key: string;
}

export interface FakeS3 {
  url: string;
  /** Every object request served, in order. */
  requests: FakeRequest[];
  createBucket(bucket: string): void;
  putObject(bucket: string, key: string, body: Buffer, contentType?: string): void;
  getObject(bucket: string, key: string): FakeObject | undefined;
  keys(bucket: string): string[];
  close(): Promise<void>;
}

export async function startFakeS3(): Promise<FakeS3> {
  const buckets = new Map<string, Map<string, FakeObject>>();
  const requests: FakeRequest[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      sendError(res, 500, 'InternalError', error instanceof Error ? error.message : String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const slash = path.indexOf('/', 1);
    const bucket = decodeURIComponent(slash === -1 ? path.slice(1) : path.slice(1, slash));
    const key = slash === -1 ? '' : decodeURIComponent(path.slice(slash + 1));
    const method = req.method ?? 'GET';
    requests.push({ method, bucket, key });
    const objects = buckets.get(bucket);
    if (!objects) return sendError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    if (!key) return sendError(res, 501, 'NotImplemented', 'Only object operations are implemented');

    if (method === 'PUT') {
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice('x-amz-meta-'.length)] = value;
      }
      const data = isAwsChunked(req) ? decodeAwsChunked(body) : body;
      objects.set(key, { body: data, contentType: header(req, 'content-type') ?? 'binary/octet-stream', metadata });
      res.writeHead(200, { ETag: '"fake"' }).end();
      return;
    }
    if (method === 'GET' || method === 'HEAD') {
      const object = objects.get(key);
      if (!object) return sendError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      const headers: Record<string, string | number> = {
        'Content-Type': object.contentType,
        'Content-Length': object.body.length,
        ETag: '"fake"',
        'Last-Modified': new Date(0).toUTCString(),
      };
      for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
      res.writeHead(200, headers);
      res.end(method === 'GET' ? object.body : undefined);
      return;
    }
    sendError(res, 405, 'MethodNotAllowed', `${method} is not implemented here`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const bucketOf = (bucket: string): Map<string, FakeObject> => {
    const objects = buckets.get(bucket);
    if (!objects) throw new Error(`fake S3: no bucket ${bucket}`);
    return objects;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    createBucket: (bucket) => {
      if (!buckets.has(bucket)) buckets.set(bucket, new Map());
    },
    putObject: (bucket, key, body, contentType = 'binary/octet-stream') => {
      bucketOf(bucket).set(key, { body, contentType, metadata: {} });
    },
    getObject: (bucket, key) => buckets.get(bucket)?.get(key),
    keys: (bucket) => [...bucketOf(bucket).keys()].sort(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function isAwsChunked(req: IncomingMessage): boolean {
  return (header(req, 'content-encoding') ?? '').includes('aws-chunked') || (header(req, 'x-amz-content-sha256') ?? '').startsWith('STREAMING-');
}

/** `<hex size>[;ext]\r\n<data>\r\n` … `0\r\n<trailers>\r\n\r\n` → the data. */
function decodeAwsChunked(framed: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = framed.indexOf('\r\n', offset);
    if (lineEnd === -1) throw new Error('fake S3: truncated aws-chunked body');
    const size = parseInt(framed.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size)) throw new Error('fake S3: bad aws-chunked size line');
    if (size === 0) return Buffer.concat(parts);
    parts.push(framed.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake</RequestId></Error>`;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'x-amz-request-id': 'fake' });
  res.end(xml);
}
