// Invoke latency of a small node function through the built-in endpoint, as a client sees it
// (SDK Invoke, RequestResponse): cold (the first invoke after UpdateFunctionConfiguration, which
// retires the warm worker, so a new process starts and loads the handler) and warm (the same
// worker again). Also the Init Duration the REPORT line gives for each cold start.
// Usage: npm run build && node bench/invoke-latency.mjs [coldRuns] [warmRuns]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import {
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { createBenchRole, importSource, markdownTable, median, round, timeMs, writeResult } from './lib.mjs';

const { startEndpoint } = await importSource('src/endpoint/server.ts');

const coldRuns = Number(process.argv[2] ?? 10);
const warmRuns = Number(process.argv[3] ?? 30);
const NAME = 'bench-echo';

const dataDir = mkdtempSync(join(tmpdir(), 'bench-invoke-'));
const endpoint = await startEndpoint({ dataDir, host: '127.0.0.1', port: 0 });
const lambda = new LambdaClient({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

const zip = zipSync({ 'index.mjs': strToU8('export const handler = async (event) => ({ echoed: event });') });
await lambda.send(new CreateFunctionCommand({
  FunctionName: NAME, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: await createBenchRole(endpoint.url), Code: { ZipFile: zip },
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
};
writeResult('invoke-latency', result,
  `Invoke (RequestResponse, SDK v3) of a small nodejs20.x function through the built-in endpoint; medians in ms. ` +
  `Cold = first invoke after UpdateFunctionConfiguration (new worker process).\n\n` +
  markdownTable(['case', 'runs', 'median ms', 'min–max ms'], [
    ['cold invoke (client round trip)', cold.length, result.coldMedianMs, result.coldMinMaxMs.join('–')],
    ['cold: Init Duration in REPORT', initDurations.length, result.coldInitDurationMedianMs, initDurations.length ? `${round(Math.min(...initDurations))}–${round(Math.max(...initDurations))}` : 'n/a'],
    ['warm invoke (client round trip)', warm.length, result.warmMedianMs, result.warmMinMaxMs.join('–')],
  ]));
