// The handler's bundle kept between builds (bundle-cache.ts): used while nothing that decided it has
// changed, made again when a file it read changes or a new file changes what an import resolves to,
// and never kept from files written just before the build (their identity cannot vouch for them).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleHandlerCached } from '../../src/steps/packaging/bundle-cache.js';
import { runnerModuleDirs } from '../../src/steps/packaging/package-function.js';

const FUNCTION_SRC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'lambda', 'image-processor', 'src');
const made: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A copy of the lesson's function source, as a learner's own would be. */
function copyOfFunction(): string {
  const dir = tempDir('bundle-src-');
  cpSync(FUNCTION_SRC, join(dir, 'src'), { recursive: true });
  return dir;
}

const bundle = (sourceDir: string, cacheDir: string) =>
  bundleHandlerCached({ sourceDir, entry: 'src/index.ts', fallbackNodeModules: runnerModuleDirs() }, cacheDir);

let settled: string;

beforeAll(async () => {
  settled = copyOfFunction();
  // A file's identity vouches for its content only once the clock has moved on past its last
  // write (a second, for filesystems with coarse timestamps): this copy is used after that.
  await new Promise((resolve) => setTimeout(resolve, 1100));
});

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('the kept bundle', () => {
  it('is used while the source is unchanged, and made again when a file it read changes', async () => {
    const cacheDir = tempDir('bundle-cache-');
    const first = await bundle(settled, cacheDir);
    const again = await bundle(settled, cacheDir);
    expect([first.fromCache, again.fromCache]).toEqual([false, true]);
    expect(again.code.equals(first.code)).toBe(true);
    expect(again.inputs).toEqual(first.inputs);

    // Same size, other content: only the file's identity tells.
    const config = join(settled, 'src', 'config.ts');
    const source = readFileSync(config, 'utf8');
    expect(source).toContain('DEFAULT_MAX_WIDTH = 800;');
    writeFileSync(config, source.replace('DEFAULT_MAX_WIDTH = 800;', 'DEFAULT_MAX_WIDTH = 640;'));
    try {
      const changed = await bundle(settled, cacheDir);
      expect(changed.fromCache).toBe(false);
      expect(changed.code.toString()).toContain('DEFAULT_MAX_WIDTH = 640');
    } finally {
      writeFileSync(config, source);
    }
  });

  it('is made again when a new file beside an import changes what the import resolves to', async () => {
    const sourceDir = copyOfFunction();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const cacheDir = tempDir('bundle-cache-');
    await bundle(sourceDir, cacheDir);
    expect((await bundle(sourceDir, cacheDir)).fromCache).toBe(true);

    // `import … from './config.js'` takes config.js over config.ts once there is one; no file the
    // first bundle read has changed.
    writeFileSync(join(sourceDir, 'src', 'config.js'), "export const readConfig = () => ({ maxWidth: 123, marker: 'SHADOWING_CONFIG' });\n");
    const shadowed = await bundle(sourceDir, cacheDir);
    expect(shadowed.fromCache).toBe(false);
    expect(shadowed.code.toString()).toContain('SHADOWING_CONFIG');
  });

  it('is not kept from files written just before the build', async () => {
    const fresh = copyOfFunction();
    const cacheDir = tempDir('bundle-cache-');
    const first = await bundle(fresh, cacheDir);
    const again = await bundle(fresh, cacheDir);
    expect([first.fromCache, again.fromCache]).toEqual([false, false]);
    expect(again.code.equals(first.code)).toBe(true);
  });
});
