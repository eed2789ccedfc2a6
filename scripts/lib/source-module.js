// Imports a TypeScript module of src/ from a plain-JS script (the build, the docs, the benchmarks).
// dist/ holds only the bundled CLI, so esbuild bundles the module on the spot, its packages left
// as imports, into node_modules/.cache/, where those imports resolve from the project.
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `importSource('src/cli-reference.ts')`: the module's exports. */
export async function importSource(entry) {
  const dir = join(projectRoot, 'node_modules', '.cache', 'serverless-tutorial');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${basename(entry).replace(/\.tsx?$/, '')}-${process.pid}-${Date.now()}.mjs`);
  await build({
    entryPoints: [join(projectRoot, entry)],
    outfile,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  try {
    // Without code splitting the module's lazy imports are inside this one file: it can go at once.
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}
