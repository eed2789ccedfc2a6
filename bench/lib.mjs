// Shared pieces of the benchmarks: timing, medians, result files. Benchmarks measure and report;
// they never assert (speed is not a test outcome).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// dist/ is the bundled CLI only: benchmarks that call the runner's modules directly bundle them from src/.
export { importSource } from '../scripts/lib/source-module.js';

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
  return {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    totalMemGiB: round(os.totalmem() / 2 ** 30, 1),
    // The machine is shared: how busy it was says how far to trust absolute times (ratios travel better).
    loadAverage: os.loadavg().map((n) => round(n)),
  };
}

/**
 * Writes bench/results/<name>.json and a short <name>.md, and prints the markdown. `data.goals`
 * ({ <goal id>: { now, met } }, ids from bench/goals.mjs) are this bench's rows of the README's
 * performance table (written by `npm run bench`, or `npm run bench:readme` from stored results).
 */
export function writeResult(name, data, markdown) {
  mkdirSync(resultsDir, { recursive: true });
  const record = { bench: name, at: new Date().toISOString(), machine: machine(), ...data };
  writeFileSync(new URL(`${name}.json`, resultsDir), JSON.stringify(record, null, 2) + '\n');
  const md = `# ${name}\n\n${record.at} — Node ${record.machine.node}, ${record.machine.cpus} cores (${record.machine.cpuModel}), load average ${record.machine.loadAverage.join(' ')}\n\n${markdown}\n`;
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
  return { url, pid: child.pid, stop: () => new Promise((r) => { child.once("exit", r); child.kill("SIGTERM"); }) };
}

export function markdownTable(headers, rows) {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Creates the role bench functions use (the endpoint, like AWS, refuses a role that does not exist); returns its ARN. */
export async function createBenchRole(endpointUrl) {
  const { IAMClient, CreateRoleCommand } = await import('@aws-sdk/client-iam');
  const iam = new IAMClient({ endpoint: endpointUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'bench', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  iam.destroy();
  return Role.Arn;
}

/**
 * Starts `serverless-tutorial endpoint` (the built `cli`, default this checkout's) as its own
 * process on a free port, as a learner runs it; returns its URL and pid.
 */
export async function startEndpointProcess(dataDir, cli = new URL('../dist/cli.js', import.meta.url).pathname) {
  const child = spawn(process.execPath, [cli, 'endpoint', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  const url = await new Promise((resolveUrl, reject) => {
    const onData = (d) => {
      output += d.toString();
      const found = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (found && found[1] !== '0') resolveUrl(found[0]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`endpoint exited ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`endpoint did not start: ${output}`)), 30_000);
  });
  return { url, pid: child.pid, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** /proc/<pid>/stat's fields after the command name (field 14, utime, is index 11). */
function statFields(pid) {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
}

/** CPU time (user + system) a process has used so far, in ms: unlike latency, not inflated by other load. */
export function cpuMs(pid) {
  const fields = statFields(pid);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** CPU time (user + system, ms) of the children a process has waited for, and theirs. */
export function reapedChildrenCpuMs(pid = 'self') {
  const fields = statFields(pid);
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

/**
 * CPU time (user + system, ms) of a process and everything it started: its live descendants and
 * the children it has already reaped (e.g. an endpoint and its function workers).
 */
export function treeCpuMs(pid) {
  let fields;
  try {
    fields = statFields(pid);
  } catch {
    return 0; // gone
  }
  let total = ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
  let children = '';
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) children += ` ${readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')}`;
  } catch {
    // exited meanwhile: its own time above is what there is
  }
  for (const child of children.split(' ').filter(Boolean)) total += treeCpuMs(child);
  return total;
}

/** Median of the ratios a[i]/b[i] of runs taken in turn: drift in the machine's speed cancels pair by pair. */
export function pairedRatio(a, b) {
  return median(a.map((value, i) => value / b[i]));
}

const projectRoot = fileURLToPath(new URL('../', import.meta.url));

/**
 * The package as learners get it: `npm pack` (build first; scripts are not run) and `npx` from the
 * tarball, installed once here (not timed) into npm's npx cache. Returns the argv prefix that runs
 * the CLI through npx, how long that first install took, and a cleanup that removes the install.
 */
export function npxFromPackedTarball(work) {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const tarball = join(work, packed[0].filename);
  const argv = ['npx', '--yes', '--prefer-offline', '--package', tarball, 'serverless-tutorial'];
  const started = performance.now();
  const first = spawnSync(argv[0], [...argv.slice(1), '--version'], { encoding: 'utf8', cwd: work });
  if (first.status !== 0) throw new Error(`npx from ${tarball} failed:\n${first.stderr}`);
  const installMs = performance.now() - started;
  const cleanup = () => {
    // npx keeps each package spec's install in <cache>/_npx/<hash>/: remove the one for this tarball.
    const cache = join(execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim(), '_npx');
    for (const dir of existsSync(cache) ? readdirSync(cache) : []) {
      const manifest = join(cache, dir, 'package.json');
      if (existsSync(manifest) && readFileSync(manifest, 'utf8').includes(tarball)) rmSync(join(cache, dir), { recursive: true, force: true });
    }
  };
  return { argv, tarball, installMs, cleanup };
}
