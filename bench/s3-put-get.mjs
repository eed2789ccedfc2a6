// PutObject + GetObject latency, 1 KiB and 5 MiB, built-in endpoint vs moto_server in the same run.
// The two servers are measured in alternation (one put+get on each, then the next iteration), so a
// change in the shared machine's load hits both sides of each ratio alike.
// Usage: npm run build && node bench/s3-put-get.mjs [iterations]
//   BENCH_ENDPOINT_MODULE=<path to another build's dist/endpoint/server.js> measures that build.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { findMotoServer, markdownTable, median, round, startMoto, timeMs, writeResult } from './lib.mjs';

const iterations = Number(process.argv[2] ?? 25);
const sizes = [{ label: '1 KiB', bytes: 1024 }, { label: '5 MiB', bytes: 5 * 1024 * 1024 }];
const moduleUrl = process.env.BENCH_ENDPOINT_MODULE
  ? pathToFileURL(resolve(process.env.BENCH_ENDPOINT_MODULE)).href
  : new URL('../dist/endpoint/server.js', import.meta.url).href;
const { startEndpoint } = await import(moduleUrl);

function client(url) {
  return new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

async function putGet(s3, key, body) {
  const put = await timeMs(() => s3.send(new PutObjectCommand({ Bucket: 'bench', Key: key, Body: body })));
  const get = await timeMs(async () => {
    const res = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: key }));
    await res.Body.transformToByteArray();
  });
  return { put, get };
}

const dataDir = mkdtempSync(join(tmpdir(), 'bench-s3-'));
const endpoint = await startEndpoint({ dataDir, port: 0 });
const motoPath = findMotoServer();
const moto = motoPath ? await startMoto(motoPath) : undefined;
const targets = { builtin: client(endpoint.url), ...(moto ? { moto: client(moto.url) } : {}) };
for (const s3 of Object.values(targets)) await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));

const results = { builtin: {}, moto: {} };
for (const { label, bytes } of sizes) {
  const body = Buffer.alloc(bytes, 42);
  const samples = Object.fromEntries(Object.keys(targets).map((name) => [name, { put: [], get: [] }]));
  for (let i = 0; i < iterations + 2; i++) {
    for (const [name, s3] of Object.entries(targets)) {
      const { put, get } = await putGet(s3, `obj-${i}`, body);
      // The first two warm up connections and code paths.
      if (i >= 2) {
        samples[name].put.push(put);
        samples[name].get.push(get);
      }
    }
  }
  for (const [name, { put, get }] of Object.entries(samples)) {
    results[name][label] = { putMedianMs: round(median(put)), getMedianMs: round(median(get)) };
  }
}
for (const s3 of Object.values(targets)) s3.destroy();
await endpoint.close();
rmSync(dataDir, { recursive: true, force: true });
if (moto) await moto.stop();

const rows = [];
for (const { label } of sizes) {
  for (const op of ['put', 'get']) {
    const b = results.builtin[label][`${op}MedianMs`];
    const m = moto ? results.moto[label][`${op}MedianMs`] : undefined;
    rows.push([`${op === 'put' ? 'PutObject' : 'GetObject'} ${label}`, b, m ?? 'n/a', m ? round(b / m) : 'n/a']);
  }
}
writeResult('s3-put-get', { iterations, builtin: results.builtin, moto: moto ? results.moto : 'moto_server not installed' },
  `Median latency over ${iterations} runs (ms), the two servers measured in alternation; ratio < 1 means the built-in endpoint is faster.\n\n` +
  markdownTable(['operation', 'built-in ms', 'moto_server ms', 'ratio built-in/moto'], rows));
