// Accepted asynchronous invocations survive kill -9 of the endpoint: the lesson's trigger deployed
// on a real `serverless-tutorial endpoint` process, a burst of real JPEG uploads and Event invokes,
// kill -9 in the middle, a restart on the same data dir, and then every upload that got its 200
// gets its processed copy and every Event invoke that got its 202 runs: at least once, as AWS
// promises.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { makeTestJpeg } from '../../src/aws/objects.js';
import { spawnCli, type SpawnedCli } from '../helpers/cli.js';
import { clientsFor, type Clients } from '../helpers/clients.js';
import { tempDir } from '../helpers/endpoint.js';
import { deployFunction, TEST_ROLE } from '../fixtures/functions/deploy.js';
import { buildLessonZip, deployLessonTrigger, LESSON_BUCKET } from '../fixtures/functions/lesson-function.js';

const MARKERS = 'event-markers';
const ROLE_NAME = 'lambda-image-processor-role';
const WRITERS = 6;
const UPLOADS_PER_WRITER = 10;
const KILL_AFTER_ACKS = 20;
const EVENT_INVOKES = 24;

// Writes markers/<n> for every Event invoke it gets.
const MARKER_FUNCTION = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => {
  await s3.send(new PutObjectCommand({ Bucket: '${MARKERS}', Key: 'markers/' + event.n, Body: String(event.n) }));
};`;

const dirs: string[] = [];
let endpoint: SpawnedCli | undefined;

async function startEndpointProcess(dataDir: string): Promise<{ cli: SpawnedCli; clients: Clients }> {
  const cli = spawnCli(['endpoint', '--port', '0', '--data-dir', dataDir]);
  const [, url] = await cli.waitFor(/ready: (http:\/\/127\.0\.0\.1:\d+)/, 30_000);
  return { cli, clients: clientsFor(url) };
}

async function exists(clients: Clients, bucket: string, key: string): Promise<boolean> {
  try {
    await clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  if (endpoint && endpoint.child.exitCode === null) {
    endpoint.child.kill('SIGTERM');
    await endpoint.exited;
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

let zip: Buffer;
let jpeg: Buffer;

beforeAll(async () => {
  zip = await buildLessonZip();
  jpeg = await makeTestJpeg();
}, 120_000);

describe('kill -9 during a burst of uploads with the lesson trigger deployed', () => {
  it('delivers every accepted event after the restart', async () => {
    const dataDir = tempDir('st-durable-data-');
    dirs.push(dataDir);
    const first = await startEndpointProcess(dataDir);
    endpoint = first.cli;
    const { s3, lambda, iam } = first.clients;
    await s3.send(new CreateBucketCommand({ Bucket: MARKERS }));
    await iam.send(new CreateRoleCommand({
      RoleName: ROLE_NAME,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }));
    await iam.send(new CreateRoleCommand({ RoleName: TEST_ROLE.split('/').pop()!, AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }));
    await deployLessonTrigger(first.clients, zip, `arn:aws:iam::000000000000:role/${ROLE_NAME}`);
    await deployFunction(lambda, { name: 'marker', files: { 'index.mjs': MARKER_FUNCTION } });

    // The burst: uploads from several writers; once some have landed, Event invokes too; kill -9
    // while both are in full flow.
    const acceptedUploads: string[] = [];
    const acceptedInvokes: number[] = [];
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      first.cli.child.kill('SIGKILL');
    };
    const invokes: Promise<void>[] = [];
    const writers = Array.from({ length: WRITERS }, (_, w) => (async () => {
      for (let i = 0; i < UPLOADS_PER_WRITER && !killed; i++) {
        const key = `burst/w${w}-${i}.jpg`;
        try {
          await s3.send(new PutObjectCommand({ Bucket: LESSON_BUCKET, Key: key, Body: jpeg, ContentType: 'image/jpeg' }));
        } catch {
          return; // the endpoint is gone
        }
        acceptedUploads.push(key);
        if (acceptedUploads.length === KILL_AFTER_ACKS / 2) {
          for (let n = 0; n < EVENT_INVOKES; n++) {
            invokes.push(lambda.send(new InvokeCommand({ FunctionName: 'marker', InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ n })) })).then(
              (out) => {
                if (out.StatusCode === 202) acceptedInvokes.push(n);
              },
              () => undefined,
            ));
          }
        }
        if (acceptedUploads.length >= KILL_AFTER_ACKS) kill();
      }
    })());
    await Promise.all(writers);
    await Promise.all(invokes);
    kill();
    await first.cli.exited;
    expect(acceptedUploads.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acceptedInvokes.length).toBeGreaterThan(0);
    // The kill left work undone (else this test would prove nothing).
    expect(readdirSync(join(dataDir, 'lambda', 'async-events')).length).toBeGreaterThan(0);

    const second = await startEndpointProcess(dataDir);
    endpoint = second.cli;
    const deadline = Date.now() + 150_000;
    let missing: string[] = [];
    for (;;) {
      missing = [];
      for (const key of acceptedUploads) if (!(await exists(second.clients, LESSON_BUCKET, `processed/${key}`))) missing.push(`processed/${key}`);
      for (const n of acceptedInvokes) if (!(await exists(second.clients, MARKERS, `markers/${n}`))) missing.push(`markers/${n}`);
      if (missing.length === 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(missing).toEqual([]);
    for (const client of Object.values(second.clients)) client.destroy();
    for (const client of Object.values(first.clients)) client.destroy();
  }, 240_000);
});
