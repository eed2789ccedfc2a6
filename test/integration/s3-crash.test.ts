// kill -9 during a burst of writes: after a restart every object is whole (one of the versions
// written to it) or absent, and every write that was acknowledged is there. The S3 service runs
// in a child process (transpiled from the sources) so it can really be killed.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { clientsFor } from '../helpers/clients.js';
import { startEndpoint } from '../../src/endpoint/server.js';

const ROOT = process.cwd();
let buildDir: string;
let dataDir: string;

/** Transpiles the S3 service and the shared modules it imports into a runnable ESM tree. */
function buildChild(): string {
  // Inside the project so that its node_modules resolve; its own package.json makes .js ESM.
  const out = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'st-s3-crash-'));
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  const sources = [
    ...readdirSync(join(ROOT, 'src/endpoint/s3')).map((f) => `src/endpoint/s3/${f}`),
    'src/endpoint/context.ts',
    'src/endpoint/http.ts',
    'src/endpoint/service.ts',
    'src/endpoint/xml.ts',
    ...readdirSync(join(ROOT, 'src/endpoint/store')).map((f) => `src/endpoint/store/${f}`),
    'src/fs/directories.ts',
  ].filter((f) => f.endsWith('.ts'));
  for (const file of sources) {
    const { outputText } = ts.transpileModule(readFileSync(join(ROOT, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const target = join(out, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  writeFileSync(
    join(out, 'child.js'),
    `import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { S3Service } from './src/endpoint/s3/service.js';
const service = new S3Service({ dataDir: process.argv[2], accountId: '000000000000', defaultRegion: 'us-east-1', url: '' });
// Bodies stream into the service as the endpoint's server hands them over (openBody).
const server = createServer(async (req, res) => {
  const raw = req.url; const q = raw.indexOf('?');
  const response = await service.handle({ method: req.method, rawPath: q === -1 ? raw : raw.slice(0, q),
    query: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)), headers: req.headers,
    hostname: (req.headers.host ?? '').replace(/:\\d+$/, ''), body: Buffer.alloc(0), openBody: () => req, requestId: randomUUID() }, 'us-east-1');
  res.writeHead(response.status, response.headers);
  if (response.body instanceof Readable) response.body.pipe(res); else res.end(response.body ?? '');
});
server.listen(0, '127.0.0.1', () => process.stdout.write('PORT ' + server.address().port + '\\n'));
`,
  );
  return out;
}

function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(buildDir, 'child.js'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child did not start: ${out}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const port = /PORT (\d+)/.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${port}` });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited ${code}: ${out}`));
    });
  });
}

beforeAll(() => {
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  buildDir = buildChild();
  dataDir = mkdtempSync(join(tmpdir(), 'st-s3-crash-data-'));
});

afterAll(() => {
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 during a burst of PutObject', () => {
  it('leaves every object whole or absent, and keeps every acknowledged write', async () => {
    const { child, url } = await startChild();
    const s3: S3Client = clientsFor(url).s3;
    await s3.send(new CreateBucketCommand({ Bucket: 'burst' }));

    // 8 keys, each written 12 times with different random bodies (64 KiB to 1 MiB).
    const versions = new Map<string, Set<string>>();
    const acknowledged = new Map<string, Set<string>>();
    const writes: Promise<void>[] = [];
    let acked = 0;
    let cutOff = 0;
    let killed = false;
    const killedAt = new Promise<void>((resolve) => {
      for (let round = 0; round < 12; round++) {
        for (let k = 0; k < 8; k++) {
          const key = `burst/key-${k}`;
          const body = randomBytes(64 * 1024 + Math.floor(Math.random() * 960 * 1024));
          const md5 = createHash('md5').update(body).digest('hex');
          if (!versions.has(key)) versions.set(key, new Set());
          versions.get(key)?.add(md5);
          writes.push(
            s3.send(new PutObjectCommand({ Bucket: 'burst', Key: key, Body: body })).then(
              () => {
                if (killed) return;
                if (!acknowledged.has(key)) acknowledged.set(key, new Set());
                acknowledged.get(key)?.add(md5);
                // Kill once a good share of writes is acknowledged and many are still in flight.
                if (++acked === 30) {
                  killed = true;
                  child.kill('SIGKILL');
                  resolve();
                }
              },
              () => {
                cutOff++;
              },
            ),
          );
        }
      }
    });
    await killedAt;
    await Promise.all(writes);
    // The kill really interrupted writes in flight.
    expect(cutOff).toBeGreaterThan(0);
    await new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    s3.destroy();

    const endpoint = await startEndpoint({ dataDir, port: 0 });
    const after = clientsFor(endpoint.url).s3;
    try {
      const listed = await after.send(new ListObjectsV2Command({ Bucket: 'burst' }));
      const present = (listed.Contents ?? []).map((c) => c.Key as string);
      for (const key of acknowledged.keys()) expect(present).toContain(key);
      for (const key of present) {
        const got = await after.send(new GetObjectCommand({ Bucket: 'burst', Key: key }));
        const bytes = Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
        expect(bytes.length).toBe(got.ContentLength);
        const md5 = createHash('md5').update(bytes).digest('hex');
        expect(versions.get(key)?.has(md5)).toBe(true);
        expect(got.ETag).toBe(`"${md5}"`);
      }
      // Nothing is left over: one blob per object, no temp files, a journal of one line per object.
      const bucketDir = join(dataDir, 's3', 'buckets', 'burst');
      expect(readdirSync(join(bucketDir, 'blobs'))).toHaveLength(present.length);
      expect(readdirSync(bucketDir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
      expect(readFileSync(join(bucketDir, 'objects.journal'), 'utf8').trim().split('\n')).toHaveLength(present.length);
      expect(relative(dataDir, bucketDir).startsWith('..')).toBe(false);
    } finally {
      after.destroy();
      await endpoint.close();
    }
  });
});
