// Invoke latency of a small node function through the built-in endpoint, as a client sees it
// (SDK Invoke, RequestResponse): the first invoke after UpdateFunctionConfiguration (which retires
// the warm worker, so a new process starts and loads the handler: on invoke, or, where the
// endpoint prepares functions while the update is InProgress, before the waiter sees Successful)
// and warm (the same worker again). Also the Init Duration the REPORT line gives for the new worker.
// Then a deploy as the lesson does it, with the lesson's function (8-9 MB zip with sharp; a new
// code version each run, so nothing is unpacked already): CreateFunction → State Active (polled
// every 10 ms, so the endpoint's own time shows, not a waiter's back-off) → the first invoke
// answered (an event without records, which the function skips at once); and the same with the
// SDK waiter as the lesson's deploy step waits (waitUntilFunctionActiveV2, minDelay 1 s, maxDelay 2 s).
// Usage: npm run build && node bench/invoke-latency.mjs [coldRuns] [warmRuns] [deployRuns]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import {
  CreateFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { createBenchRole, importSource, markdownTable, median, round, timeMs, writeResult } from './lib.mjs';

const { startEndpoint } = await importSource('src/endpoint/server.ts');
const { packageFunction } = await importSource('src/steps/packaging/index.ts');

const coldRuns = Number(process.argv[2] ?? 10);
const warmRuns = Number(process.argv[3] ?? 30);
const deployRuns = Number(process.argv[4] ?? 5);
const NAME = 'bench-echo';

// Built before the endpoint starts: an SDK connection idle for the seconds a build takes may be
// closed under it.
const work = mkdtempSync(join(tmpdir(), 'bench-invoke-zip-'));
const built = await packageFunction({
  sourceDir: fileURLToPath(new URL('../lambda/image-processor', import.meta.url)),
  outDir: work, arch: process.arch === 'arm64' ? 'arm64' : 'x86_64', platform: 'linux', target: 'builtin',
});
// One more file makes a new code version each run: nothing of it is unpacked yet. Zipped here,
// not between requests: the endpoint runs in this process, and seconds of synchronous zipping
// would let its keep-alive timer close the client's connection under the next request.
const lessonFiles = unzipSync(readFileSync(built.zipPath));
const deployZips = Array.from({ length: 2 * deployRuns }, (_, i) => zipSync({ ...lessonFiles, [`run-${i}.txt`]: strToU8(String(i)) }));

const dataDir = mkdtempSync(join(tmpdir(), 'bench-invoke-'));
const endpoint = await startEndpoint({ dataDir, host: '127.0.0.1', port: 0 });
const lambda = new LambdaClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

const zip = zipSync({ 'index.mjs': strToU8('export const handler = async (event) => ({ echoed: event });') });
// Lambda refuses a role that does not exist: one role for every function here.
const ROLE = await createBenchRole(endpoint.url);
await lambda.send(new CreateFunctionCommand({
  FunctionName: NAME, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zip },
}));
await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: NAME });

const payload = Buffer.from('{"key":"photo.jpg"}');
async function invoke() {
  let out;
  const ms = await timeMs(async () => {
    out = await lambda.send(new InvokeCommand({ FunctionName: NAME, Payload: payload, LogType: 'Tail' }));
  });
  if (out.FunctionError) throw new Error(`the bench function failed: ${Buffer.from(out.Payload).toString()}`);
  const init = /Init Duration: ([\d.]+) ms/.exec(Buffer.from(out.LogResult ?? '', 'base64').toString());
  return { ms, initMs: init ? Number(init[1]) : undefined };
}

const cold = [];
const initDurations = [];
const warm = [];
for (let i = 0; i < coldRuns; i++) {
  // A configuration change retires the warm worker: the next invoke starts a new one.
  await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: NAME, Environment: { Variables: { RUN: String(i) } } }));
  await waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30, minDelay: 1 }, { FunctionName: NAME });
  const first = await invoke();
  cold.push(first.ms);
  if (first.initMs !== undefined) initDurations.push(first.initMs);
  // Warm invokes on the worker the cold one just started.
  for (let w = 0; w < Math.ceil(warmRuns / coldRuns); w++) warm.push((await invoke()).ms);
}

