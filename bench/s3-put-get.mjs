// PutObject + GetObject, 1 KiB and 5 MiB: the built-in endpoint vs moto_server in the same run.
// Both servers run as their own processes (`serverless-tutorial endpoint`, `moto_server`) and are
// measured in alternation (one put+get on each, then the next iteration), so a change in the
// shared machine's load hits both sides of each ratio alike. Two figures per operation:
//   - latency: the median a client sees (the issue's figure);
//   - server CPU per request: user+system time the server process spent (from /proc), divided by
//     the requests it served. Unlike latency, it is not inflated by other programs' load.
// A third server, measured in the same alternation, is the floor: a bare Node HTTP server that
// keeps each PUT body in memory and answers GETs from there (no S3 semantics, no digests, no disk).
// Its ratio to moto is the best any Node server can show with this client on this machine: what
// the client itself costs (signing, SHA-256 and CRC32 of the body, a new connection and an
// Expect: 100-continue round trip for bodies from 2 MiB) is in every figure. It is not a goal.
// Usage: npm run build && node bench/s3-put-get.mjs [iterations]
//   BENCH_CLI=<path to another build's dist/cli.js> measures that build.
import { spawn } from 'node:child_process';
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

/** The floor server (see the top), as its own process. */
async function startFloorServer() {
  const source = `
    const objects = new Map();
    const server = require('node:http').createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'PUT') { objects.set(req.url.split('?')[0], Buffer.concat(chunks)); res.writeHead(200, { etag: '"0"' }); return res.end(); }
        const body = objects.get(req.url.split('?')[0]) ?? Buffer.alloc(0);
        res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
        res.end(body);
      });
    });
    server.on('checkContinue', (req, res) => { res.writeContinue(); server.emit('request', req, res); });
    server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));`;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolveUrl) => child.stdout.once('data', (d) => resolveUrl(d.toString().trim())));
  return { url, pid: child.pid, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

const floor = await startFloorServer();
servers.floor = floor;
clients.floor = client(floor.url);

const results = { builtin: {}, moto: {}, floor: {} };
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
await floor.stop();

const rows = [];
for (const { label } of sizes) {
  for (const op of ['put', 'get']) {
    const b = results.builtin[label];
    const m = moto ? results.moto[label] : undefined;
    const f = results.floor[label];
    const ratio = (x, y) => (m && y > 0 ? round(x / y) : 'n/a');
    rows.push([
      `${op === 'put' ? 'PutObject' : 'GetObject'} ${label}`,
      b[`${op}MedianMs`],
      m?.[`${op}MedianMs`] ?? 'n/a',
      ratio(b[`${op}MedianMs`], m?.[`${op}MedianMs`]),
      b[`${op}CpuMsPerRequest`],
      m?.[`${op}CpuMsPerRequest`] ?? 'n/a',
      ratio(b[`${op}CpuMsPerRequest`], m?.[`${op}CpuMsPerRequest`]),
      f[`${op}MedianMs`],
      ratio(f[`${op}MedianMs`], m?.[`${op}MedianMs`]),
    ]);
  }
}
// The goal is the client-seen PutObject latency against moto's, each a median of the same run.
const putRatios = moto ? sizes.map(({ label }) => round(results.builtin[label].putMedianMs / results.moto[label].putMedianMs)) : [];
const goals = moto ? goalRow('s3-put', `${putRatios.map((r) => `${r}×`).join(' / ')}`, ...putRatios) : {};
writeResult('s3-put-get', { iterations, builtin: results.builtin, moto: moto ? results.moto : 'moto_server not installed', floor: results.floor, goals },
  `Over ${iterations} requests each, every server as its own process, measured in alternation. Latency: median ms a client sees. ` +
  `CPU: the server process's user+system ms per request (clock-tick resolution, averaged). Ratio < 1 means the built-in endpoint is faster. ` +
  `Floor: a bare Node server keeping bodies in memory (no S3 semantics), in the same alternation: the lowest ratio any Node server reaches with this client here.\n\n` +
  markdownTable(['operation', 'built-in latency ms', 'moto latency ms', 'latency ratio', 'built-in CPU ms/req', 'moto CPU ms/req', 'CPU ratio', 'floor latency ms', 'floor ÷ moto'], rows));
