// One endpoint process per data directory: the lock refuses a second live owner (naming its pid and
// address), and takes over a lock whose owner died or whose pid now belongs to another program —
// also when several starters race for the same stale lock.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { DataDirLockedError, lockDataDir, lockFileOf, processStartTime } from '../../src/endpoint/store/lock.js';
import { startLockedEndpoint } from '../../src/endpoint/embedded.js';
import { tempDir } from '../helpers/endpoint.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  children.forEach((c) => c.kill('SIGKILL'));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function dataDir(): string {
  const dir = tempDir('st-lock-');
  dirs.push(dir);
  return dir;
}

/** A live process that is not an endpoint (its pid stands for "another program"). */
async function sleeper(): Promise<ChildProcess> {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((r) => child.once('spawn', r));
  return child;
}

/** A pid that was alive a moment ago and is not any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return child.pid as number;
}

/** The lock module as plain JS for other processes (Node 20 runs no TypeScript; dist/ is one bundle). */
let LOCK_MODULE = '';
beforeAll(async () => {
  const dir = dataDir();
  const outfile = join(dir, 'lock.mjs');
  await build({ entryPoints: [new URL('../../src/endpoint/store/lock.ts', import.meta.url).pathname], outfile, bundle: true, packages: 'external', format: 'esm', platform: 'node', logLevel: 'silent' });
  LOCK_MODULE = pathToFileURL(outfile).href;
});

/** Runs `lockDataDir` in a separate process; resolves with what it printed (held / locked by …). */
function lockInChild(dir: string, holdMs: number): Promise<string> {
  const script = `
    import(${JSON.stringify(LOCK_MODULE)}).then(({ lockDataDir }) => {
      try { lockDataDir(${JSON.stringify(dir)}, 'endpoint'); console.log('held'); setTimeout(() => process.exit(0), ${holdMs}); }
      catch (e) { console.log('locked by ' + e.owner.pid); }
    });`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout.once('data', () => resolve(out.trim()));
    child.once('exit', () => resolve(out.trim()));
  });
}

describe('data directory lock', () => {
  it('a second lock on the same data is refused with the owner, and free again once released', () => {
    const dir = dataDir();
    const first = lockDataDir(dir, 'endpoint');
    first.setAddress('http://127.0.0.1:45999', 45999);
    let refused: unknown;
    try {
      lockDataDir(dir, 'embedded');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as DataDirLockedError).owner).toMatchObject({ pid: process.pid, port: 45999, url: 'http://127.0.0.1:45999', role: 'endpoint' });
    first.release();
    expect(existsSync(lockFileOf(dir))).toBe(false);
    lockDataDir(dir, 'embedded').release();
  });

  it('another live process holding it is named; a dead owner\'s lock is taken over', async () => {
    const dir = dataDir();
    const other = await sleeper();
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: other.pid, startTime: processStartTime(other.pid as number), role: 'endpoint', port: 4599, url: 'http://127.0.0.1:4599', since: 'x' }));
    expect(() => lockDataDir(dir, 'embedded')).toThrow(/process \d+ \(http:\/\/127\.0\.0\.1:4599\)/);

    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: await deadPid(), role: 'endpoint', port: 4599, since: 'y' }));
    const taken = lockDataDir(dir, 'embedded');
    expect(JSON.parse(readFileSync(lockFileOf(dir), 'utf8'))).toMatchObject({ pid: process.pid, role: 'embedded' });
    taken.release();
  });

  it('a pid now used by another program (other start time) does not hold the lock', async () => {
    const dir = dataDir();
    const other = await sleeper();
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: other.pid, startTime: '1', role: 'endpoint', since: 'z' }));
    const taken = lockDataDir(dir, 'endpoint');
    expect(JSON.parse(readFileSync(lockFileOf(dir), 'utf8')).pid).toBe(process.pid);
    taken.release();
  });

  it('several processes racing for a stale lock: exactly one gets it', async () => {
    const dir = dataDir();
    writeFileSync(lockFileOf(dir), JSON.stringify({ pid: await deadPid(), role: 'endpoint', since: 'stale' }));
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => lockInChild(dir, 3000)));
    expect(outcomes.filter((o) => o === 'held')).toHaveLength(1);
    expect(outcomes.filter((o) => o.startsWith('locked by '))).toHaveLength(3);
  }, 30_000);

  it('the endpoint releases its lock when it closes, and records its address while it runs', async () => {
    const dir = dataDir();
    const running = await startLockedEndpoint({ dataDir: dir, port: 0, role: 'endpoint' });
    expect(JSON.parse(readFileSync(join(dir, 'endpoint.lock'), 'utf8'))).toMatchObject({ pid: process.pid, port: running.port, url: running.url });
    await expect(startLockedEndpoint({ dataDir: dir, port: 0, role: 'embedded' })).rejects.toBeInstanceOf(DataDirLockedError);
    await running.close();
    expect(existsSync(join(dir, 'endpoint.lock'))).toBe(false);
  });
});
