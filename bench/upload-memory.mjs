// Peak memory of the built-in endpoint (a child process, as `serverless-tutorial endpoint` runs)
// under 4 concurrent 256 MiB PutObject uploads: plain bodies (as curl or the AWS CLI send them),
// then aws-chunked bodies with a trailing CRC32 (as SDK v3 streams them). Goal: under 300 MiB.
// Peak is the kernel's high-water mark of resident memory (VmHWM in /proc/<pid>/status).
// Usage: npm run build && node bench/upload-memory.mjs [MiB per upload] [concurrent uploads]
//   BENCH_CLI=<path to another build's dist/cli.js> measures that build.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32 } from 'node:zlib';
import { markdownTable, round, startEndpointProcess, writeResult } from './lib.mjs';

const mib = Number(process.argv[2] ?? 256);
const concurrent = Number(process.argv[3] ?? 4);
const cli = process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : undefined;
const CHUNK = Buffer.alloc(1024 * 1024, 0x5a);

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: round(kib('VmRSS') / 1024, 1), peakMiB: round(kib('VmHWM') / 1024, 1) };
}

function send(url, method, path, headers, writeBody) {
  return new Promise((resolveResponse, reject) => {
    const req = request(`${url}${path}`, { method, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => (res.statusCode < 300 ? resolveResponse(text) : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    writeBody(req);
  });
}

/** Writes `total` bytes of CHUNK copies, waiting for drain: the client never holds the body. */
async function writeStream(req, pieces, frame) {
  for (let i = 0; i < pieces; i++) {
    const data = frame ? frame(CHUNK) : [CHUNK];
    let ok = true;
    for (const piece of data) ok = req.write(piece) && ok;
    if (!ok) await new Promise((r) => req.once('drain', r));
  }
}

function plainUpload(url, key) {
  return send(url, 'PUT', `/mem/${key}`, { 'content-length': String(mib * CHUNK.length) }, (req) => {
    void writeStream(req, mib).then(() => req.end());
  });
}

function chunkedUpload(url, key) {
  let crc = 0;
  const size = mib * CHUNK.length;
  const framedLength = mib * (CHUNK.length.toString(16).length + 2 + CHUNK.length + 2) + 3 + 'x-amz-checksum-crc32:'.length + 8 + 4;
  const headers = {
    'content-encoding': 'aws-chunked',
    'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
    'x-amz-decoded-content-length': String(size),
    'x-amz-trailer': 'x-amz-checksum-crc32',
    'content-length': String(framedLength),
  };
  return send(url, 'PUT', `/mem/${key}`, headers, (req) => {
    void writeStream(req, mib, (chunk) => {
      crc = crc32(chunk, crc);
      return [`${chunk.length.toString(16)}\r\n`, chunk, '\r\n'];
    }).then(() => {
      const value = Buffer.alloc(4);
      value.writeUInt32BE(crc >>> 0);
      req.end(`0\r\nx-amz-checksum-crc32:${value.toString('base64')}\r\n\r\n`);
    });
  });
}

const dataDir = mkdtempSync(join(tmpdir(), 'bench-upload-memory-'));
const endpoint = await startEndpointProcess(dataDir, cli);
const { url, pid } = endpoint;
await send(url, 'PUT', '/mem', { 'content-length': '0' }, (req) => req.end());
const rows = [];
const idle = memoryOf(pid);
rows.push(['idle, after CreateBucket', idle.rssMiB, idle.peakMiB, '']);
const phases = {};
for (const [label, upload] of [
  [`${concurrent} × ${mib} MiB PutObject, plain bodies`, plainUpload],
  [`${concurrent} × ${mib} MiB PutObject, aws-chunked with CRC32 trailer`, chunkedUpload],
]) {
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrent }, (_, i) => upload(url, `${label.includes('chunked') ? 'chunked' : 'plain'}-${i}`)));
  const seconds = (performance.now() - began) / 1000;
  const after = memoryOf(pid);
  phases[label] = { ...after, seconds: round(seconds, 1), mibPerSecond: round((concurrent * mib) / seconds, 1) };
  rows.push([label, after.rssMiB, after.peakMiB, `${round(seconds, 1)} s (${round((concurrent * mib) / seconds)} MiB/s)`]);
}
await endpoint.stop();
rmSync(dataDir, { recursive: true, force: true });

const peak = rows[rows.length - 1][2];
writeResult(
  'upload-memory',
  { mibPerUpload: mib, concurrent, cli: cli ?? 'dist/cli.js', idle, phases, peakMiB: peak, goalMiB: 300 },
  `Resident memory of the endpoint process (MiB): RSS after each phase, and the peak so far (VmHWM). Goal: peak under 300 MiB.\n\n` +
    markdownTable(['phase', 'RSS after', 'peak so far', 'time'], rows) +
    `\n\nPeak ${peak} MiB: ${peak < 300 ? 'goal met' : 'over the 300 MiB goal'}.`,
);
