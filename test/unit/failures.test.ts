// failures/: the operating system's refusals become a sentence in ja and en naming the path or
// address and what to do; anything else is a crash log (state dir, else the OS temp dir).
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdirSync as makeDir, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainSystemError, isSystemError } from '../../src/failures/system-error.js';
import { crashText, writeCrashLog } from '../../src/failures/crash-log.js';
import { ensureDirectory } from '../../src/fs/directories.js';
import { UserFacingError } from '../../src/errors.js';
import { unusedPort } from '../helpers/ports.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'st-failures-'));
  dirs.push(dir);
  return dir;
}

/** The error a real call throws (or rejects with). */
async function errorOf(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function explained(error: unknown, stateDir?: string): { en: string; ja: string } {
  const user = explainSystemError(error, { stateDir });
  expect(user).toBeInstanceOf(UserFacingError);
  expect(user!.exitCode).toBe(2);
  expect(user!.text.en.trim()).not.toBe('');
  expect(user!.text.ja.trim()).not.toBe('');
  return user!.text;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

describe('system errors from real calls', () => {
  it('file system: EISDIR, ENOTDIR, EEXIST, ENOENT, ELOOP, ENAMETOOLONG name the path and say what to do', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'afile'), 'x');
    mkdirSync(join(dir, 'adir'));
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));

    const isDir = explained(await errorOf(() => writeFileSync(join(dir, 'adir'), 'x')));
    expect(isDir.en).toContain(`${join(dir, 'adir')} is a directory, but a file is needed here`);
    expect(isDir.ja).toContain('はディレクトリです');
    // readFileSync on a directory does not say which one: still a sentence, not "connection failed".
    expect(explained(await errorOf(() => readFileSync(join(dir, 'adir')))).en).toContain('A directory was found where a file is needed');

    const notDir = explained(await errorOf(() => makeDir(join(dir, 'afile', 'sub'))));
    expect(notDir.en).toContain(`${join(dir, 'afile')} is a file, not a directory`);

    const exists = explained(await errorOf(() => makeDir(join(dir, 'afile'))));
    expect(exists.en).toContain(`${join(dir, 'afile')} already exists and is not a directory`);

    const missing = explained(await errorOf(() => readFileSync(join(dir, 'nope.json'))));
    expect(missing.en).toContain(`${join(dir, 'nope.json')} does not exist`);

    expect(explained(await errorOf(() => readFileSync(join(dir, 'loop-a')))).en).toContain('loop of symbolic links');
    expect(explained(await errorOf(() => readFileSync(join(dir, 'x'.repeat(300))))).en).toContain('The path is too long');
  });

  it('a path in the state dir gets the --state-dir advice', async () => {
    const dir = temp();
    const shaped = Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open', path: join(dir, 'progress.json') });
    const text = explained(shaped, dir);
    expect(text.en).toContain('choose a directory you can write with --state-dir DIR');
    expect(text.ja).toContain('--state-dir DIR で指定してください');
  });

  it('/proc/foo: ensureDirectory ends with ENOENT where recursive mkdir spins, and that is explained', async () => {
    if (!readdirSync('/proc').includes('self')) return; // Linux only
    const error = await errorOf(() => ensureDirectory('/proc/serverless-tutorial-test/sub'));
    expect(explained(error).en).toContain('Could not create the directory /proc/serverless-tutorial-test');
  });

  it('network: EADDRINUSE, EADDRNOTAVAIL, ENOTFOUND and ECONNREFUSED name the address', async () => {
    const busy = createServer();
    await listen(busy, 0, '127.0.0.1');
    const port = (busy.address() as AddressInfo).port;
    try {
      const inUse = explained(await errorOf(() => listen(createServer(), port, '127.0.0.1')));
      expect(inUse.en).toContain(`127.0.0.1:${port} is already in use`);
    } finally {
      busy.close();
    }
    const notHere = explained(await errorOf(() => listen(createServer(), 0, '10.255.255.1')));
    expect(notHere.en).toContain('10.255.255.1 is not an address of this machine');
    expect(notHere.ja).toContain('--host 127.0.0.1');

    const notFound = explained(await errorOf(() => listen(createServer(), 0, '256.1.1.1')));
    expect(notFound.en).toContain('256.1.1.1 is not an IP address');

    const closed = await unusedPort();
    const refused = explained(
      await errorOf(
        () =>
          new Promise((resolve, reject) => {
            const socket = createConnection(closed, '127.0.0.1', () => resolve(socket.end()));
            socket.once('error', reject);
          }),
      ),
    );
    expect(refused.en).toContain(`Nothing answers at 127.0.0.1:${closed}`);
  });

  it('errors the kernel will not give root here (EACCES, EROFS, ENOSPC, EMFILE) keep their path and advice', () => {
    // Node's shape for these, as fs throws them (the CLI tests make EACCES happen for real).
    const shaped = (code: string, syscall: string, path: string) => Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path, errno: -1 });
    expect(explained(shaped('EACCES', 'mkdir', '/srv/x/state')).en).toMatch(/^Permission denied: could not create the directory \/srv\/x\/state\.\nCheck who owns it/);
    expect(explained(shaped('EROFS', 'open', '/media/cd/report.txt')).en).toContain('the file system is read-only');
    expect(explained(shaped('ENOSPC', 'write', '/home/a/.serverless-tutorial/progress.json')).ja).toContain('ディスクがいっぱい');
    expect(explained(shaped('EMFILE', 'open', '/home/a/x')).en).toContain('ulimit -n');
    expect(explained(shaped('EACCES', 'listen', '')).en).toBeDefined();
  });

  it('is not fooled by errors that are not system errors', () => {
    expect(isSystemError(new TypeError('x'))).toBe(false);
    expect(isSystemError(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe(false);
    expect(explainSystemError('EACCES')).toBeUndefined();
  });
});

describe('crash log', () => {
  it('goes to the state dir, with the trace and without secrets', () => {
    const state = temp();
    const error = new TypeError('boom with ghp_abcdefghijklmnopqrstuvwxyz0123');
    const file = writeCrashLog(error, { argv: ['list', '--endpoint', 'http://admin:hunter2pw@localhost:4566'], stateDir: state, env: { MY_TOKEN: 'token-value-123' } });
    expect(file?.startsWith(state)).toBe(true);
    const body = readFileSync(file!, 'utf8');
    expect(body).toMatch(/TypeError: boom with \[REDACTED\]\n\s+at /);
    expect(body).not.toContain('hunter2pw');
    const text = crashText(error, file);
    expect(text.en).toContain(file!);
    expect(text.en).not.toMatch(/\n\s+at /);
    expect(text.ja).toContain('講師に送ってください');
  });

  it('falls back to the OS temp dir when the state dir cannot be written', () => {
    const sandbox = temp();
    writeFileSync(join(sandbox, 'afile'), 'x');
    mkdirSync(join(sandbox, 'tmp'));
    const file = writeCrashLog(new Error('boom'), { argv: [], stateDir: join(sandbox, 'afile', 'state'), tempDir: join(sandbox, 'tmp') });
    expect(file?.startsWith(join(sandbox, 'tmp'))).toBe(true);
    expect(readFileSync(file!, 'utf8')).toContain('Error: boom');
    // Nowhere writable at all: no file, and the terminal says the details could not be saved.
    expect(writeCrashLog(new Error('boom'), { argv: [], stateDir: join(sandbox, 'afile', 'a'), tempDir: join(sandbox, 'afile', 'b') })).toBeUndefined();
    expect(crashText(new Error('boom'), undefined).en).toContain('could not be saved');
  });
});
