// Finding 3 of issue 10: `--embedded` serves on the endpoint's own address and never moves to a
// random port. What already answers there decides: the built-in endpoint of another terminal is
// used (and said), LocalStack is used (and said), anything else stops the command (exit 2) with
// what it is. One endpoint process per data directory: a second one refuses, naming the first.
import { afterAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, runCli, spawnCli, type SpawnedCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/endpoint.js';
import { unusedPort } from '../helpers/ports.js';

const dirs: string[] = [];
const spawned: SpawnedCli[] = [];
const servers: Server[] = [];
afterAll(async () => {
  for (const s of spawned) s.child.kill('SIGKILL');
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function stateDir(): string {
  const dir = tempDir('st-embedded-');
  dirs.push(dir);
  return dir;
}

async function serveHttp(handler: (path: string) => { status: number; headers: Record<string, string>; body: string }): Promise<number> {
  const port = await unusedPort();
  const server = createServer((req, res) => {
    const answer = handler(req.url ?? '/');
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return port;
}

describe('--embedded on the endpoint\'s address', () => {
  it('uses the built-in endpoint another terminal serves for the same data, says so, and a second endpoint on that data refuses', async () => {
    const state = stateDir();
    const port = await unusedPort();
    const url = `http://127.0.0.1:${port}`;
    const other = spawnCli(['endpoint', '--port', String(port), '--state-dir', state], { cwd: state });
    spawned.push(other);
    await other.waitFor(/ready: http/);

    const run = await runCli(['run', '--step', 'localstack', '--embedded', '--endpoint', url, '--state-dir', state, '--lang', 'en'], { cwd: state });
    expect({ code: run.code, note: run.stderr }).toEqual({ code: 0, note: expect.stringContaining(`The built-in endpoint at ${url} already serves this data`) });
    expect(run.stderr).toContain(`process ${other.child.pid}`);
    // The lesson's progress names the address that keeps answering, not a port that died with the command.
    expect(JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8')).endpoint).toBe(url);
    expect((await fetch(`${url}/_localstack/health`)).status).toBe(200);

    // A second endpoint on the same data, on another port: refused, naming the first (exit 2).
    const second = await runCli(['endpoint', '--port', String(await unusedPort()), '--state-dir', state, '--lang', 'en'], { cwd: state });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`already served by process ${other.child.pid} at ${url}`);
    expect(second.stderr).toContain(`kill ${other.child.pid}`);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    const embeddedElsewhere = await runCli(['run', '--step', 'localstack', '--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', state, '--lang', 'ja'], { cwd: state });
    expect(embeddedElsewhere.code).toBe(2);
    expect(embeddedElsewhere.stderr).toContain(`すでにプロセス ${other.child.pid} (${url}) が使っています`);
    expect(embeddedElsewhere.stderr).toContain(`--endpoint ${url}`);
  }, 60_000);

  it('something else on the port: says what it is and stops (exit 2), suggesting a free port; nothing is started', async () => {
    const state = stateDir();
    const port = await serveHttp(() => ({ status: 200, headers: { server: 'learner-dev-server', 'content-type': 'text/html' }, body: '<h1>My portfolio</h1>' }));
    const url = `http://127.0.0.1:${port}`;
    const en = await runCli(['run', '--step', 'localstack', '--embedded', '--endpoint', url, '--state-dir', state, '--lang', 'en'], { cwd: state });
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(`Port ${port} (${url}) is taken by something that is neither LocalStack nor the built-in endpoint (process ${process.pid}:`);
    expect(en.stderr).toContain('Server: learner-dev-server');
    expect(en.stderr).toContain(`node ${CLI} --endpoint http://127.0.0.1:`);
    expect(en.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(state, 'endpoint', 'endpoint.lock'))).toBe(false);
    const ja = await runCli(['run', '--step', 'localstack', '--embedded', '--endpoint', url, '--state-dir', state, '--lang', 'ja'], { cwd: state });
    expect(ja.code).toBe(2);
    expect(ja.stderr).toContain(`ポート ${port} (${url}) は LocalStack でも内蔵エンドポイントでもないものが使っています`);
  }, 60_000);

  it('LocalStack answering on the address is used and named; no built-in endpoint is started', async () => {
    const state = stateDir();
    // A stand-in that answers LocalStack's health route as LocalStack 4.14 does (no Docker here).
    const port = await serveHttp((path) => path.startsWith('/_localstack/health')
      ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ services: { s3: 'available', lambda: 'available' }, edition: 'community', version: '4.14.0' }) }
      : { status: 404, headers: { 'content-type': 'text/plain' }, body: '' });
    const url = `http://127.0.0.1:${port}`;
    const run = await runCli(['check', '--read-only', '--embedded', '--endpoint', url, '--state-dir', state, '--lang', 'en', '--format', 'json'], { cwd: state });
    expect(run.stderr).toContain(`LocalStack 4.14.0 already answers at ${url}`);
    expect(run.stderr).toContain('using it instead of starting the built-in endpoint');
    expect(JSON.parse(run.stdout).endpoint).toBe(url);
    expect(existsSync(join(state, 'endpoint', 'endpoint.lock'))).toBe(false);
  }, 60_000);

  it('serves on the given port when it is free, and takes over the lock a killed endpoint left behind', async () => {
    const state = stateDir();
    const port = await unusedPort();
    const url = `http://127.0.0.1:${port}`;
    const killed = spawnCli(['endpoint', '--port', String(port), '--state-dir', state], { cwd: state });
    spawned.push(killed);
    await killed.waitFor(/ready: http/);
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(JSON.parse(readFileSync(join(state, 'endpoint', 'endpoint.lock'), 'utf8')).pid).toBe(killed.child.pid);

    const run = await runCli(['run', '--step', 'localstack', '--embedded', '--endpoint', url, '--state-dir', state, '--lang', 'en'], { cwd: state });
    expect({ code: run.code, note: run.stderr }).toEqual({ code: 0, note: expect.stringContaining(`Built-in endpoint started at ${url}`) });
    // Released when the command ended.
    expect(existsSync(join(state, 'endpoint', 'endpoint.lock'))).toBe(false);
  }, 60_000);

  it('refuses an address that is not this machine (exit 2)', async () => {
    const state = stateDir();
    writeFileSync(join(state, '.keep'), '');
    const run = await runCli(['run', '--step', 'localstack', '--embedded', '--endpoint', 'http://10.0.0.12:4566', '--state-dir', state, '--lang', 'en'], { cwd: state });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--embedded serves the built-in endpoint on this machine, but the endpoint is http://10.0.0.12:4566');
  });
});
