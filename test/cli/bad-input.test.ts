// The bad inputs issue 14 lists, each through the built CLI as a careless learner would type
// them: every one ends in a message that names the path or address and says what to do (exit 2),
// never a stack trace, and nothing outside the state directory changes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { emptyProgress, ProgressStore } from '../../src/progress/store.js';
import { fileNameFor } from '../../src/endpoint/store/safe-name.js';
import { runCli, spawnCli, type CliRun } from '../helpers/cli.js';
import { unusedPort } from '../helpers/ports.js';
import { openTempDir, readOnlyMode } from '../helpers/read-only.js';

const dirs: string[] = [];
const readOnly = readOnlyMode();
afterAll(() => {
  for (const dir of dirs) {
    readOnly.release(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

function sandbox(): string {
  const dir = openTempDir('st-bad-input-');
  dirs.push(dir);
  return dir;
}

/** "at fn (file:line:col)" lines or Node's own frames: what a learner must never see. */
const STACK_TRACE = /^\s+at .*(?:\(.*:\d+:\d+\)|:\d+:\d+)$|node:internal|^\w*Error: .*\n\s+at /m;

/** A usage/config error said for a person: exit 2, no stack trace, not the crash path. */
function expectExplained(run: CliRun): void {
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.any(String) });
  for (const output of [run.stdout, run.stderr]) {
    expect(output).not.toMatch(STACK_TRACE);
    expect(output).not.toMatch(/Unexpected error|予期しないエラー/);
  }
}

let closed = '';
beforeAll(async () => {
  closed = `http://127.0.0.1:${await unusedPort()}`;
});

const describeReadOnly = readOnly.skipReason ? describe.skip : describe;
describeReadOnly(`a read-only state directory${readOnly.skipReason ? ` (skipped: ${readOnly.skipReason})` : ''}`, () => {
  function readOnlyProject(): { project: string; state: string } {
    const project = join(sandbox(), 'project');
    const state = join(project, '.serverless-tutorial');
    mkdirSync(state, { recursive: true });
    const store = new ProgressStore(state);
    store.markDone(emptyProgress('serverless-basics'), 'localstack');
    readOnly.protect(project);
    return { project, state };
  }

  it('reset --step 6: says the state directory cannot be written and how to choose another, in both languages', async () => {
    const { project, state } = readOnlyProject();
    const before = readFileSync(join(state, 'progress.json'), 'utf8');
    const en = await runCli(['reset', '--step', '6', '--endpoint', closed], { cwd: project, wrapper: readOnly.wrapper });
    expectExplained(en);
    expect(en.stderr).toContain('Permission denied');
    expect(en.stderr).toContain(join(state, 'progress.json'));
    expect(en.stderr).toContain('--state-dir DIR');
    const ja = await runCli(['--lang', 'ja', 'reset', '--step', '6', '--endpoint', closed], { cwd: project, wrapper: readOnly.wrapper });
    expectExplained(ja);
    expect(ja.stderr).toContain('権限がないため');
    expect(ja.stderr).toContain('--state-dir DIR で指定してください');
    expect(readFileSync(join(state, 'progress.json'), 'utf8')).toBe(before);
  });

  it('run --step 2 --embedded: the built-in endpoint cannot make its data directory', async () => {
    const { project, state } = readOnlyProject();
    // An explicit free port: nothing binds 4566 even if the endpoint got as far as listening.
    const run = await runCli(['run', '--step', '2', '--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`], { cwd: project, wrapper: readOnly.wrapper });
    expectExplained(run);
    expect(run.stderr).toContain(join(state, 'endpoint'));
    expect(existsSync(join(state, 'endpoint'))).toBe(false);
  });

  it('init dir: cannot create the project directory, says where and what to do', async () => {
    const { project } = readOnlyProject();
    const run = await runCli(['init', 'dir'], { cwd: project, wrapper: readOnly.wrapper });
    expectExplained(run);
    expect(run.stderr).toContain(`could not create the directory ${join(project, 'dir')}`);
    expect(run.stderr).toContain(`ls -ld ${project}`);
  });
});

describe('paths of the wrong kind', () => {
  it('init /proc/foo ends (Node\'s recursive mkdir would spin there forever) with a reason', async () => {
    if (!existsSync('/proc/self')) return; // Linux only: no /proc elsewhere
    const run = await runCli(['init', '/proc/foo'], { cwd: sandbox(), timeoutMs: 20_000 });
    expectExplained(run);
    expect(run.stderr).toContain('Could not create the directory /proc/foo');
  });

  it('endpoint --data-dir <a file>: a file where a directory is needed', async () => {
    const dir = sandbox();
    writeFileSync(join(dir, 'afile'), 'x');
    const run = await runCli(['endpoint', '--port', '0', '--data-dir', 'afile'], { cwd: dir });
    expectExplained(run);
    expect(run.stderr).toContain(`--data-dir: ${join(dir, 'afile')} is a file, not a directory`);
  });

  it('list --state-dir <a file> (and one below a file): a usage error, never "saved in afile/progress.json"', async () => {
    const dir = sandbox();
    writeFileSync(join(dir, 'afile'), 'x');
    for (const stateDir of ['afile', 'afile/sub']) {
      const run = await runCli(['list', '--state-dir', stateDir], { cwd: dir });
      expectExplained(run);
      expect(run.stdout).not.toContain('progress.json');
      expect(run.stderr).toContain(`${join(dir, 'afile')}`);
      expect(run.stderr).toMatch(/is a file, not a directory/);
    }
    const ja = await runCli(['--lang', 'ja', 'reset', '--state-dir', 'afile'], { cwd: dir });
    expectExplained(ja);
    expect(ja.stderr).toContain('はディレクトリではなくファイルです');
    // Every command, also those that would not read it (init), and before anything is written.
    const init = await runCli(['init', 'lesson', '--state-dir', 'afile'], { cwd: dir });
    expectExplained(init);
    expect(existsSync(join(dir, 'lesson'))).toBe(false);
    expect(readFileSync(join(dir, 'afile'), 'utf8')).toBe('x');
  });

  it('check --output <a directory>: said before any check runs, nothing written', async () => {
    const dir = sandbox();
    mkdirSync(join(dir, 'reports'));
    const run = await runCli(['check', '--endpoint', closed, '--output', 'reports'], { cwd: dir });
    expectExplained(run);
    expect(run.stderr).toContain(`--output: ${join(dir, 'reports')} is a directory`);
    expect(run.stdout).toBe('');
    expect(readdirSync(join(dir, 'reports'))).toEqual([]);
  });
});

describe('the built-in endpoint', () => {
  it('endpoint --host 256.1.1.1 (ENOTFOUND): names the address and what to use', async () => {
    const dir = sandbox();
    const run = await runCli(['endpoint', '--host', '256.1.1.1', '--port', '0', '--state-dir', 'state'], { cwd: dir });
    expectExplained(run);
    expect(run.stderr).toContain('256.1.1.1 is not an IP address');
    expect(run.stderr).toContain('127.0.0.1');
  });

  it('a function record that is a directory (EISDIR at start): starts without it, says so, keeps it', async () => {
    const dir = sandbox();
    const record = join(dir, 'data', 'lambda', 'functions', `${fileNameFor('us-east-1\nimage-processor')}.json`);
    mkdirSync(record, { recursive: true });
    const endpoint = spawnCli(['endpoint', '--port', '0', '--data-dir', 'data'], { cwd: dir });
    await endpoint.waitFor(/Built-in endpoint ready: (\S+)/);
    endpoint.child.kill('SIGINT');
    const code = await endpoint.exited;
    const { stdout, stderr } = endpoint.output();
    expect(code).toBe(0);
    expect(stderr).toContain(`The built-in endpoint's file ${record} was damaged (a directory where a file should be)`);
    expect(`${stdout}${stderr}`).not.toMatch(STACK_TRACE);
    expect(readdirSync(join(dir, 'data', 'damaged'))).toHaveLength(1);
    expect(existsSync(record)).toBe(false);
  });
});

describe('--endpoint values refused up front', () => {
  it.each([
    ['', 'the value is empty'],
    ['http://127.0.0.1:0', 'port 0, where nothing can answer'],
    ['http://169.254.169.254', '169.254.169.254 is a cloud instance metadata service'],
    ['http://169.254.1.1:4566', 'link-local address'],
  ])('--endpoint %j: exit 2 with the reason, for a command that uses it and one that does not', async (value, reason) => {
    for (const command of ['check', 'list']) {
      const run = await runCli([command, '--endpoint', value], { cwd: sandbox(), timeoutMs: 20_000 });
      expectExplained(run);
      expect(run.stderr).toContain(`--endpoint: `);
      expect(run.stderr).toContain(reason);
    }
  });
});

describe('no SDK internals in any message', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    // What a proxy or a web server says instead of AWS (the metadata service's answer through a proxy was this).
    server = createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('resolve_deny: denied destination');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('check against something that is not AWS: "not an AWS answer", never $response or UnknownError', async () => {
    for (const format of ['text', 'json']) {
      const run = await runCli(['check', '--endpoint', url, '--read-only', '--format', format], { cwd: sandbox() });
      expect(run.code).toBe(1);
      const output = `${run.stdout}${run.stderr}`;
      for (const internal of ['$response', 'Deserialization', 'hidden field', 'UnknownError', 'XML parse error', 'is not valid JSON']) {
        expect(output).not.toContain(internal);
      }
      expect(output).toContain('HTTP 403: the answer is not AWS XML or JSON');
    }
  });
});

describe('doctor never shows a password from the environment', () => {
  it('AWS_ENDPOINT_URL=http://admin:hunter2pw@…: not on stdout, stderr or in --report', async () => {
    const dir = sandbox();
    const port = await unusedPort();
    const run = await runCli(['doctor', '--report', 'report.md'], {
      cwd: dir,
      env: { PATH: '/nonexistent', AWS_ENDPOINT_URL: `http://admin:hunter2pw@127.0.0.1:${port}`, DB_PASS: 'db-pass-value' },
    });
    expect(run.code).toBe(1);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const text of [run.stdout, run.stderr, report]) {
      expect(text).not.toContain('hunter2pw');
      expect(text).not.toContain('db-pass-value');
    }
    expect(run.stdout).toContain(`AWS_ENDPOINT_URL=http://***@127.0.0.1:${port}`);
  });
});

describe('an unexpected error (a bug) still never shows a trace', () => {
  // Faults injected into the real CLI process with --import: one inside the command (reading the
  // lesson, as the build compiled it and as YAML), one outside it.
  const injections = {
    'inside the command': `data:text/javascript,${encodeURIComponent(
      "import f from 'node:fs/promises'; import { syncBuiltinESMExports as s } from 'node:module'; const r = f.readFile; f.readFile = (p, ...a) => /(lesson\\.yaml|serverless-basics\\.json)$/.test(String(p)) ? Promise.reject(new TypeError('injected by the test')) : r(p, ...a); s();",
    )}`,
    'outside it (uncaught)': `data:text/javascript,${encodeURIComponent(
      "const t = setInterval(() => { if (process.listenerCount('uncaughtException') > 0) { clearInterval(t); throw new TypeError('injected by the test'); } }, 5);",
    )}`,
  };

  it.each(Object.entries(injections))('%s: two lines on the terminal, the trace in a crash log in the state dir', async (_where, module) => {
    const dir = sandbox();
    const run = await runCli(['--lang', 'ja', 'list', '--state-dir', 'state'], { cwd: dir, env: { NODE_OPTIONS: `--import=${module}` } });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr).toContain('予期しないエラーです: TypeError: injected by the test');
    const logs = readdirSync(join(dir, 'state')).filter((f) => f.startsWith('crash-'));
    expect(logs).toHaveLength(1);
    expect(run.stderr).toContain(join(dir, 'state', logs[0]));
    expect(readFileSync(join(dir, 'state', logs[0]), 'utf8')).toMatch(/TypeError: injected by the test\n\s+at /);
  });
});
