// S3 → Lambda end to end through the REAL endpoint: a notification to a function S3 may not invoke
// is refused (SDK and /usr/bin/aws); once `aws lambda add-permission` lets s3.amazonaws.com invoke
// it, uploads that match the filter run the function (which records, for every event it sees, the
// record under seen/<key> in another bucket), uploads that do not match never do, and 100 uploads
// at once run it 100 times.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paginateFilterLogEvents } from '@aws-sdk/client-cloudwatch-logs';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetBucketNotificationConfigurationCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  type LambdaFunctionConfiguration,
} from '@aws-sdk/client-s3';
import { awsCli, hasAwsCli } from '../helpers/aws-cli.js';
import { startEndToEnd, type EndToEnd } from '../fixtures/functions/end-to-end.js';
import { deployFunction } from '../fixtures/functions/deploy.js';

if (!hasAwsCli) console.warn('SKIPPED: /usr/bin/aws is not installed; the trigger tests need it to add the permission');
const suite = hasAwsCli ? describe : describe.skip;

const SOURCE = 'photo-uploads';
const SEEN = 'photo-uploads-seen';
const HANDLER = 'on-upload';
const LOCKED = 'locked-out';
const PHOTO = 'not really a jpeg, but bytes all the same';
const arnOf = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;

// Writes each record it is given to the other bucket, under seen/<decoded key>, with the time its
// handler started; logs the key. Unbundled @aws-sdk, endpoint from AWS_ENDPOINT_URL.
const RECORDER = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => {
  const startedAt = Date.now();
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\\+/g, ' '));
    console.log('saw', key);
    await s3.send(new PutObjectCommand({ Bucket: process.env.SEEN_BUCKET, Key: 'seen/' + key, Body: JSON.stringify({ startedAt, record }) }));
  }
};`;

interface SeenRecord {
  eventName: string;
  s3: { configurationId: string; bucket: { name: string }; object: { key: string; size: number; eTag: string; sequencer: string } };
}

let e2e: EndToEnd;

beforeAll(async () => {
  e2e = await startEndToEnd('st-endpoint-trigger-');
  const { clients } = e2e;
  await clients.s3.send(new CreateBucketCommand({ Bucket: SOURCE }));
  await clients.s3.send(new CreateBucketCommand({ Bucket: SEEN }));
  await Promise.all([
    deployFunction(clients.lambda, { name: HANDLER, environment: { SEEN_BUCKET: SEEN }, files: { 'index.mjs': RECORDER } }),
    deployFunction(clients.lambda, { name: LOCKED, files: { 'index.js': 'exports.handler = async () => 1;' } }),
  ]);
}, 60_000);

afterAll(async () => {
  await e2e?.dispose();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` returns a value, at most `withinMs`; undefined if it never did. */
async function within<T>(withinMs: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await sleep(50);
  }
}

