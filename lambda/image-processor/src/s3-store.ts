// S3 access for the function: fetch an object with a size cap, store a result. The client talks to
// AWS_ENDPOINT_URL when it is set (LocalStack and the built-in endpoint inject it; a hard-coded
// host such as localhost:4566 does not resolve inside a function container) with path-style
// addressing, because `<bucket>.<endpoint host>` does not resolve on local endpoints.
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export type FetchResult =
  | { status: 'missing' }
  /** `bytes` is the object's ContentLength, or the bytes read before giving up when S3 sent none. */
  | { status: 'too-large'; bytes: number }
  | { status: 'ok'; body: Buffer; contentType: string | undefined };

export interface StoredObject {
  bucket: string;
  key: string;
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
}

/** What the processor needs from S3; tests and benchmarks can provide their own. */
export interface ObjectStore {
  fetch(bucket: string, key: string, maxBytes: number): Promise<FetchResult>;
  put(object: StoredObject): Promise<void>;
}

export interface S3StoreOptions {
  region: string;
  endpoint: string | undefined;
  /** Explicit credentials; undefined = the SDK's default chain (Lambda sets them in the env). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

// One client per settings, kept across warm invocations so connections are reused.
const clients = new Map<string, S3Client>();

function clientFor(options: S3StoreOptions): S3Client {
  const id = JSON.stringify([options.region, options.endpoint, options.credentials?.accessKeyId, options.credentials?.sessionToken]);
  let client = clients.get(id);
  if (!client) {
    client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
    clients.set(id, client);
  }
  return client;
}

export function createS3Store(options: S3StoreOptions): ObjectStore {
  const client = clientFor(options);
  return {
    async fetch(bucket, key, maxBytes) {
      let response;
      try {
        response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if (isNotFound(error)) return { status: 'missing' };
        throw error;
      }
      const body = response.Body as Readable | undefined;
      const length = response.ContentLength;
      if (length !== undefined && length > maxBytes) {
        body?.destroy(); // do not download what will be refused
        return { status: 'too-large', bytes: length };
      }
      if (!body) return { status: 'ok', body: Buffer.alloc(0), contentType: response.ContentType };
      const read = await readCapped(body, maxBytes);
      if (read.tooLarge) return { status: 'too-large', bytes: read.bytes };
      return { status: 'ok', body: read.body, contentType: response.ContentType };
    },
    async put(object) {
      await client.send(
        new PutObjectCommand({
          Bucket: object.bucket,
          Key: object.key,
          Body: object.body,
          ContentType: object.contentType,
          Metadata: object.metadata,
        }),
      );
    },
  };
}

function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const named = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  // A missing bucket is a configuration problem, not a vanished object: let it surface.
  if (named.name === 'NoSuchBucket') return false;
  return named.name === 'NoSuchKey' || named.name === 'NotFound' || named.$metadata?.httpStatusCode === 404;
}

/** Reads a stream into memory, stopping (and destroying it) once it passes `maxBytes`. */
async function readCapped(stream: Readable, maxBytes: number): Promise<{ tooLarge: false; body: Buffer } | { tooLarge: true; bytes: number }> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buffer.length;
    if (total > maxBytes) {
      stream.destroy();
      return { tooLarge: true, bytes: total };
    }
    chunks.push(buffer);
  }
  return { tooLarge: false, body: Buffer.concat(chunks, total) };
}
