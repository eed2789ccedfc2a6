// Shared pieces of the benchmarks: timing, medians, result files. Benchmarks measure and report;
// they never assert (speed is not a test outcome).
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import os from 'node:os';

// Quiet the SDK's Node 20 support notice: it is about the dependency, not what is measured.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const resultsDir = new URL('./results/', import.meta.url);

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function timeMs(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function machine() {
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, totalMemGiB: round(os.totalmem() / 2 ** 30, 1) };
}

/** Writes bench/results/<name>.json and a short <name>.md, and prints the markdown. */
export function writeResult(name, data, markdown) {
  mkdirSync(resultsDir, { recursive: true });
  const record = { bench: name, at: new Date().toISOString(), machine: machine(), ...data };
  writeFileSync(new URL(`${name}.json`, resultsDir), JSON.stringify(record, null, 2) + '\n');
  const md = `# ${name}\n\n${record.at} — Node ${record.machine.node}, ${record.machine.cpus} cores (${record.machine.cpuModel})\n\n${markdown}\n`;
  writeFileSync(new URL(`${name}.md`, resultsDir), md);
  process.stdout.write(md + '\n');
}

export function findMotoServer() {
  const found = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** A loopback port that was free a moment ago (benchmarks never take 4566: tests run beside them). */
export async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

export async function startMoto(path) {
  const port = await freePort();
  const child = spawn(path, ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_ACCOUNT_ID: '000000000000', MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/moto-api/`)).status < 500) break;
    } catch {}
    if (Date.now() > deadline) throw new Error('moto_server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

export function markdownTable(headers, rows) {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