// --- deploy the lesson's function, then its first invoke ---------------------------------------
const toActive = [];
const toFirstAnswer = [];
for (let i = 0; i < deployRuns; i++) {
  const name = `bench-deploy-${i}`;
  const zipFile = deployZips[i];
  const began = performance.now();
  await lambda.send(new CreateFunctionCommand({
    FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: zipFile },
  }));
  for (;;) {
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    if (got.Configuration?.State === 'Active') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const active = performance.now();
  const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: strToU8('{"Records":[]}') }));
  if (out.FunctionError) throw new Error(`the lesson's function failed: ${Buffer.from(out.Payload).toString()}`);
  toActive.push(active - began);
  toFirstAnswer.push(performance.now() - active);
}
const withWaiter = [];
for (let i = 0; i < deployRuns; i++) {
  const name = `bench-waited-${i}`;
  const ms = await timeMs(async () => {
    await lambda.send(new CreateFunctionCommand({
      FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE, Code: { ZipFile: deployZips[deployRuns + i] },
    }));
    await waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { FunctionName: name });
    const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: strToU8('{"Records":[]}') }));
    if (out.FunctionError) throw new Error(`the lesson's function failed: ${Buffer.from(out.Payload).toString()}`);
  });
  withWaiter.push(ms);
}
rmSync(work, { recursive: true, force: true });

lambda.destroy();
await endpoint.close();
rmSync(dataDir, { recursive: true, force: true });

const result = {
  coldRuns: cold.length,
  warmRuns: warm.length,
  coldMedianMs: round(median(cold)),
  coldInitDurationMedianMs: initDurations.length ? round(median(initDurations)) : 'no Init Duration reported',
  coldInitDurationsReported: initDurations.length,
  warmMedianMs: round(median(warm)),
  coldMinMaxMs: [round(Math.min(...cold)), round(Math.max(...cold))],
  warmMinMaxMs: [round(Math.min(...warm)), round(Math.max(...warm))],
  deploy: {
    runs: deployRuns,
    zipBytes: built.zipBytes,
    createToActiveMedianMs: round(median(toActive)),
    activeToFirstInvokeMedianMs: round(median(toFirstAnswer)),
    createToFirstInvokeMedianMs: round(median(toActive.map((a, i) => a + toFirstAnswer[i]))),
    withSdkWaiterMedianMs: round(median(withWaiter)),
  },
};
writeResult('invoke-latency', result,
  `Invoke (RequestResponse, SDK v3) of a small nodejs20.x function through the built-in endpoint; medians in ms. ` +
  `First = first invoke after UpdateFunctionConfiguration and the waiter (a new worker process, started on invoke or while the update was InProgress).\n\n` +
  markdownTable(['case', 'runs', 'median ms', 'min–max ms'], [
    ['first invoke after an update (client round trip)', cold.length, result.coldMedianMs, result.coldMinMaxMs.join('–')],
    ['its new worker: Init Duration in REPORT', initDurations.length, result.coldInitDurationMedianMs, initDurations.length ? `${round(Math.min(...initDurations))}–${round(Math.max(...initDurations))}` : 'n/a'],
    ['warm invoke (client round trip)', warm.length, result.warmMedianMs, result.warmMinMaxMs.join('–')],
  ]) +
  `\n\nDeploying the lesson's function (${round(built.zipBytes / 2 ** 20)} MiB zip, a new code version each run), medians of ${deployRuns}:\n\n` +
  markdownTable(['segment', 'median ms'], [
    ['CreateFunction sent → State Active', result.deploy.createToActiveMedianMs],
    ['Active → first invoke answered', result.deploy.activeToFirstInvokeMedianMs],
    ['CreateFunction sent → first invoke answered', result.deploy.createToFirstInvokeMedianMs],
    ['the same with the SDK waiter as the lesson waits (minDelay 1 s, maxDelay 2 s)', result.deploy.withSdkWaiterMedianMs],
  ]));
