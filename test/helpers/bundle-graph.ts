// Reads the built bundle (dist/cli.js and dist/chunks/) as Node loads it: which files a file pulls
// in through static imports (dynamic import() is not followed), and which source modules and
// packages those files hold (esbuild writes a `// <path>` line before each module it bundles).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CLI } from './cli.js';

const DIST = dirname(CLI);

export function bundleFiles(): string[] {
  return [CLI, ...readdirSync(join(DIST, 'chunks')).map((name) => join(DIST, 'chunks', name))];
}

/** The output file holding a source module, e.g. `src/ui/render.tsx`. */
export function fileHolding(sourceModule: string): string {
  const found = bundleFiles().find((file) => readFileSync(file, 'utf8').includes(`\n// ${sourceModule}\n`));
  if (!found) throw new Error(`no file in dist/ holds ${sourceModule}: build first (npm run build)`);
  return found;
}

/** Every file loaded with `entries` before any of their code runs: their static imports, followed. */
export function staticClosure(...entries: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      if (match[1].startsWith('.')) visit(resolve(dirname(file), match[1]));
    }
  };
  entries.forEach(visit);
  return seen;
}

/** The packages (`ink`, `@aws-sdk/client-s3`) and source modules (`src/cli.ts`) bundled into `files`. */
export function modulesIn(files: Iterable<string>): { packages: Set<string>; sources: Set<string> } {
  const packages = new Set<string>();
  const sources = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^\/\/ node_modules\/((?:@[^/\n]+\/)?[^/\n]+)\//gm)) packages.add(match[1]);
    for (const match of text.matchAll(/^\/\/ (src\/\S+)$/gm)) sources.add(match[1]);
  }
  return { packages, sources };
}
