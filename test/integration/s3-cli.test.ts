// What a learner types, run with Debian's AWS CLI v2 (/usr/bin/aws) against the built-in endpoint.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
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
