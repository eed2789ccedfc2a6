// What a learner types, run with Debian's AWS CLI v2 (/usr/bin/aws) against the built-in endpoint,
// including the everyday S3→S3 commands (`aws s3 cp`/`mv` of a file over 8 MB between keys use
// multipart, GetObjectTagging and UploadPartCopy), object tagging, `--part-number`, list-object-versions.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';
import { awsCli, cliJson, hasAwsCli } from '../helpers/aws-cli.js';

const describeCli = hasAwsCli ? describe : describe.skip;
if (!hasAwsCli) console.warn('SKIPPED s3-cli tests: /usr/bin/aws is not installed (apt-get install -y awscli)');

let endpoint: TestEndpoint;
let work: string;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  work = mkdtempSync(join(tmpdir(), 'st-s3-cli-'));
});

afterAll(async () => {
  await endpoint?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** 9.5 MB: over the CLI's 8 MiB multipart threshold, so S3-to-S3 copies go through UploadPartCopy. */
const big = randomBytes(9_500_000);
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
/** Each CLI call starts Python: seconds apiece on a busy machine, and the copy test makes nine. */
const CLI_TIMEOUT = 240_000;

const aws = (...args: string[]) => awsCli(endpoint.url, args, { cwd: work });

async function ok(...args: string[]) {
  const result = await aws(...args);
  if (result.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

describeCli('S3 with the AWS CLI v2', () => {
  it('s3 mb, then s3api head-bucket', async () => {
    const made = await ok('s3', 'mb', 's3://product-images');
    expect(made.stdout).toContain('make_bucket: product-images');
    const head = await ok('s3api', 'head-bucket', '--bucket', 'product-images');
    expect(head.stderr).toBe('');
  });

  it('head-bucket on a missing bucket fails with 404', async () => {
    const missing = await aws('s3api', 'head-bucket', '--bucket', 'no-such-bucket-cli');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('404');
  });

  it('s3 mb with a bad name fails with InvalidBucketName', async () => {
    const bad = await aws('s3', 'mb', 's3://Bad_Bucket_Name');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('InvalidBucketName');
  });

  it("put-bucket-cors with the lesson's rules, read back by get-bucket-cors", async () => {
    const cors = {
      CORSRules: [
        {
          AllowedHeaders: ['*'],
          AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE'],
          AllowedOrigins: ['*'],
          ExposeHeaders: ['ETag'],
        },
      ],
    };
    writeFileSync(join(work, 'cors.json'), JSON.stringify(cors));
    await ok('s3api', 'put-bucket-cors', '--bucket', 'product-images', '--cors-configuration', 'file://cors.json');
    const got = cliJson<typeof cors>(await ok('s3api', 'get-bucket-cors', '--bucket', 'product-images'));
    expect(got.CORSRules).toEqual(cors.CORSRules);
  });

  it('put-bucket-policy (PublicReadGetObject) and get-bucket-policy return the same document', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'PublicReadGetObject',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::product-images/*',
        },
      ],
    };
    writeFileSync(join(work, 'policy.json'), JSON.stringify(policy));
    await ok('s3api', 'put-bucket-policy', '--bucket', 'product-images', '--policy', 'file://policy.json');
    const got = cliJson<{ Policy: string }>(await ok('s3api', 'get-bucket-policy', '--bucket', 'product-images'));
    expect(JSON.parse(got.Policy)).toEqual(policy);
  });

  it('put-bucket-policy with broken JSON fails with MalformedPolicy', async () => {
    const bad = await aws('s3api', 'put-bucket-policy', '--bucket', 'product-images', '--policy', '{"Version": ');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('MalformedPolicy');
  });

  it.each([
    ['1 KiB', 1024, 'small.bin'],
    ['20 MiB (multipart)', 20 * 1024 * 1024, 'big.bin'],
  ])('s3 cp up and down of %s is byte-for-byte identical', async (_label, size, name) => {
    const data = randomBytes(size);
    writeFileSync(join(work, name), data);
    await ok('s3', 'cp', name, `s3://product-images/uploads/${name}`);
    await ok('s3', 'cp', `s3://product-images/uploads/${name}`, `down-${name}`);
    expect(readFileSync(join(work, `down-${name}`)).equals(data)).toBe(true);
    const head = cliJson<{ ContentLength: number; ETag: string }>(
      await ok('s3api', 'head-object', '--bucket', 'product-images', '--key', `uploads/${name}`),
    );
    expect(head.ContentLength).toBe(size);
    // aws s3 cp switches to multipart upload from 8 MiB: 20 MiB is three 8 MiB-or-less parts.
    expect(head.ETag).toMatch(size > 8 * 1024 * 1024 ? /^"[0-9a-f]{32}-3"$/ : /^"[0-9a-f]{32}"$/);
  });

  it('s3 ls lists buckets and objects', async () => {
    const buckets = await ok('s3', 'ls');
    expect(buckets.stdout).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d product-images/);
    const objects = await ok('s3', 'ls', 's3://product-images/uploads/');
    expect(objects.stdout).toContain(' 1024 small.bin');
    expect(objects.stdout).toContain(` ${20 * 1024 * 1024} big.bin`);
    const top = await ok('s3', 'ls', 's3://product-images');
    expect(top.stdout).toContain('PRE uploads/');
  });

  it('s3 cp and ls with keys holding spaces, plus and Japanese', async () => {
    writeFileSync(join(work, 'odd.txt'), 'odd');
    for (const key of ['my photo 1.jpg', 'a+b.jpg', '写真.jpg']) {
      await ok('s3', 'cp', 'odd.txt', `s3://product-images/odd/${key}`);
    }
    const listed = await ok('s3', 'ls', 's3://product-images/odd/');
    for (const key of ['my photo 1.jpg', 'a+b.jpg', '写真.jpg']) expect(listed.stdout).toContain(key);
    await ok('s3', 'cp', 's3://product-images/odd/a+b.jpg', 'odd-down.txt');
    expect(readFileSync(join(work, 'odd-down.txt'), 'utf8')).toBe('odd');
  });

  it('put/get-bucket-notification-configuration with the lesson trigger (no hook wired)', async () => {
    const arn = 'arn:aws:lambda:us-east-1:000000000000:function:image-processor';
    const config = {
      LambdaFunctionConfigurations: [
        {
          Id: 'image-upload-trigger',
          LambdaFunctionArn: arn,
          Events: ['s3:ObjectCreated:*'],
          Filter: {
            Key: {
              FilterRules: [
                { Name: 'prefix', Value: '' },
                { Name: 'suffix', Value: '.jpg' },
              ],
            },
          },
        },
      ],
    };
    writeFileSync(join(work, 'notification.json'), JSON.stringify(config));
    await ok(
      's3api',
      'put-bucket-notification-configuration',
      '--bucket',
      'product-images',
      '--notification-configuration',
      'file://notification.json',
      '--skip-destination-validation',
    );
    const got = cliJson<typeof config>(
      await ok('s3api', 'get-bucket-notification-configuration', '--bucket', 'product-images'),
    );
    expect(got.LambdaFunctionConfigurations).toEqual([
      {
        Id: 'image-upload-trigger',
        LambdaFunctionArn: arn,
        Events: ['s3:ObjectCreated:*'],
        Filter: {
          Key: {
            FilterRules: [
              { Name: 'Prefix', Value: '' },
              { Name: 'Suffix', Value: '.jpg' },
            ],
          },
        },
      },
    ]);
  });

  it('s3 rb refuses a non-empty bucket; s3 rm --recursive then s3 rb succeed', async () => {
    const refused = await aws('s3', 'rb', 's3://product-images');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('BucketNotEmpty');

    const removed = await ok('s3', 'rm', 's3://product-images/uploads/small.bin');
    expect(removed.stdout).toContain('delete: s3://product-images/uploads/small.bin');
    await ok('s3', 'rm', 's3://product-images', '--recursive');
    const empty = await ok('s3api', 'list-objects-v2', '--bucket', 'product-images');
    expect(empty.stdout.trim() === '' || (JSON.parse(empty.stdout) as { KeyCount?: number }).KeyCount === 0).toBe(true);

    await ok('s3', 'rb', 's3://product-images');
    const gone = await aws('s3api', 'head-bucket', '--bucket', 'product-images');
    expect(gone.code).not.toBe(0);
  });
});

describeCli('S3 to S3 with the AWS CLI v2', () => {
  it('aws s3 cp of a 9.5 MB file from S3 to S3, then aws s3 mv: the bytes arrive whole, the source of mv is gone', async () => {
    writeFileSync(join(work, 'big.bin'), big);
    await ok('s3', 'mb', 's3://copies');
    await ok('s3', 'cp', 'big.bin', 's3://copies/big.bin', '--no-progress');
    const copied = await ok('s3', 'cp', 's3://copies/big.bin', 's3://copies/copy.bin', '--no-progress');
    expect(copied.stdout).toContain('copy: s3://copies/big.bin to s3://copies/copy.bin');
    const moved = await ok('s3', 'mv', 's3://copies/copy.bin', 's3://copies/moved.bin', '--no-progress');
    expect(moved.stdout).toContain('move: s3://copies/copy.bin to s3://copies/moved.bin');

    const listed = await ok('s3', 'ls', 's3://copies/');
    expect(listed.stdout).toContain('moved.bin');
    expect(listed.stdout).not.toContain('copy.bin');
    await ok('s3', 'cp', 's3://copies/moved.bin', 'back.bin', '--no-progress');
    expect(md5(readFileSync(join(work, 'back.bin')))).toBe(md5(big));

    // The copy is a multipart object: its parts can be asked for one by one.
    const part = cliJson<{ ContentLength: number; PartsCount: number }>(
      await ok('s3api', 'head-object', '--bucket', 'copies', '--key', 'moved.bin', '--part-number', '2'),
    );
    expect(part.PartsCount).toBe(2);
    expect(part.ContentLength).toBe(big.length - 8 * 1024 * 1024);
  }, CLI_TIMEOUT);

  it('s3api put-object-tagging / get-object-tagging / delete-object-tagging', async () => {
    writeFileSync(join(work, 'tags.json'), JSON.stringify({ TagSet: [{ Key: 'stage', Value: 'raw' }, { Key: 'owner', Value: 'learner 1' }] }));
    await ok('s3api', 'put-object-tagging', '--bucket', 'copies', '--key', 'big.bin', '--tagging', 'file://tags.json');
    const got = cliJson<{ TagSet: { Key: string; Value: string }[] }>(await ok('s3api', 'get-object-tagging', '--bucket', 'copies', '--key', 'big.bin'));
    expect(got.TagSet).toEqual([{ Key: 'owner', Value: 'learner 1' }, { Key: 'stage', Value: 'raw' }]);
    await ok('s3api', 'delete-object-tagging', '--bucket', 'copies', '--key', 'big.bin');
    const after = cliJson<{ TagSet: unknown[] }>(await ok('s3api', 'get-object-tagging', '--bucket', 'copies', '--key', 'big.bin'));
    expect(after.TagSet).toEqual([]);
  }, CLI_TIMEOUT);

  it('s3api list-object-versions on an unversioned bucket: every object once, version "null", latest', async () => {
    const listed = cliJson<{ Versions: { Key: string; VersionId: string; IsLatest: boolean; Size: number }[] }>(
      await ok('s3api', 'list-object-versions', '--bucket', 'copies'),
    );
    expect(listed.Versions.map((v) => [v.Key, v.VersionId, v.IsLatest, v.Size])).toEqual([
      ['big.bin', 'null', true, big.length],
      ['moved.bin', 'null', true, big.length],
    ]);
  }, CLI_TIMEOUT);
});
