// CodeCache: each code version unpacked once into its own directory; zip slip and symlinks refused,
// nothing written outside; permission bits kept.
import { describe, it, expect, afterAll } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { CodeCache } from '../../src/endpoint/lambda/runtime/code-cache.js';
import { makeFunction } from '../fixtures/functions/make-function.js';
import type { RunnableFunction } from '../../src/endpoint/lambda/runtime/types.js';

const root = mkdtempSync(join(tmpdir(), 'st-code-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function rawZipFunction(name: string, entries: Zippable): RunnableFunction {
  const zip = zipSync(entries);
  const zipPath = join(root, `${name}.zip`);
  writeFileSync(zipPath, zip);
  return {
    name, arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`, runtime: 'nodejs20.x', handler: 'index.handler',
    timeoutSeconds: 3, memorySizeMb: 128, environment: {}, codeSha256: createHash('sha256').update(zip).digest('base64'), zipPath, version: '$LATEST',
  };
}

describe('CodeCache', () => {
  it('unpacks a version once, into a directory named by its CodeSha256, keeping modes', async () => {
    const dataDir = join(root, 'data1');
    const cache = new CodeCache(dataDir);
    const fn = makeFunction(join(root, 'zips'), { files: { 'index.js': 'x', 'bin/tool': { content: '#!/bin/sh', mode: 0o755 }, 'lib/a.js': 'a' } });
    const dir = await cache.taskRootFor(fn);
    expect(dir.endsWith(Buffer.from(fn.codeSha256, 'base64').toString('hex'))).toBe(true);
    expect(readFileSync(join(dir, 'lib/a.js'), 'utf8')).toBe('a');
    expect(statSync(join(dir, 'bin/tool')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'index.js')).mode & 0o777).toBe(0o644);
    // Same version again (also from a fresh cache, i.e. after a restart): the same directory, not re-extracted.
    writeFileSync(join(dir, 'marker'), 'still here');
    expect(await new CodeCache(dataDir).taskRootFor(fn)).toBe(dir);
    expect(existsSync(join(dir, 'marker'))).toBe(true);
    // Concurrent first uses share one extraction.
    const other = makeFunction(join(root, 'zips'), { files: { 'index.js': 'y' } });
    const [a, b] = await Promise.all([cache.taskRootFor(other), cache.taskRootFor(other)]);
    expect(a).toBe(b);
  });

  it('refuses entries that would land outside the directory', async () => {
    const dataDir = join(root, 'data2');
    const cache = new CodeCache(dataDir);
    const fn = rawZipFunction('slip', { 'index.js': strToU8('ok'), '../../escaped.js': strToU8('evil') });
    await expect(cache.taskRootFor(fn)).rejects.toThrow(/relative path|outside/);
    expect(existsSync(join(dataDir, 'escaped.js'))).toBe(false);
    expect(existsSync(join(dataDir, 'lambda', 'escaped.js'))).toBe(false);
    // No half-unpacked version is left behind.
    expect(readdirSync(join(dataDir, 'lambda', 'runtime-code')).filter((n) => n !== 'package.json')).toEqual([]);
  });

  it('refuses symbolic links', async () => {
    const cache = new CodeCache(join(root, 'data3'));
    const fn = rawZipFunction('link', { 'index.js': strToU8('ok'), 'passwd': [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] });
    await expect(cache.taskRootFor(fn)).rejects.toThrow(/symbolic link: passwd/);
  });

  it('puts a CommonJS package.json boundary above every task root', async () => {
    const dataDir = join(root, 'data4');
    new CodeCache(dataDir);
    expect(JSON.parse(readFileSync(join(dataDir, 'lambda', 'runtime-code', 'package.json'), 'utf8')).type).toBe('commonjs');
  });
});
