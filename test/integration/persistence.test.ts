// The endpoint keeps its state across restarts, and a kill -9 in the middle of a burst of writes
// leaves every object either whole or absent.
import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateBucketCommand, GetBucketCorsCommand, GetBucketPolicyCommand, GetObjectCommand, ListObjectsV2Command,
  PutBucketCorsCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client, HeadObjectCommand,
} from '@aws-sdk/client-s3';
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand, GetFunctionCommand, GetPolicyCommand, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { zipSync, strToU8 } from 'fflate';
import { clientsFor } from '../helpers/clients.js';
import { startTestEndpoint, tempDir } from '../helpers/endpoint.js';
import { startEndpoint } from '../../src/endpoint/server.js';
import { spawnCli } from '../helpers/cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

describe('restart keeps state', () => {
  it('brings back buckets, objects, CORS, policy, roles, functions and permissions', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const first = await startEndpoint({ dataDir, port: 0 });
    let c = clientsFor(first.url);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'PublicReadGetObject', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::product-images/*' }],
    });
    await c.s3.send(new CreateBucketCommand({ Bucket: 'product-images' }));
    await c.s3.send(new PutBucketCorsCommand({
      Bucket: 'product-images',
      CORSConfiguration: { CORSRules: [{ AllowedHeaders: ['*'], AllowedMethods: ['GET', 'PUT'], AllowedOrigins: ['*'], ExposeHeaders: ['ETag'] }] },
    }));
    await c.s3.send(new PutBucketPolicyCommand({ Bucket: 'product-images', Policy: policy }));
    await c.s3.send(new PutObjectCommand({ Bucket: 'product-images', Key: 'photos/猫 1.jpg', Body: 'meow', Metadata: { origin: 'test' } }));
    await c.iam.send(new CreateRoleCommand({
      RoleName: 'lambda-image-processor-role',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }));
    await c.iam.send(new AttachRolePolicyCommand({ RoleName: 'lambda-image-processor-role', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
    const created = await c.lambda.send(new CreateFunctionCommand({
      FunctionName: 'image-processor', Runtime: 'nodejs20.x', Handler: 'index.handler',
      Role: 'arn:aws:iam::000000000000:role/lambda-image-processor-role',
      Code: { ZipFile: zipSync({ 'index.js': strToU8('exports.handler = async () => 1;') }) },
      Environment: { Variables: { BUCKET_NAME: 'product-images' } },
    }));
    await waitUntilFunctionActiveV2({ client: c.lambda, maxWaitTime: 30 }, { FunctionName: 'image-processor' });
    await c.lambda.send(new AddPermissionCommand({
      FunctionName: 'image-processor', StatementId: 's3-trigger', Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::product-images',
    }));
    await first.close();

    const second = await startEndpoint({ dataDir, port: 0 });
    try {
      c = clientsFor(second.url);
      const object = await c.s3.send(new GetObjectCommand({ Bucket: 'product-images', Key: 'photos/猫 1.jpg' }));
      expect(await object.Body?.transformToString()).toBe('meow');
      expect(object.Metadata).toEqual({ origin: 'test' });
      const cors = await c.s3.send(new GetBucketCorsCommand({ Bucket: 'product-images' }));
      expect(cors.CORSRules?.[0].ExposeHeaders).toEqual(['ETag']);
      expect(JSON.parse((await c.s3.send(new GetBucketPolicyCommand({ Bucket: 'product-images' }))).Policy ?? '{}')).toEqual(JSON.parse(policy));
      expect((await c.iam.send(new GetRoleCommand({ RoleName: 'lambda-image-processor-role' }))).Role?.Arn)
        .toBe('arn:aws:iam::000000000000:role/lambda-image-processor-role');
      const attached = await c.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'lambda-image-processor-role' }));
      expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['AmazonS3FullAccess']);
      const fn = await c.lambda.send(new GetFunctionCommand({ FunctionName: 'image-processor' }));
      expect(fn.Configuration?.CodeSha256).toBe(created.CodeSha256);
      expect(fn.Configuration?.State).toBe('Active');
      expect(fn.Configuration?.Environment?.Variables).toEqual({ BUCKET_NAME: 'product-images' });
      const fnPolicy = JSON.parse((await c.lambda.send(new GetPolicyCommand({ FunctionName: 'image-processor' }))).Policy ?? '{}');
      expect(fnPolicy.Statement[0].Sid).toBe('s3-trigger');
    } finally {
      await second.close();
    }
  });
});

/** A body that carries its own proof of wholeness: a header naming key, version and length, then bytes derived from them. */
function makeBody(key: string, version: number, size: number): Buffer {
  const head = Buffer.from(`${key}|${version}|${size}|`);
  const seed = createHash('sha256').update(`${key}#${version}`).digest();
  const body = Buffer.alloc(head.length + size);
  head.copy(body);
  for (let i = 0; i < size; i++) body[head.length + i] = seed[i % seed.length] ^ (i & 0xff);
  return body;
}

function isWhole(key: string, body: Buffer): boolean {
  const text = body.subarray(0, 200).toString('latin1');
  const [k, v, s] = text.split('|');
  if (k !== key) return false;
  return makeBody(key, Number(v), Number(s)).equals(body);
}

describe('kill -9 during a burst of writes', () => {
  it('leaves every object whole or absent, and no temp files after restart', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const cli = spawnCli(['endpoint', '--port', '0', '--data-dir', dataDir]);
    const [, url] = await cli.waitFor(/ready: (http:\/\/127\.0\.0\.1:\d+)/);
    const s3 = new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'burst' }));

    let completed = 0;
    const writers: Promise<void>[] = [];
    // 8 writers overwrite 40 keys with growing versions until the process is killed.
    for (let w = 0; w < 8; w++) {
      writers.push((async () => {
        for (let version = 0; version < 1000; version++) {
          const key = `k${(w * 5 + (version % 5)).toString().padStart(2, '0')}`;
          const size = 1024 + ((version * 7919 + w * 104729) % (256 * 1024));
          try {
            await s3.send(new PutObjectCommand({ Bucket: 'burst', Key: key, Body: makeBody(key, version, size) }));
            completed++;
          } catch {
            return; // the server is gone
          }
        }
      })());
    }
    // Kill once a good number of writes has landed, mid-stream.
    const deadline = Date.now() + 30_000;
    while (completed < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    cli.child.kill('SIGKILL');
    await cli.exited;
    await Promise.all(writers);
    expect(completed).toBeGreaterThanOrEqual(150);

    const restarted = await startEndpoint({ dataDir, port: 0 });
    try {
      const c = clientsFor(restarted.url);
      const listed = await c.s3.send(new ListObjectsV2Command({ Bucket: 'burst' }));
      const keys = (listed.Contents ?? []).map((o) => o.Key as string);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        const head = await c.s3.send(new HeadObjectCommand({ Bucket: 'burst', Key: key }));
        const got = await c.s3.send(new GetObjectCommand({ Bucket: 'burst', Key: key }));
        const body = Buffer.from(await got.Body!.transformToByteArray());
        expect({ key, whole: isWhole(key, body), sizeMatches: head.ContentLength === body.length }).toEqual({ key, whole: true, sizeMatches: true });
      }
      expect(walk(dataDir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      await restarted.close();
    }
  });
});
