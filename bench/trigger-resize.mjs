// The lesson's S3 trigger, warm, against the resize alone (issue 13's goal: ≤ 2×).
//
// The lesson's own function (lambda/image-processor, built as the runner builds it: the packaging
// of src/steps/packaging) is deployed on the built-in endpoint, run as its own process as a learner
// runs `serverless-tutorial endpoint`, with the lesson's notification (ObjectCreated, suffix .jpg,
// so its own output in processed/ fires one more event, which it skips). After a first upload
// (not counted: it may meet a cold worker), each round, one at a time:
//   trigger    PutObject of the test JPEG (the 1600×1200 one the checks upload) → processed/<key>
//              first seen by the checks' own waiter (src/aws/objects.ts waitForObject: HEAD polls
//              that start fast and back off), i.e. as the learner's check sees it;
//   trigger, tight poll   the same with a HEAD every 2 ms: what the endpoint itself takes;
//   resize alone          a warm RequestResponse Invoke of the same function with the same event:
//              the function's whole work (GetObject, sharp resize, PutObject of processed/<key>)
//              without the trigger. This is the goal's denominator: the ratio is then what the
//              trigger adds (the upload, the event's record and delivery, seeing the output) over
//              the function's own work, which no endpoint can make faster;
//   sharp only (reference) the function's resize module on the same bytes in this process: the
//              image work without any S3 request;
//   upload only (reference) the same PutObject into a bucket without a notification: the part of
//              the trigger's time that is the learner's own upload.
// Each measurement waits, before the next one starts, until the function has skipped the echo of
// its processed/ copy (seen in its log), so no round overlaps the previous one's work; each round
// starts with a different measure. Ratios are taken round by round (machine drift cancels pair by
// pair); the median is reported.
// Usage: npm run build && node bench/trigger-resize.mjs [rounds]
//   BENCH_CLI=<path to another build's dist/cli.js> measures that build's endpoint.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { goalRow } from './goals.mjs';
import { createBenchRole, importSource, markdownTable, median, pairedRatio, round, startEndpointProcess, timeMs, writeResult } from './lib.mjs';

const { packageFunction } = await importSource('src/steps/packaging/index.ts');
const { makeTestJpeg, waitForObject } = await importSource('src/aws/objects.ts');
const { resizeImage } = await importSource('lambda/image-processor/src/resize.ts');
const { deployLessonTrigger, LESSON_BUCKET, LESSON_FUNCTION } = await importSource('test/fixtures/functions/lesson-function.ts');

const rounds = Math.max(5, Number(process.argv[2] ?? 12));
const WAIT_LIMIT_MS = 30_000;
const NAME = LESSON_FUNCTION;
const BUCKET = LESSON_BUCKET;
const PLAIN = 'bench-plain';

// Built before the endpoint starts, as the runner does before it deploys.
const work = mkdtempSync(join(tmpdir(), 'bench-resize-zip-'));
const built = await packageFunction({
  sourceDir: fileURLToPath(new URL('../lambda/image-processor', import.meta.url)),
  outDir: work, arch: process.arch === 'arm64' ? 'arm64' : 'x86_64', platform: 'linux', target: 'builtin',
});
const jpeg = await makeTestJpeg();

const dataDir = mkdtempSync(join(tmpdir(), 'bench-resize-'));
const endpoint = await startEndpointProcess(dataDir, process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : undefined);
const common = { endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 };
const lambda = new LambdaClient(common);
const s3 = new S3Client({ ...common, forcePathStyle: true });
const logs = new CloudWatchLogsClient(common);

await s3.send(new CreateBucketCommand({ Bucket: PLAIN }));
// The bucket, the function, S3's permission and the notification, as the lesson's steps set them.
await deployLessonTrigger({ s3, lambda }, readFileSync(built.zipPath), await createBenchRole(endpoint.url));

/** The checks' waiter (backing-off HEAD polls). */
async function seenByCheck(key) {
  const seen = await waitForObject(s3, BUCKET, `processed/${key}`, { deadline: Date.now() + WAIT_LIMIT_MS });
  if (!seen) throw new Error(`no processed copy of ${key} within ${WAIT_LIMIT_MS} ms`);
}

/** A HEAD every 2 ms. */
async function seenByTightPoll(key) {
  for (const deadline = Date.now() + WAIT_LIMIT_MS; ;) {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `processed/${key}` }));
      return;
    } catch (error) {
      if (error.name !== 'NotFound' && error.name !== 'NoSuchKey') throw error;
    }
    if (Date.now() > deadline) throw new Error(`no processed copy of ${key} within ${WAIT_LIMIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Until the function's log shows `times` skips of the event its processed/<key> copy fired. */
async function echoesSkipped(key, times) {
  for (const deadline = Date.now() + WAIT_LIMIT_MS; ;) {
    const { events = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${NAME}`, filterPattern: 'SKIP' }));
    if (events.filter((e) => e.message.includes(`SKIP "processed/${key}"`)).length >= times) return;
    if (Date.now() > deadline) throw new Error(`the echo of processed/${key} was not skipped within ${WAIT_LIMIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function trigger(key, seen) {
  const ms = await timeMs(async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: jpeg, ContentType: 'image/jpeg' }));
    await seen(key);
  });
  await echoesSkipped(key, 1);
  return ms;
}

async function invoke(key) {
  const event = { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key, size: jpeg.length } } }] };
  let out;
  const ms = await timeMs(async () => {
    out = await lambda.send(new InvokeCommand({ FunctionName: NAME, Payload: Buffer.from(JSON.stringify(event)) }));
  });
  if (out.FunctionError) throw new Error(`the lesson's function failed: ${Buffer.from(out.Payload).toString()}`);
  // Its processed/ copy fired one more echo: two skips of that key by now.
  await echoesSkipped(key, 2);
  return ms;
}

