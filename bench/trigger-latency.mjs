// S3 → Lambda trigger latency through the built-in endpoint, split in two:
//   upload returned → handler started   (PutObject resolved at the client → Date.now() at the top
//                                        of the handler, which it writes into its output object)
//   handler started → output visible    (→ the output object first seen by a client polling it)
// The first upload after the deploy is reported apart (its worker was started while the function
// was Pending, or by this upload on endpoints that do not); the rest are warm.
// Same machine, same clock: Date.now() on both sides is comparable (ms resolution; the poll
// every POLL_MS adds up to that much to the second part). Also the PutObject round trip into the
// bucket with the trigger (the event is recorded on disk before the upload is answered) against
// the same upload into a bucket without one, alternated once the function has finished.
// The lesson's own function (image-processor) against the resize alone: bench/trigger-resize.mjs.
// Usage: npm run build && node bench/trigger-latency.mjs [uploads]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { AddPermissionCommand, CreateFunctionCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createBenchRole, importSource, markdownTable, median, round, timeMs, writeResult } from './lib.mjs';

const { startEndpoint } = await importSource('src/endpoint/server.ts');

const uploads = Math.max(15, Number(process.argv[2] ?? 20));
const POLL_MS = 2;
const WAIT_LIMIT_MS = 30_000;
const NAME = 'bench-recorder';
const SOURCE = 'bench-uploads';
const OUTPUT = 'bench-output';
const PLAIN = 'bench-plain';

const HANDLER = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => {
  const startedAt = Date.now();
  const key = decodeURIComponent(event.Records[0].s3.object.key.replace(/\\+/g, ' '));
  await s3.send(new PutObjectCommand({ Bucket: process.env.OUTPUT_BUCKET, Key: key + '.json', Body: JSON.stringify({ startedAt }) }));
};`;

const dataDir = mkdtempSync(join(tmpdir(), 'bench-trigger-'));
const endpoint = await startEndpoint({ dataDir, host: '127.0.0.1', port: 0 });
const common = { endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
const lambda = new LambdaClient(common);
const s3 = new S3Client({ ...common, forcePathStyle: true });

await s3.send(new CreateBucketCommand({ Bucket: SOURCE }));
await s3.send(new CreateBucketCommand({ Bucket: OUTPUT }));
await s3.send(new CreateBucketCommand({ Bucket: PLAIN }));
// Lambda refuses a role that does not exist: one role for every function here.
const ROLE = await createBenchRole(endpoint.url);
await lambda.send(new CreateFunctionCommand({
  FunctionName: NAME, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE,
  Environment: { Variables: { OUTPUT_BUCKET: OUTPUT } }, Code: { ZipFile: zipSync({ 'index.mjs': strToU8(HANDLER) }) },
}));
await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: NAME });
await lambda.send(new AddPermissionCommand({
  FunctionName: NAME, StatementId: 's3', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: `arn:aws:s3:::${SOURCE}`,
}));
await s3.send(new PutBucketNotificationConfigurationCommand({
  Bucket: SOURCE,
  NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${NAME}`, Events: ['s3:ObjectCreated:*'] }] },
}));

/** Polls for the output object; returns when it was first seen and what the handler wrote. */
async function waitForOutput(key) {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    try {
      const got = await s3.send(new GetObjectCommand({ Bucket: OUTPUT, Key: `${key}.json` }));
      const visibleAt = Date.now();
      return { visibleAt, ...JSON.parse(await got.Body.transformToString()) };
    } catch (error) {
      if (error.name !== 'NoSuchKey') throw error;
    }
    if (Date.now() > deadline) throw new Error(`no output for ${key} within ${WAIT_LIMIT_MS} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

const samples = [];
for (let i = 0; i <= uploads; i++) {
  const key = `photo-${i}.jpg`;
  const putMs = await timeMs(() => s3.send(new PutObjectCommand({ Bucket: SOURCE, Key: key, Body: Buffer.alloc(1024, i) })));
  const returnedAt = Date.now();
  const { startedAt, visibleAt } = await waitForOutput(key);
  const plainPutMs = await timeMs(() => s3.send(new PutObjectCommand({ Bucket: PLAIN, Key: key, Body: Buffer.alloc(1024, i) })));
  samples.push({ putMs, plainPutMs, toStartMs: startedAt - returnedAt, toVisibleMs: visibleAt - startedAt, totalMs: visibleAt - returnedAt });
}

lambda.destroy();
s3.destroy();
await endpoint.close();
rmSync(dataDir, { recursive: true, force: true });

const [cold, ...warm] = samples;
const med = (field) => round(median(warm.map((s) => s[field])));
const result = {
  uploads: warm.length,
  pollMs: POLL_MS,
  warm: { uploadReturnedToHandlerStartedMedianMs: med('toStartMs'), handlerStartedToOutputVisibleMedianMs: med('toVisibleMs'), totalMedianMs: med('totalMs') },
  cold: { uploadReturnedToHandlerStartedMs: cold.toStartMs, handlerStartedToOutputVisibleMs: cold.toVisibleMs, totalMs: cold.totalMs },
  putObjectWithTriggerMedianMs: round(median(warm.map((s) => s.putMs))),
  putObjectWithoutTriggerMedianMs: round(median(warm.map((s) => s.plainPutMs))),
};
writeResult('trigger-latency', result,
  `PutObject → S3 notification → nodejs20.x function (writes an output object) on the built-in endpoint. ` +
  `Warm: medians over ${warm.length} uploads, one at a time; first: the first upload after the deploy. ms, Date.now() resolution; output polled every ${POLL_MS} ms.\n\n` +
  markdownTable(['segment', 'warm median ms', 'first upload after deploy ms'], [
    ['upload returned → handler started', result.warm.uploadReturnedToHandlerStartedMedianMs, result.cold.uploadReturnedToHandlerStartedMs],
    ['handler started → output object visible', result.warm.handlerStartedToOutputVisibleMedianMs, result.cold.handlerStartedToOutputVisibleMs],
    ['upload returned → output object visible', result.warm.totalMedianMs, result.cold.totalMs],
  ]) +
  `\n\nPutObject (1 KiB) round trip, warm medians: into the bucket with the trigger ${result.putObjectWithTriggerMedianMs} ms, ` +
  `into a bucket without one ${result.putObjectWithoutTriggerMedianMs} ms (ratio ${round(result.putObjectWithTriggerMedianMs / result.putObjectWithoutTriggerMedianMs)}).`);
