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
// The lesson part waits, after each step, until the function has also skipped the event its own
// processed/ copy fired (seen in its log), so that no step overlaps the previous one's echo; the
// number of execution environments (log streams) it needed is reported.
//
// Then the lesson's own function (image-processor, sharp) on a real JPEG with the lesson's
// notification (suffix .jpg, so its own output in processed/ fires an event it skips): warm
// upload → processed copy visible, against the resize alone (a warm RequestResponse Invoke of the
// same function with the same event), alternated so that machine noise hits both alike.
// Usage: npm run build && node bench/trigger-latency.mjs [uploads]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { AddPermissionCommand, CreateFunctionCommand, InvokeCommand, LambdaClient, waitUntilFunctionActiveV2 } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fileURLToPath } from 'node:url';
import { createBenchRole, importSource, markdownTable, median, round, timeMs, writeResult } from './lib.mjs';

const { startEndpoint } = await importSource('src/endpoint/server.ts');
const { packageFunction } = await importSource('src/steps/packaging/index.ts');
const { makeTestJpeg } = await importSource('src/aws/objects.ts');

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

// Built before the endpoint starts: an SDK connection idle for the seconds a build takes may be
// closed under it.
const work = mkdtempSync(join(tmpdir(), 'bench-trigger-zip-'));
const built = await packageFunction({
  sourceDir: fileURLToPath(new URL('../lambda/image-processor', import.meta.url)),
  outDir: work, arch: process.arch === 'arm64' ? 'arm64' : 'x86_64', platform: 'linux', target: 'builtin',
});
const jpeg = await makeTestJpeg();

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

// --- the lesson's function ---------------------------------------------------------------------
const LESSON = 'image-processor';
const BUCKET = 'product-images';
await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
await lambda.send(new CreateFunctionCommand({
  FunctionName: LESSON, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Timeout: 30, MemorySize: 512,
  Environment: { Variables: { BUCKET_NAME: BUCKET } }, Code: { ZipFile: readFileSync(built.zipPath) },
}));
await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: LESSON });
await lambda.send(new AddPermissionCommand({
  FunctionName: LESSON, StatementId: 's3-trigger', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: `arn:aws:s3:::${BUCKET}`,
}));
await s3.send(new PutBucketNotificationConfigurationCommand({
  Bucket: BUCKET,
  NotificationConfiguration: { LambdaFunctionConfigurations: [{
    LambdaFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${LESSON}`, Events: ['s3:ObjectCreated:*'],
    Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: '' }, { Name: 'suffix', Value: '.jpg' }] } },
  }] },
}));
const logsClient = new CloudWatchLogsClient(common);

async function waitForProcessed(key) {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `processed/${key}` }));
      return;
    } catch (error) {
      if (error.name !== 'NotFound' && error.name !== 'NoSuchKey') throw error;
    }
    if (Date.now() > deadline) throw new Error(`no processed copy of ${key} within ${WAIT_LIMIT_MS} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Until the function's log shows it skipped the event of processed/<key>. */
async function waitForEchoSkipped(key) {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const { events = [] } = await logsClient.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${LESSON}`, filterPattern: 'SKIP' }));
    if (events.filter((e) => e.message.includes(`SKIP "processed/${key}"`)).length >= 1) return;
    if (Date.now() > deadline) throw new Error(`the echo of processed/${key} was not skipped within ${WAIT_LIMIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const lessonSamples = [];
for (let i = 0; i <= uploads; i++) {
  const key = `lesson-${i}.jpg`;
  const triggerMs = await timeMs(async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: jpeg, ContentType: 'image/jpeg' }));
    await waitForProcessed(key);
  });
  await waitForEchoSkipped(key);
  // The resize alone: the same event, invoked and answered synchronously.
  const event = { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key, size: jpeg.length } } }] };
  let out;
  const invokeMs = await timeMs(async () => {
    out = await lambda.send(new InvokeCommand({ FunctionName: LESSON, Payload: Buffer.from(JSON.stringify(event)) }));
  });
  if (out.FunctionError) throw new Error(`the lesson's function failed: ${Buffer.from(out.Payload).toString()}`);
  lessonSamples.push({ triggerMs, invokeMs });
  // Its copy fired one more echo: let it be skipped too (two SKIP lines for the key by now).
  const echoes = async () => (await logsClient.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${LESSON}`, filterPattern: 'SKIP' })))
    .events.filter((e) => e.message.includes(`SKIP "processed/${key}"`)).length;
  for (const deadline = Date.now() + WAIT_LIMIT_MS; (await echoes()) < 2 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
}

// Each execution environment writes its own log stream: how many the lesson's function needed.
const streams = await logsClient.send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${LESSON}` }));
const lessonEnvironments = streams.logStreams?.length ?? 0;
logsClient.destroy();

lambda.destroy();
s3.destroy();
await endpoint.close();
rmSync(dataDir, { recursive: true, force: true });
rmSync(work, { recursive: true, force: true });

const [cold, ...warm] = samples;
const med = (field) => round(median(warm.map((s) => s[field])));
const [, ...lessonWarm] = lessonSamples;
const lessonTrigger = median(lessonWarm.map((s) => s.triggerMs));
const lessonInvoke = median(lessonWarm.map((s) => s.invokeMs));
const result = {
  uploads: warm.length,
  pollMs: POLL_MS,
  warm: { uploadReturnedToHandlerStartedMedianMs: med('toStartMs'), handlerStartedToOutputVisibleMedianMs: med('toVisibleMs'), totalMedianMs: med('totalMs') },
  cold: { uploadReturnedToHandlerStartedMs: cold.toStartMs, handlerStartedToOutputVisibleMs: cold.toVisibleMs, totalMs: cold.totalMs },
  putObjectWithTriggerMedianMs: round(median(warm.map((s) => s.putMs))),
  putObjectWithoutTriggerMedianMs: round(median(warm.map((s) => s.plainPutMs))),
  lesson: {
    uploads: lessonWarm.length,
    uploadToProcessedVisibleMedianMs: round(lessonTrigger),
    resizeAloneInvokeMedianMs: round(lessonInvoke),
    ratio: round(lessonTrigger / lessonInvoke),
    executionEnvironmentsStarted: lessonEnvironments,
  },
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
  `into a bucket without one ${result.putObjectWithoutTriggerMedianMs} ms (ratio ${round(result.putObjectWithTriggerMedianMs / result.putObjectWithoutTriggerMedianMs)}).\n\n` +
  `The lesson's function (image-processor, sharp, a ${round(jpeg.length / 1024, 1)} KiB 1600×1200 JPEG, suffix .jpg filter), warm medians over ${lessonWarm.length} uploads:\n\n` +
  markdownTable(['measure', 'median ms'], [
    ['upload → processed copy visible (S3 trigger)', result.lesson.uploadToProcessedVisibleMedianMs],
    ['the resize alone (RequestResponse Invoke, same event)', result.lesson.resizeAloneInvokeMedianMs],
    ['ratio trigger / resize alone (goal ≤ 2)', result.lesson.ratio],
  ]) +
  `\n\nExecution environments (worker processes) the lesson's function started over the ${lessonSamples.length} uploads and ${lessonSamples.length} invokes: ${lessonEnvironments}.`);
