// The AWS CLI v2's everyday S3→S3 commands and the s3api calls behind them, against the built-in
// endpoint: `aws s3 cp`/`mv` of a file over 8 MB between keys (multipart, GetObjectTagging,
// UploadPartCopy), object tagging, `--part-number`, list-object-versions.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';
import { awsCli, cliJson, hasAwsCli } from '../helpers/aws-cli.js';

const describeCli = hasAwsCli ? describe : describe.skip;
if (!hasAwsCli) console.warn('SKIPPED s3-cli-copy tests: /usr/bin/aws is not installed (apt-get install -y awscli)');

let endpoint: TestEndpoint;
let work: string;
/** 9.5 MB: over the CLI's 8 MiB multipart threshold, so copies go through UploadPartCopy. */
const big = randomBytes(9_500_000);
/** Each CLI call starts Python: seconds apiece on a busy machine, and the first test makes nine. */
const CLI_TIMEOUT = 240_000;
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  work = mkdtempSync(join(tmpdir(), 'st-s3-cli-copy-'));
  writeFileSync(join(work, 'big.bin'), big);
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

describeCli('S3 to S3 with the AWS CLI v2', () => {
  it('aws s3 cp of a 9.5 MB file from S3 to S3, then aws s3 mv: the bytes arrive whole, the source of mv is gone', async () => {
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
