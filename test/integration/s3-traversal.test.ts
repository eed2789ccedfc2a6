// Object keys are client-chosen: none of them may read or write outside the endpoint's data dir.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';
import { clientsFor } from '../helpers/clients.js';

let parent: string;
let dataDir: string;
let endpoint: TestEndpoint;
let s3: S3Client;

/** Every file and directory below `dir`, as absolute paths. */
function walk(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    found.push(path);
    if (entry.isDirectory()) found.push(...walk(path));
  }
  return found;
}

const longKey = `long/${'k'.repeat(1024 - 'long/'.length)}`;
const keys = ['../../x', '/etc/x', '..\\..\\x', '../../../../../../../../tmp/escaped-by-key', longKey];

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), 'st-traversal-'));
  // A sibling directory the keys might try to reach with `../`.
  mkdirSync(join(parent, 'sibling'));
  dataDir = join(parent, 'data');
  mkdirSync(dataDir);
  endpoint = await startTestEndpoint(dataDir);
  s3 = clientsFor(endpoint.url).s3;
  await s3.send(new CreateBucketCommand({ Bucket: 'traversal' }));
});

afterAll(async () => {
  s3?.destroy();
  await endpoint?.dispose();
  if (parent) rmSync(parent, { recursive: true, force: true });
});

describe('keys that look like paths', () => {
  const before = { outside: [] as string[] };

  it('round-trips every key exactly', async () => {
    before.outside = walk(parent).filter((p) => !p.startsWith(dataDir));
    expect(Buffer.byteLength(longKey)).toBe(1024);
    for (const key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: 'traversal', Key: key, Body: `body of ${key.slice(0, 40)}` }));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'traversal', Key: key }));
      expect(await got.Body?.transformToString()).toBe(`body of ${key.slice(0, 40)}`);
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'traversal' }));
    expect(listed.Contents?.map((c) => c.Key).sort()).toEqual([...keys].sort());
  });

  it('created nothing outside the data dir (walking the data dir and its parent)', () => {
    const outside = walk(parent).filter((p) => !p.startsWith(dataDir));
    expect(outside).toEqual(before.outside);
    expect(existsSync('/etc/x')).toBe(false);
    expect(existsSync('/tmp/escaped-by-key')).toBe(false);
    expect(existsSync(resolve(dataDir, '../../x'))).toBe(false);
    expect(existsSync(resolve(process.cwd(), '../../x'))).toBe(false);
  });

  it('inside the data dir, no file is named after a key', () => {
    const inside = walk(dataDir);
    for (const path of inside) {
      expect(path.startsWith(dataDir + '/')).toBe(true);
      const name = path.slice(path.lastIndexOf('/') + 1);
      expect(name).not.toBe('x');
      expect(name).not.toContain('..\\');
      // Names are hashes, blob ids or the store's own fixed names: never long, never the key.
      expect(name.length).toBeLessThan(100);
      expect(statSync(path).isSymbolicLink()).toBe(false);
    }
  });

  it('a 1025-byte key is 400 KeyTooLongError', async () => {
    let error: { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
    try {
      await s3.send(new PutObjectCommand({ Bucket: 'traversal', Key: `${longKey}k`, Body: 'x' }));
    } catch (e) {
      error = e as typeof error;
    }
    expect({ status: error?.$metadata?.httpStatusCode, name: error?.name }).toEqual({ status: 400, name: 'KeyTooLongError' });
  });

  it('deleting the path-like keys removes them and touches nothing outside', async () => {
    for (const key of keys) await s3.send(new DeleteObjectCommand({ Bucket: 'traversal', Key: key }));
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'traversal' }));
    expect(listed.KeyCount).toBe(0);
    expect(walk(parent).filter((p) => !p.startsWith(dataDir))).toEqual(before.outside);
    expect(existsSync(join(parent, 'sibling'))).toBe(true);
  });
});
