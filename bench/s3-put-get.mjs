// PutObject + GetObject latency, 1 KiB and 5 MiB, built-in endpoint vs moto_server in the same run.
// Usage: npm run build && node bench/s3-put-get.mjs [iterations]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { startEndpoint } from '../dist/endpoint/server.js';
import { findMotoServer, markdownTable, median, round, startMoto, timeMs, writeResult } from './lib.mjs';

const iterations = Number(process.argv[2] ?? 25);
const sizes = [{ label: '1 KiB', bytes: 1024 }, { label: '5 MiB', bytes: 5 * 1024 * 1024 }];

async function measure(url) {
  const s3 = new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
  const out = {};
  for (const { label, bytes } of sizes) {
    const body = Buffer.alloc(bytes, 42);
    const put = [];
    const get = [];
    for (let i = 0; i < iterations + 2; i++) {
      const key = `obj-${i}`;
      const p = await timeMs(() => s3.send(new PutObjectCommand({ Bucket: 'bench', Key: key, Body: body })));
      const g = await timeMs(async () => {
        const res = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: key }));
        await res.Body.transformToByteArray();
      });
      if (i >= 2) { put.push(p); get.push(g); } // first two warm up connections and code paths
    }
    out[label] = { putMedianMs: round(median(put)), getMedianMs: round(median(get)) };
  }
  s3.destroy();
  return out;
}

const dataDir = mkdtempSync(join(tmpdir(), 'bench-s3-'));
const endpoint = await startEndpoint({ dataDir, port: 0 });
const builtin = await measure(endpoint.url);
await endpoint.close();
rmSync(dataDir, { recursive: true, force: true });

const motoPath = findMotoServer();
let moto;
if (motoPath) {
  const server = await startMoto(motoPath);
  moto = await measure(server.url);
  await server.stop();
}

const rows = [];
for (const { label } of sizes) {
  for (const op of ['put', 'get']) {
    const b = builtin[label][`${op}MedianMs`];
    const m = moto?.[label][`${op}MedianMs`];
    rows.push([`${op === 'put' ? 'PutObject' : 'GetObject'} ${label}`, b, m ?? 'n/a', m ? round(b / m) : 'n/a']);
  }
}
writeResult('s3-put-get', { iterations, builtin, moto: moto ?? 'moto_server not installed' },
  `Median latency over ${iterations} runs (ms); ratio < 1 means the built-in endpoint is faster.\n\n` +
  markdownTable(['operation', 'built-in ms', 'moto_server ms', 'ratio built-in/moto'], rows));
