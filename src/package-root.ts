// Where the runner's own files are, found from this module's location so it works however the
// code is laid out: src/ under ts-jest, dist/cli.js and dist/chunks/*.js in the built bundle (where
// a module's import.meta.url is its chunk's, not its source file's), and an installed package.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_NAME = 'serverless-tutorial';

interface Manifest {
  name?: string;
  version?: string;
}

let found: { dir: string; manifest: Manifest } | undefined;

function findPackage(): { dir: string; manifest: Manifest } {
  if (found) return found;
  const here = fileURLToPath(import.meta.url);
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      if (manifest.name === PACKAGE_NAME) return (found = { dir, manifest });
    }
    if (dirname(dir) === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${here}`);
  }
}

/** The folder holding the runner's package.json (and lessons/, lambda/, dist/). */
export function packageRoot(): string {
  return findPackage().dir;
}

/** The runner's version, from its package.json. */
export function packageVersion(): string {
  return findPackage().manifest.version ?? '0.0.0';
}

/**
 * A path in the tree this code runs from: src/ when running from source (tests), else dist/, where
 * the build writes the bundle and copies the files that sit beside the code (the function
 * runtime's bootstrap, the compiled lessons) in the same layout as under src/.
 */
export function codePath(...segments: string[]): string {
  const root = packageRoot();
  const fromSource = fileURLToPath(import.meta.url).startsWith(join(root, 'src') + sep);
  return join(root, fromSource ? 'src' : 'dist', ...segments);
}
