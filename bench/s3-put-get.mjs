// PutObject + GetObject, 1 KiB and 5 MiB: the built-in endpoint vs moto_server in the same run.
// Both servers run as their own processes (`serverless-tutorial endpoint`, `moto_server`) and are
// measured in alternation (one put+get on each, then the next iteration), so a change in the
// shared machine's load hits both sides of each ratio alike. Two figures per operation:
//   - latency: the median a client sees (the issue's figure);
//   - server CPU per request: user+system time the server process spent (from /proc), divided by
//     the requests it served. Unlike latency, it is not inflated by other programs' load.
// Usage: npm run build && node bench/s3-put-get.mjs [iterations]
//   BENCH_CLI=<path to another build's dist/cli.js> measures that build.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { goalRow } from './goals.mjs';
import { cpuMs, findMotoServer, markdownTable, median, round, startEndpointProcess, startMoto, timeMs, writeResult } from './lib.mjs';

const iterations = Number(process.argv[2] ?? 25);
const sizes = [{ label: '1 KiB', bytes: 1024 }, { label: '5 MiB', bytes: 5 * 1024 * 1024 }];

function client(url) {
  return new S3Client({ endpoint: url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

const dataDir = mkdtempSync(join(tmpdir(), 'bench-s3-'));
const builtin = await startEndpointProcess(dataDir, process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : undefined);
const motoPath = findMotoServer();
const moto = motoPath ? await startMoto(motoPath) : undefined;
const servers = { builtin, ...(moto ? { moto } : {}) };
const clients = Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, client(server.url)]));
for (const s3 of Object.values(clients)) await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));

const results = { builtin: {}, moto: {} };
for (const { label, bytes } of sizes) {
  const body = Buffer.alloc(bytes, 42);
  const samples = Object.fromEntries(Object.keys(servers).map((name) => [name, { put: [], get: [], putCpu: 0, getCpu: 0 }]));
  for (let i = 0; i < iterations + 2; i++) {
    for (const [name, s3] of Object.entries(clients)) {
      const { pid } = servers[name];
      const key = `obj-${label}-${i}`;
      const cpu0 = cpuMs(pid);
      const put = await timeMs(() => s3.send(new PutObjectCommand({ Bucket: 'bench', Key: key, Body: body })));
      const cpu1 = cpuMs(pid);
      const get = await timeMs(async () => {
        const res = await s3.send(new GetObjectCommand({ Bucket: 'bench', Key: key }));
        await res.Body.transformToByteArray();
      });
      const cpu2 = cpuMs(pid);
      // The first two warm up connections and code paths.
      if (i >= 2) {
        const s = samples[name];
        s.put.push(put);
        s.get.push(get);
        s.putCpu += cpu1 - cpu0;
        s.getCpu += cpu2 - cpu1;
      }
    }
  }
  for (const [name, s] of Object.entries(samples)) {
    results[name][label] = {
      putMedianMs: round(median(s.put)),
      getMedianMs: round(median(s.get)),
      putCpuMsPerRequest: round(s.putCpu / iterations),
      getCpuMsPerRequest: round(s.getCpu / iterations),
    };
  }
}
for (const s3 of Object.values(clients)) s3.destroy();
await builtin.stop();
rmSync(dataDir, { recursive: true, force: true });
if (moto) await moto.stop();

const rows = [];
for (const { label } of sizes) {
  for (const op of ['put', 'get']) {
    const b = results.builtin[label];
    const m = moto ? results.moto[label] : undefined;
    const ratio = (x, y) => (m && y > 0 ? round(x / y) : 'n/a');
    rows.push([
      `${op === 'put' ? 'PutObject' : 'GetObject'} ${label}`,
      b[`${op}MedianMs`],
      m?.[`${op}MedianMs`] ?? 'n/a',
      ratio(b[`${op}MedianMs`], m?.[`${op}MedianMs`]),
      b[`${op}CpuMsPerRequest`],
      m?.[`${op}CpuMsPerRequest`] ?? 'n/a',
      ratio(b[`${op}CpuMsPerRequest`], m?.[`${op}CpuMsPerRequest`]),
    ]);
  }
}
// The goal is the client-seen PutObject latency against moto's, each a median of the same run.
const putRatios = moto ? sizes.map(({ label }) => round(results.builtin[label].putMedianMs / results.moto[label].putMedianMs)) : [];
const goals = moto ? goalRow('s3-put', `${putRatios.map((r) => `${r}×`).join(' / ')}`, ...putRatios) : {};
writeResult('s3-put-get', { iterations, builtin: results.builtin, moto: moto ? results.moto : 'moto_server not installed', goals },
  `Over ${iterations} requests each, both servers as their own processes, measured in alternation. Latency: median ms a client sees. ` +
  `CPU: the server process's user+system ms per request (clock-tick resolution, averaged). Ratio < 1 means the built-in endpoint is faster.\n\n` +
  markdownTable(['operation', 'built-in latency ms', 'moto latency ms', 'latency ratio', 'built-in CPU ms/req', 'moto CPU ms/req', 'CPU ratio'], rows));
