// The handler's bundle kept between builds: esbuild takes ~0.4 s, and run, check, scripts-clean and
// the class check bundle the same source again and again. A kept bundle is used only while nothing
// that decided it has changed, which is known from file identities (file-identity.ts), not content:
//   - every file esbuild read (its metafile's inputs);
//   - the directory of each of them (a new file beside an import can change what it resolves to);
//   - in every directory above them: package.json, tsconfig.json, node_modules and npm's
//     node_modules/.package-lock.json (an install, a new package, a changed "exports" or compiler
//     setting change resolution or output without touching the inputs).
// A build whose watched files changed while it ran (or just before) is not kept. The cache is an
// optimisation only: anything unreadable or unwritable means bundling afresh.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { version as esbuildVersion } from 'esbuild';
import { writeFileAtomic, writeJsonAtomic } from '../../endpoint/store/atomic.js';
import { changedSince, fileIdentity } from '../../fs/file-identity.js';
import { RUNNER_VERSION } from '../../version.js';
import { bundleHandler, type BundleOptions, type BundleResult } from './bundle.js';

/** Bump when what is kept or how it is checked changes, so older entries are not trusted. */
const BUNDLE_CACHE_FORMAT = 1;
/** Bundles kept (one per source directory and entry); the oldest go as new ones are added. */
const BUNDLES_KEPT = 16;
/** Files looked for in every directory above an input (see the top of this file). */
const RESOLUTION_FILES = ['package.json', 'tsconfig.json', 'jsconfig.json', 'node_modules', join('node_modules', '.package-lock.json')];

interface KeptBundle {
  format: number;
  /** [path, identity] of everything that decided the bundle. */
  watched: [string, string][];
  codeSha256: string;
  warnings: string[];
  inputs: string[];
}

export interface CachedBundleResult extends BundleResult {
  /** The bundle kept from an earlier build (esbuild did not run). */
  fromCache: boolean;
}

export async function bundleHandlerCached(options: BundleOptions, cacheDir: string): Promise<CachedBundleResult> {
  const key = createHash('sha256')
    .update(JSON.stringify([BUNDLE_CACHE_FORMAT, RUNNER_VERSION, esbuildVersion, options.sourceDir, options.entry, options.fallbackNodeModules]))
    .digest('hex')
    .slice(0, 32);
  const dir = join(cacheDir, 'bundles');
  const recordFile = join(dir, `${key}.json`);
  const codeFile = join(dir, `${key}.js`);

  const kept = readKept(recordFile, codeFile);
  if (kept) return { ...kept, fromCache: true };

  const startedAt = Date.now();
  const bundle = await bundleHandler(options);
  try {
    const watched = watchedFiles(bundle.inputs).map((path): [string, string] => [path, fileIdentity(path)]);
    // Changed while esbuild read it (or too recently to tell): the bundle may not match; keep nothing.
    if (!watched.some(([, identity]) => changedSince(identity, startedAt))) {
      writeFileAtomic(codeFile, bundle.code);
      const record: KeptBundle = { format: BUNDLE_CACHE_FORMAT, watched, codeSha256: sha256Hex(bundle.code), warnings: bundle.warnings, inputs: bundle.inputs };
      writeJsonAtomic(recordFile, record);
      pruneOldest(dir, BUNDLES_KEPT);
    }
  } catch {
    // a cache that cannot be written only costs the next build its time
  }
  return { ...bundle, fromCache: false };
}

function readKept(recordFile: string, codeFile: string): BundleResult | undefined {
  try {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as KeptBundle;
    if (record.format !== BUNDLE_CACHE_FORMAT || !Array.isArray(record.watched)) return undefined;
    for (const [path, identity] of record.watched) if (fileIdentity(path) !== identity) return undefined;
    const code = readFileSync(codeFile);
    if (sha256Hex(code) !== record.codeSha256) return undefined;
    return { code, warnings: record.warnings, inputs: record.inputs };
  } catch {
    return undefined;
  }
}

/** The inputs, their directories, and the files that steer resolution in every directory above them. */
function watchedFiles(inputs: readonly string[]): string[] {
  const watched = new Set<string>(inputs);
  const above = new Set<string>();
  for (const input of inputs) {
    let dir = dirname(input);
    watched.add(dir);
    while (!above.has(dir)) {
      above.add(dir);
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  for (const dir of above) for (const name of RESOLUTION_FILES) watched.add(join(dir, name));
  return [...watched];
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Keeps the `kept` newest records (and their code) in `dir`. */
export function pruneOldest(dir: string, kept: number, recordSuffix = '.json'): void {
  const records = readdirSync(dir)
    .filter((name) => name.endsWith(recordSuffix))
    .map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)
    .slice(kept);
  for (const old of records) {
    const stem = old.name.slice(0, -recordSuffix.length);
    for (const name of readdirSync(dir).filter((n) => n.startsWith(`${stem}.`))) rmSync(join(dir, name), { force: true });
  }
}