function uploadOnly(key) {
  return timeMs(() => s3.send(new PutObjectCommand({ Bucket: PLAIN, Key: key, Body: jpeg, ContentType: 'image/jpeg' })));
}

async function sharpOnly() {
  return timeMs(async () => {
    const outcome = await resizeImage(jpeg, { maxWidth: 800, maxInputPixels: 40_000_000 });
    if (!outcome.ok) throw new Error(`resize failed: ${outcome.reason}`);
  });
}

// The first upload (and a first invoke and resize) warm everything up; not counted.
const first = { check: await trigger('warm-up.jpg', seenByCheck), invoke: await invoke('warm-up.jpg'), sharp: await sharpOnly() };
// The objects the invokes name, uploaded (and processed once by the trigger) ahead, untimed.
for (let i = 0; i < rounds; i++) await trigger(`source-${i}.jpg`, seenByCheck);
const samples = [];
for (let i = 0; i < rounds; i++) {
  const key = `photo-${i}.jpg`;
  const measures = [
    ['check', () => trigger(key, seenByCheck)],
    ['tight', () => trigger(`tight-${key}`, seenByTightPoll)],
    ['invoke', () => invoke(`source-${i}.jpg`)],
    ['sharp', () => sharpOnly()],
    ['upload', () => uploadOnly(key)],
  ];
  // Each round starts with the next measure: none is always the one after a pause or after sharp.
  const sample = {};
  for (let m = 0; m < measures.length; m++) {
    const [name, measure] = measures[(i + m) % measures.length];
    sample[name] = await measure();
  }
  samples.push(sample);
}

// Each execution environment writes its own log stream: how many the function needed.
const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${NAME}` }));
const environments = streams.logStreams?.length ?? 0;
lambda.destroy();
s3.destroy();
logs.destroy();
await endpoint.stop();
rmSync(dataDir, { recursive: true, force: true });
rmSync(work, { recursive: true, force: true });

const column = (field) => samples.map((s) => s[field]);
const med = (field) => round(median(column(field)));
const ratio = round(pairedRatio(column('check'), column('invoke')));
const result = {
  rounds,
  jpegBytes: jpeg.length,
  medianMs: {
    triggerSeenByCheck: med('check'), triggerTightPoll: med('tight'), resizeAloneInvoke: med('invoke'), sharpOnly: med('sharp'), uploadOnly: med('upload'),
  },
  firstRoundMs: { triggerSeenByCheck: round(first.check), resizeAloneInvoke: round(first.invoke), sharpOnly: round(first.sharp) },
  ratios: {
    triggerSeenByCheckOverInvoke: ratio,
    triggerTightPollOverInvoke: round(pairedRatio(column('tight'), column('invoke'))),
    triggerSeenByCheckOverSharpOnly: round(pairedRatio(column('check'), column('sharp'))),
  },
  executionEnvironmentsStarted: environments,
  goals: goalRow('trigger', `${ratio}×`, ratio),
};
writeResult('trigger-resize', result,
  `The lesson's function (image-processor, sharp) on the built-in endpoint (its own process), the checks' ${round(jpeg.length / 1024, 1)} KiB ` +
  `1600×1200 test JPEG, notification ObjectCreated with suffix .jpg. Warm: ${rounds} rounds after a first upload; medians in ms, ratios taken round by round.\n\n` +
  markdownTable(['measure', 'median ms', 'ratio to the resize alone'], [
    ['upload → processed copy seen by the checks\' waiter (the goal)', result.medianMs.triggerSeenByCheck, ratio],
    ['upload → processed copy seen by a HEAD every 2 ms', result.medianMs.triggerTightPoll, result.ratios.triggerTightPollOverInvoke],
    ['the resize alone: warm RequestResponse Invoke, same event', result.medianMs.resizeAloneInvoke, 1],
    ['reference: sharp resize only, in this process, no S3', result.medianMs.sharpOnly, `trigger ÷ this: ${result.ratios.triggerSeenByCheckOverSharpOnly}`],
    ['reference: the upload alone (same PutObject, bucket without a notification)', result.medianMs.uploadOnly, '—'],
  ]) +
  `\n\nExecution environments (worker processes) the function started over ${rounds * 4 + 2} triggered uploads and invokes: ${environments}.`);
