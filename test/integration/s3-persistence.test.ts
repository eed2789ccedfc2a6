// S3 state survives a restart, leftovers of interrupted writes are cleaned at start-up (a torn last
// journal line included), and damaged state is reported by name instead of crashing later.
import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketCorsCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketCorsCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { clientsFor } from '../helpers/clients.js';
import { S3Service } from '../../src/endpoint/s3/service.js';
import { ACCOUNT_ID, DEFAULT_REGION } from '../../src/endpoint/context.js';
import { CorruptStateError } from '../../src/endpoint/store/atomic.js';
import { fileNameFor } from '../../src/endpoint/store/safe-name.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs `body` against an endpoint on `dataDir`, then stops it without deleting the data. */
async function withEndpoint(dataDir: string, body: (endpoint: TestEndpoint) => Promise<void>): Promise<void> {
  const endpoint = await startTestEndpoint(dataDir);
  try {
    await body(endpoint);
  } finally {
    await endpoint.close();
  }
}

/** What loading the S3 state of `dataDir` throws (the endpoint's start-up does the same). */
function loadError(dataDir: string): unknown {
  try {
    new S3Service({ dataDir, accountId: ACCOUNT_ID, defaultRegion: DEFAULT_REGION, url: '' });
  } catch (error) {
    return error;
  }
  return undefined;
}