/** The record the function wrote for `key`, if it has run for it. */
async function seen(key: string): Promise<SeenRecord | undefined> {
  try {
    const got = await e2e.clients.s3.send(new GetObjectCommand({ Bucket: SEEN, Key: `seen/${key}` }));
    return (JSON.parse(await got.Body!.transformToString()) as { record: SeenRecord }).record;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

const waitSeen = (key: string) => within(20_000, () => seen(key));

async function seenKeys(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await e2e.clients.s3.send(new ListObjectsV2Command({ Bucket: SEEN, Prefix: `seen/${prefix}`, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!.slice('seen/'.length)));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

/** Every "saw <key>" line the function logged. */
async function sawLines(): Promise<string[]> {
  const lines: string[] = [];
  for await (const page of paginateFilterLogEvents({ client: e2e.clients.logs }, { logGroupName: `/aws/lambda/${HANDLER}` })) {
    for (const event of page.events ?? []) {
      const match = /\tINFO\tsaw (.*?)\n?$/.exec(event.message ?? '');
      if (match) lines.push(match[1]);
    }
  }
  return lines;
}

const config = (arn: string, extra: Partial<LambdaFunctionConfiguration> = {}): LambdaFunctionConfiguration => ({
  LambdaFunctionArn: arn,
  Events: ['s3:ObjectCreated:*'],
  ...extra,
});

suite('S3 → Lambda through the real endpoint', () => {
  describe('a destination S3 may not invoke', () => {
    it('SDK: 400 InvalidArgument naming the destination and why; nothing is stored', async () => {
      let error: { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; ArgumentName1?: string; ArgumentValue1?: string } = {};
      try {
        await e2e.clients.s3.send(
          new PutBucketNotificationConfigurationCommand({ Bucket: SOURCE, NotificationConfiguration: { LambdaFunctionConfigurations: [config(arnOf(LOCKED))] } }),
        );
      } catch (e) {
        error = e as typeof error;
      }
      expect({ status: error.$metadata?.httpStatusCode, code: error.name }).toEqual({ status: 400, code: 'InvalidArgument' });
      expect(error.message).toBe('Unable to validate the following destination configurations');
      expect(error.ArgumentName1).toBe(`${arnOf(LOCKED)}, null`);
      expect(error.ArgumentValue1).toBe(`Not authorized to invoke function [${arnOf(LOCKED)}]`);
      const stored = await e2e.clients.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: SOURCE }));
      expect(stored.LambdaFunctionConfigurations ?? []).toEqual([]);
    });

    it('aws s3api put-bucket-notification-configuration: fails with InvalidArgument and the same message', async () => {
      writeFileSync(join(e2e.work, 'locked.json'), JSON.stringify({ LambdaFunctionConfigurations: [config(arnOf(LOCKED))] }));
      // --debug prints the response body, where the reason (ArgumentValue1) is; the CLI's own line omits it.
      const result = await awsCli(
        e2e.endpoint.url,
        ['--debug', 's3api', 'put-bucket-notification-configuration', '--bucket', SOURCE, '--notification-configuration', 'file://locked.json'],
        { cwd: e2e.work },
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('An error occurred (InvalidArgument) when calling the PutBucketNotificationConfiguration operation: Unable to validate the following destination configurations');
      expect(result.stderr).toContain(`<ArgumentValue1>Not authorized to invoke function [${arnOf(LOCKED)}]</ArgumentValue1>`);
    });

    it('SDK: a function that does not exist is refused the same way', async () => {
      let error: { name?: string; $metadata?: { httpStatusCode?: number }; ArgumentValue1?: string } = {};
      try {
        await e2e.clients.s3.send(
          new PutBucketNotificationConfigurationCommand({ Bucket: SOURCE, NotificationConfiguration: { LambdaFunctionConfigurations: [config(arnOf('never-created'))] } }),
        );
      } catch (e) {
        error = e as typeof error;
      }
      expect({ status: error.$metadata?.httpStatusCode, code: error.name }).toEqual({ status: 400, code: 'InvalidArgument' });
      expect(error.ArgumentValue1).toBe(`Not authorized to invoke function [${arnOf('never-created')}]`);
    });

    it('a permission for another bucket does not count', async () => {
      const added = await awsCli(e2e.endpoint.url, [
        'lambda', 'add-permission', '--function-name', LOCKED, '--statement-id', 'other-bucket', '--action', 'lambda:InvokeFunction',
        '--principal', 's3.amazonaws.com', '--source-arn', 'arn:aws:s3:::some-other-bucket',
      ]);
      expect(added.code).toBe(0);
      writeFileSync(join(e2e.work, 'locked.json'), JSON.stringify({ LambdaFunctionConfigurations: [config(arnOf(LOCKED))] }));
      const result = await awsCli(
        e2e.endpoint.url,
        ['s3api', 'put-bucket-notification-configuration', '--bucket', SOURCE, '--notification-configuration', 'file://locked.json'],
        { cwd: e2e.work },
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('Unable to validate the following destination configurations');
    });
  });

  describe('with the permission', () => {
    beforeAll(async () => {
      const added = await awsCli(e2e.endpoint.url, [
        'lambda', 'add-permission', '--function-name', HANDLER, '--statement-id', 's3-invoke', '--action', 'lambda:InvokeFunction',
        '--principal', 's3.amazonaws.com', '--source-arn', `arn:aws:s3:::${SOURCE}`,
      ]);
      expect(added.code).toBe(0);
      // Filter rule names in lower case, as learners write them; S3 returns Prefix/Suffix.
      writeFileSync(
        join(e2e.work, 'notify.json'),
        JSON.stringify({
          LambdaFunctionConfigurations: [
            config(arnOf(HANDLER), { Id: 'jpg-uploads', Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }, { Name: 'suffix', Value: '.jpg' }] } } }),
          ],
        }),
      );
      const put = await awsCli(
        e2e.endpoint.url,
        ['s3api', 'put-bucket-notification-configuration', '--bucket', SOURCE, '--notification-configuration', 'file://notify.json'],
        { cwd: e2e.work },
      );
      expect({ code: put.code, stderr: put.stderr }).toEqual({ code: 0, stderr: '' });
    });

    it('the stored configuration names the rules Prefix and Suffix', async () => {
      const stored = await e2e.clients.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: SOURCE }));
      expect(stored.LambdaFunctionConfigurations).toEqual([
        {
          Id: 'jpg-uploads',
          LambdaFunctionArn: arnOf(HANDLER),
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'Prefix', Value: 'uploads/' }, { Name: 'Suffix', Value: '.jpg' }] } },
        },
      ]);
    });

    it('an upload matching the filter runs the function with the AWS record: key form-encoded, ObjectCreated:Put, unquoted eTag, size', async () => {
      const put = await e2e.clients.s3.send(new PutObjectCommand({ Bucket: SOURCE, Key: 'uploads/my photo 1.jpg', Body: PHOTO }));
      const record = await waitSeen('uploads/my photo 1.jpg');
      expect(record).toMatchObject({
        eventName: 'ObjectCreated:Put',
        s3: {
          configurationId: 'jpg-uploads',
          bucket: { name: SOURCE },
          object: { key: 'uploads/my+photo+1.jpg', size: PHOTO.length, eTag: put.ETag!.replace(/"/g, '') },
        },
      });
      expect(record!.s3.object.eTag).not.toContain('"');
      expect(record!.s3.object.sequencer).toMatch(/^[0-9A-F]+$/);
      // The log lands when the invocation ends, which may be just after the object was written.
      const logged = await within(10_000, async () => ((await sawLines()).includes('uploads/my photo 1.jpg') ? true : undefined));
      expect(logged).toBe(true);
    });

    it('uploads that do not match (suffix .JPG, .png, another prefix) never run it', async () => {
      const misses = ['uploads/shout.JPG', 'uploads/picture.png', 'elsewhere/photo.jpg'];
      for (const key of misses) await e2e.clients.s3.send(new PutObjectCommand({ Bucket: SOURCE, Key: key, Body: 'x' }));
      // A matching upload after them: once it has run, anything queued before it has had its turn.
      await e2e.clients.s3.send(new PutObjectCommand({ Bucket: SOURCE, Key: 'uploads/after-the-misses.jpg', Body: 'x' }));
      expect(await waitSeen('uploads/after-the-misses.jpg')).toBeDefined();
      await sleep(1500); // and a bounded grace period for anything slower
      for (const key of misses) expect(await seen(key)).toBeUndefined();
      const saw = await sawLines();
      for (const key of misses) expect(saw).not.toContain(key);
    });

    it('CopyObject runs it with ObjectCreated:Copy', async () => {
      await e2e.clients.s3.send(new CopyObjectCommand({ Bucket: SOURCE, Key: 'uploads/copied.jpg', CopySource: `${SOURCE}/uploads/my%20photo%201.jpg` }));
      const record = await waitSeen('uploads/copied.jpg');
      expect(record).toMatchObject({ eventName: 'ObjectCreated:Copy', s3: { object: { key: 'uploads/copied.jpg', size: PHOTO.length } } });
    });

    it('aws s3 cp of a 9 MiB file (multipart) runs it with ObjectCreated:CompleteMultipartUpload', async () => {
      const big = join(e2e.work, 'big photo.jpg');
      writeFileSync(big, Buffer.alloc(9 * 1024 * 1024, 7));
      const cp = await awsCli(e2e.endpoint.url, ['s3', 'cp', big, `s3://${SOURCE}/uploads/big photo.jpg`]);
      expect(cp.code).toBe(0);
      const record = await waitSeen('uploads/big photo.jpg');
      expect(record).toMatchObject({ eventName: 'ObjectCreated:CompleteMultipartUpload', s3: { object: { key: 'uploads/big+photo.jpg', size: 9 * 1024 * 1024 } } });
      expect(record!.s3.object.eTag).toMatch(/^[0-9a-f]{32}-2$/);
    });

    it('100 uploads at once run it 100 times, none lost', async () => {
      const keys = Array.from({ length: 100 }, (_, i) => `uploads/many/${String(i).padStart(3, '0')}.jpg`);
      const puts = await Promise.all(keys.map((Key) => e2e.clients.s3.send(new PutObjectCommand({ Bucket: SOURCE, Key, Body: Key }))));
      expect(puts.every((p) => p.$metadata.httpStatusCode === 200)).toBe(true);
      const all = await within(60_000, async () => {
        const found = await seenKeys('uploads/many/');
        return found.length >= keys.length ? found : undefined;
      });
      expect((all ?? (await seenKeys('uploads/many/'))).sort()).toEqual(keys);
      // Exactly one run per upload: the function logged each key once (logs land as each run ends).
      const manyRuns = async () => (await sawLines()).filter((k) => k.startsWith('uploads/many/'));
      await within(20_000, async () => ((await manyRuns()).length >= keys.length ? true : undefined));
      await sleep(500); // a bounded moment for any duplicate run to show
      expect((await manyRuns()).sort()).toEqual(keys);
    }, 90_000);
  });
});
