// S3 state survives a restart, leftovers of interrupted writes are cleaned at start-up (a torn last
// journal line included), and a damaged record is set aside (kept under <dataDir>/damaged/) with a
// repair note, never a crash.
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

describe('damaged state is set aside, never a crash', () => {
  /** The files under `dir` (relative), for "nothing was deleted" comparisons. */
  const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

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

  /** After a.txt's record was damaged: the endpoint starts without a.txt, keeps a copy and a.txt's bytes, serves b.txt. */
  async function expectStartsWithoutA(dataDir: string, damagedFile: string, content: string | undefined): Promise<void> {
    const endpoint = await startTestEndpoint(dataDir);
    try {
      const [repair, ...others] = endpoint.repairs;
      expect(repair.path).toBe(damagedFile);
      expect(repair.keptAt.startsWith(join(dataDir, 'damaged'))).toBe(true);
      if (content !== undefined) expect(readFileSync(repair.keptAt, 'utf8')).toContain(content);
      // The object's bytes no record names any more are kept beside it, not deleted.
      expect(others.map((o) => o.reason)).toEqual(['object bytes no readable record refers to']);
      expect(readFileSync(others[0].keptAt, 'utf8')).toBe('a');
      const s3 = clientsFor(endpoint.url).s3;
      await expect(s3.send(new GetObjectCommand({ Bucket: 'damaged', Key: 'a.txt' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
      const b = await s3.send(new GetObjectCommand({ Bucket: 'damaged', Key: 'b.txt' }));
      expect(await b.Body?.transformToString()).toBe('b');
      s3.destroy();
    } finally {
      await endpoint.close();
    }
    // Repaired once: the next start finds nothing to repair.
    await withEndpoint(dataDir, async (endpoint) => expect(endpoint.repairs).toEqual([]));
  }

  it.each([
    ['unparseable JSON', '{"put": {"key": "a.txt", "size": '],
    ['a record of the wrong shape', JSON.stringify({ put: { key: 'a.txt', size: 'big' } })],
    ['a record with wrong field types', JSON.stringify({ put: { key: 'a.txt', size: 1, etag: 5, lastModified: {}, blob: '../../x', contentType: 'text/plain', userMetadata: {} } })],
  ])('a journal line with %s (not the last): the endpoint starts without that object and keeps a copy of the journal', async (label, content) => {
    const { dataDir, bucketDir } = await bucketWithTwoObjects('st-s3-corrupt-');
    const file = join(bucketDir, 'objects.journal');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[0] = content;
    writeFileSync(file, lines.join('\n'));
    await expectStartsWithoutA(dataDir, file, content);
    expect(label).toBeTruthy();
  });

  it('a last journal line cut short by a kill (never acknowledged) is dropped, and the journal rewritten whole', async () => {
    const { dataDir, bucketDir } = await bucketWithTwoObjects('st-s3-torn-');
    const file = join(bucketDir, 'objects.journal');
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"put":{"key":"c.txt","si`);
    expect(await keysAfterRestart(dataDir)).toEqual(['a.txt', 'b.txt']);
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  /** Turns the bucket's journal back into the layout from before it: one JSON file per object. */
  function toLegacyLayout(bucketDir: string): string {
    const journal = join(bucketDir, 'objects.journal');
    const legacyDir = join(bucketDir, 'objects');
    mkdirSync(legacyDir);
    for (const line of readFileSync(journal, 'utf8').trim().split('\n')) {
      const record = (JSON.parse(line) as { put: { key: string } }).put;
      writeFileSync(join(legacyDir, `${fileNameFor(record.key)}.json`), JSON.stringify(record));
    }
    rmSync(journal);
    return legacyDir;
  }

  it('a data dir from before the journal (one JSON file per object) is read and folded into the journal', async () => {
    const { dataDir, bucketDir } = await bucketWithTwoObjects('st-s3-legacy-');
    const legacyDir = toLegacyLayout(bucketDir);
    expect(await keysAfterRestart(dataDir)).toEqual(['a.txt', 'b.txt']);
    expect(existsSync(legacyDir)).toBe(false);
    expect(readFileSync(join(bucketDir, 'objects.journal'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it.each([
    ['unparseable JSON', '{"key": "a.txt", "size": '],
    ['a record of the wrong shape', JSON.stringify({ key: 'a.txt', size: 'big' })],
    ['a directory where the file should be', undefined],
  ])('a per-object file of such a data dir with %s: set aside, the rest folded in', async (_label, content) => {
    const { dataDir, bucketDir } = await bucketWithTwoObjects('st-s3-legacy-corrupt-');
    const legacyDir = toLegacyLayout(bucketDir);
    const file = join(legacyDir, `${fileNameFor('a.txt')}.json`);
    rmSync(file);
    if (content === undefined) mkdirSync(file);
    else writeFileSync(file, content);
    await expectStartsWithoutA(dataDir, file, content);
  });

  it('a damaged bucket.json: the bucket and its objects stay, its settings are reset, the file is kept', async () => {
    const dataDir = tempDir('st-s3-corrupt-bucket-');
    dirs.push(dataDir);
    await withEndpoint(dataDir, async (endpoint) => {
      const s3 = clientsFor(endpoint.url).s3;
      await s3.send(new CreateBucketCommand({ Bucket: 'damaged' }));
      await s3.send(new PutBucketCorsCommand({ Bucket: 'damaged', CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] } }));
      await s3.send(new PutObjectCommand({ Bucket: 'damaged', Key: 'kept.txt', Body: 'kept' }));
      s3.destroy();
    });
    const file = join(dataDir, 's3', 'buckets', 'damaged', 'bucket.json');
    writeFileSync(file, JSON.stringify({ name: 'damaged', region: 'us-east-1', createdAt: 'x', cors: [{ allowedMethods: 'GET' }] }));
    const endpoint = await startTestEndpoint(dataDir);
    try {
      expect(endpoint.repairs.map((r) => r.path)).toEqual([file]);
      expect(endpoint.repairs[0].reason).toContain('cors');
      expect(readFileSync(endpoint.repairs[0].keptAt, 'utf8')).toContain('"allowedMethods":"GET"');
      const s3 = clientsFor(endpoint.url).s3;
      await s3.send(new HeadBucketCommand({ Bucket: 'damaged' }));
      const kept = await s3.send(new GetObjectCommand({ Bucket: 'damaged', Key: 'kept.txt' }));
      expect(await kept.Body?.transformToString()).toBe('kept');
      await expect(s3.send(new GetBucketCorsCommand({ Bucket: 'damaged' }))).rejects.toMatchObject({ name: 'NoSuchCORSConfiguration' });
      s3.destroy();
    } finally {
      await endpoint.close();
    }
    // Repaired once: the next start finds nothing to repair.
    await withEndpoint(dataDir, async (endpoint) => expect(endpoint.repairs).toEqual([]));
  });

  it('a multipart upload with a damaged part record is set aside whole', async () => {
    const dataDir = tempDir('st-s3-corrupt-upload-');
    dirs.push(dataDir);
    let uploadId = '';
    await withEndpoint(dataDir, async (endpoint) => {
      const s3 = clientsFor(endpoint.url).s3;
      await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }));
      uploadId = (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'uploads', Key: 'big' }))).UploadId!;
      await s3.send(new UploadPartCommand({ Bucket: 'uploads', Key: 'big', UploadId: uploadId, PartNumber: 1, Body: 'part one' }));
      s3.destroy();
    });
    const uploadDir = join(dataDir, 's3', 'buckets', 'uploads', 'uploads', uploadId);
    writeFileSync(join(uploadDir, 'part-1.json'), JSON.stringify({ partNumber: 'one' }));
    const before = filesUnder(uploadDir).sort();
    const endpoint = await startTestEndpoint(dataDir);
    try {
      expect(endpoint.repairs.map((r) => r.path)).toEqual([uploadDir]);
      expect(filesUnder(endpoint.repairs[0].keptAt).sort()).toEqual(before);
      const s3 = clientsFor(endpoint.url).s3;
      await expect(s3.send(new ListPartsCommand({ Bucket: 'uploads', Key: 'big', UploadId: uploadId }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
      s3.destroy();
    } finally {
      await endpoint.close();
    }
  });

  it('the S3 service alone (no endpoint) also loads past damage', () => {
    const dataDir = tempDir('st-s3-corrupt-service-');
    dirs.push(dataDir);
    const bucketDir = join(dataDir, 's3', 'buckets', 'lonely');
    mkdirSync(join(bucketDir, 'objects'), { recursive: true });
    writeFileSync(join(bucketDir, 'bucket.json'), '[]');
    expect(() => new S3Service({ dataDir, accountId: ACCOUNT_ID, defaultRegion: DEFAULT_REGION, url: '' })).not.toThrow();
    expect(readdirSync(join(dataDir, 'damaged'))).toHaveLength(1);
  });
});