const policy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::kept/*' }],
});

describe('restart', () => {
  it('keeps buckets, objects, CORS, policy, notification configuration and open uploads', async () => {
    const dataDir = tempDir('st-s3-restart-');
    dirs.push(dataDir);
    let uploadId = '';
    await withEndpoint(dataDir, async (endpoint) => {
      const s3 = clientsFor(endpoint.url).s3;
      await s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
      for (const key of ['b.txt', 'a.txt', 'dir/c.txt']) {
        await s3.send(new PutObjectCommand({ Bucket: 'kept', Key: key, Body: `body ${key}`, Metadata: { k: key } }));
      }
      await s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'a.txt', Body: 'overwritten' }));
      await s3.send(
        new PutBucketCorsCommand({ Bucket: 'kept', CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] } }),
      );
      await s3.send(new PutBucketPolicyCommand({ Bucket: 'kept', Policy: policy }));
      await s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: 'kept',
          // No function `f` exists here: only persistence of the configuration is under test.
          SkipDestinationValidation: true,
          NotificationConfiguration: {
            LambdaFunctionConfigurations: [
              { Id: 'n1', LambdaFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f', Events: ['s3:ObjectCreated:*'] },
            ],
          },
        }),
      );
      uploadId = (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'kept', Key: 'open-upload' }))).UploadId as string;
      await s3.send(new UploadPartCommand({ Bucket: 'kept', Key: 'open-upload', UploadId: uploadId, PartNumber: 1, Body: 'part one' }));
      s3.destroy();
    });

    await withEndpoint(dataDir, async (endpoint) => {
      const s3 = clientsFor(endpoint.url).s3;
      expect((await s3.send(new HeadBucketCommand({ Bucket: 'kept' }))).$metadata.httpStatusCode).toBe(200);
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'kept' }));
      expect(listed.Contents?.map((c) => c.Key)).toEqual(['a.txt', 'b.txt', 'dir/c.txt']);
      const a = await s3.send(new GetObjectCommand({ Bucket: 'kept', Key: 'a.txt' }));
      expect(await a.Body?.transformToString()).toBe('overwritten');
      const b = await s3.send(new GetObjectCommand({ Bucket: 'kept', Key: 'b.txt' }));
      expect(b.Metadata).toEqual({ k: 'b.txt' });
      expect((await s3.send(new GetBucketCorsCommand({ Bucket: 'kept' }))).CORSRules?.[0].AllowedMethods).toEqual(['GET']);
      expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'kept' }))).Policy).toBe(policy);
      const notification = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'kept' }));
      expect(notification.LambdaFunctionConfigurations?.map((c) => c.Id)).toEqual(['n1']);
      const parts = await s3.send(new ListPartsCommand({ Bucket: 'kept', Key: 'open-upload', UploadId: uploadId }));
      expect(parts.Parts?.map((p) => p.Size)).toEqual([8]);
      s3.destroy();
    });
  });
});

describe('start-up clean-up of interrupted writes', () => {
  it('removes temp files, unreferenced blobs and parts, and half-created buckets and uploads', async () => {
    const dataDir = tempDir('st-s3-sweep-');
    dirs.push(dataDir);
    let uploadId = '';
    await withEndpoint(dataDir, async (endpoint) => {
      const s3 = clientsFor(endpoint.url).s3;
      await s3.send(new CreateBucketCommand({ Bucket: 'sweep' }));
      await s3.send(new PutObjectCommand({ Bucket: 'sweep', Key: 'whole.txt', Body: 'whole' }));
      uploadId = (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'sweep', Key: 'mpu' }))).UploadId as string;
      await s3.send(new UploadPartCommand({ Bucket: 'sweep', Key: 'mpu', UploadId: uploadId, PartNumber: 1, Body: 'p1' }));
      s3.destroy();
    });

    // What a kill -9 can leave behind at each step of a write.
    const bucketDir = join(dataDir, 's3', 'buckets', 'sweep');
    const leftovers = [
      join(bucketDir, 'objects', `.tmp-${fileNameFor('x')}.json.abc123`),
      join(bucketDir, 'blobs', 'orphan-blob-never-committed'),
      join(bucketDir, 'uploads', uploadId, 'orphan.part'),
      join(bucketDir, 'uploads', uploadId, '.tmp-part-2.json.def456'),
      join(bucketDir, 'uploads', 'half-created-upload', 'stray.part'),
      join(dataDir, 's3', 'buckets', 'half-created-bucket', 'objects', 'nothing'),
    ];
    for (const file of leftovers) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, 'leftover');
    }

    await withEndpoint(dataDir, async (endpoint) => {
      const s3 = clientsFor(endpoint.url).s3;
      for (const file of leftovers) expect(existsSync(file)).toBe(false);
      expect(existsSync(join(dataDir, 's3', 'buckets', 'half-created-bucket'))).toBe(false);
      expect(readdirSync(join(bucketDir, 'blobs'))).toHaveLength(1);
      const whole = await s3.send(new GetObjectCommand({ Bucket: 'sweep', Key: 'whole.txt' }));
      expect(await whole.Body?.transformToString()).toBe('whole');
      const parts = await s3.send(new ListPartsCommand({ Bucket: 'sweep', Key: 'mpu', UploadId: uploadId }));
      expect(parts.Parts?.map((p) => p.PartNumber)).toEqual([1]);
      s3.destroy();
    });
  });
});

describe('damaged state', () => {
  /** A bucket `damaged` holding a.txt and b.txt; returns its directory. */
  async function bucketWithTwoObjects(prefix: string): Promise<{ dataDir: string; bucketDir: string }> {
    const dataDir = tempDir(prefix);
    dirs.push(dataDir);
    await withEndpoint(dataDir, async (endpoint) => {
      const s3 = clientsFor(endpoint.url).s3;
      await s3.send(new CreateBucketCommand({ Bucket: 'damaged' }));
      await s3.send(new PutObjectCommand({ Bucket: 'damaged', Key: 'a.txt', Body: 'a' }));
      await s3.send(new PutObjectCommand({ Bucket: 'damaged', Key: 'b.txt', Body: 'b' }));
      s3.destroy();
    });
    return { dataDir, bucketDir: join(dataDir, 's3', 'buckets', 'damaged') };
  }

  async function keysAfterRestart(dataDir: string): Promise<string[]> {
    let keys: string[] = [];
    await withEndpoint(dataDir, async (endpoint) => {
      const s3 = clientsFor(endpoint.url).s3;
      keys = ((await s3.send(new ListObjectsV2Command({ Bucket: 'damaged' }))).Contents ?? []).map((c) => c.Key as string);
      s3.destroy();
    });
    return keys;
  }

  it.each([
    ['unparseable JSON', '{"put": {"key": "a.txt", "size": '],
    ['a record of the wrong shape', JSON.stringify({ put: { key: 'a.txt', size: 'big' } })],
  ])('a journal line with %s (not the last) → CorruptStateError naming the journal and the line', async (_label, content) => {
    const { dataDir, bucketDir } = await bucketWithTwoObjects('st-s3-corrupt-');
    const file = join(bucketDir, 'objects.journal');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[0] = content;
    writeFileSync(file, lines.join('\n'));

    const error = loadError(dataDir);
    expect(error).toBeInstanceOf(CorruptStateError);
    expect((error as CorruptStateError).file).toBe(file);
    expect((error as Error).message).toContain('line 1');
  });

  it('a last journal line cut short by a kill (never acknowledged) is dropped, and the journal rewritten whole', async () => {
    const { dataDir, bucketDir } = await bucketWithTwoObjects('st-s3-torn-');
    const file = join(bucketDir, 'objects.journal');
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"put":{"key":"c.txt","si`);
    expect(await keysAfterRestart(dataDir)).toEqual(['a.txt', 'b.txt']);
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('a data dir from before the journal (one JSON file per object) is read and folded into the journal', async () => {
    const { dataDir, bucketDir } = await bucketWithTwoObjects('st-s3-legacy-');
    const journal = join(bucketDir, 'objects.journal');
    const legacyDir = join(bucketDir, 'objects');
    mkdirSync(legacyDir);
    for (const line of readFileSync(journal, 'utf8').trim().split('\n')) {
      const record = (JSON.parse(line) as { put: { key: string } }).put;
      writeFileSync(join(legacyDir, `${fileNameFor(record.key)}.json`), JSON.stringify(record));
    }
    rmSync(journal);
    expect(await keysAfterRestart(dataDir)).toEqual(['a.txt', 'b.txt']);
    expect(existsSync(legacyDir)).toBe(false);
    expect(readFileSync(journal, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('a damaged per-object file of such a data dir → CorruptStateError naming the file', async () => {
    const { dataDir, bucketDir } = await bucketWithTwoObjects('st-s3-legacy-corrupt-');
    const file = join(bucketDir, 'objects', `${fileNameFor('a.txt')}.json`);
    mkdirSync(join(file, '..'));
    writeFileSync(file, '{"key": "a.txt", "size": ');
    const error = loadError(dataDir);
    expect(error).toBeInstanceOf(CorruptStateError);
    expect((error as CorruptStateError).file).toBe(file);
  });

  it('a damaged bucket.json → CorruptStateError naming it', async () => {
    const dataDir = tempDir('st-s3-corrupt-bucket-');
    dirs.push(dataDir);
    await withEndpoint(dataDir, async (endpoint) => {
      const s3 = clientsFor(endpoint.url).s3;
      await s3.send(new CreateBucketCommand({ Bucket: 'damaged' }));
      s3.destroy();
    });
    const file = join(dataDir, 's3', 'buckets', 'damaged', 'bucket.json');
    writeFileSync(file, 'not json at all');
    const error = loadError(dataDir);
    expect(error).toBeInstanceOf(CorruptStateError);
    expect((error as CorruptStateError).file).toBe(file);
  });
});
