// The `function` step's build: handler bundle + sharp for where the function will run, as one
// deterministic zip ready for CreateFunction / UpdateFunctionCode.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { packageRoot } from '../../package-root.js';
import { copyFileAtomic, writeFileAtomic, writeJsonAtomic } from '../../endpoint/store/atomic.js';
import { bundleHandlerCached, pruneOldest } from './bundle-cache.js';
import { defaultCacheDir } from './cache-dir.js';
import { listPackages, readListed, type ListedFile } from './collect-files.js';
import { codeSha256Of, writeDeterministicZip, type ZipEntry } from './deterministic-zip.js';
import type { InstalledSharp } from './installed-packages.js';
import type { NpmOptions } from './sharp-install.js';
import { provideSharp, type PackageTarget, type SharpSource } from './sharp-source.js';
import type { LambdaArchitecture } from './sharp-target.js';

export const DEFAULT_ENTRY = 'src/index.ts';
export const DEFAULT_ZIP_NAME = 'function.zip';
/** Beside index.js: the bundle is CommonJS even when unpacked under a `"type": "module"` folder. */
export const PACKAGE_JSON = '{"type":"commonjs"}\n';

export interface PackageFunctionOptions {
  /** The function's directory (holds `entry`). */
  sourceDir: string;
  /** Entry file relative to sourceDir; default `src/index.ts`. */
  entry?: string;
  /** Where the zip is written (created if missing). */
  outDir: string;
  /** Zip file name in outDir; default `function.zip`. */
  zipName?: string;
  /** The function's Lambda architecture (decides sharp's natives for LocalStack/AWS). */
  arch: LambdaArchitecture;
  platform: 'linux';
  /**
   * `builtin`: the built-in endpoint runs the function on this machine → this machine's sharp.
   * `localstack`: LocalStack (or AWS) runs it on Linux glibc of `arch`.
   */
  target: PackageTarget;
  /** Cache for sharp of other platforms, bundles and zips; default the OS cache dir (see cache-dir.ts). */
  cacheDir?: string;
  /** How npm is run when sharp for the target must be downloaded. */
  npm?: NpmOptions;
  /** @internal tests: use this sharp installation instead of the runner's own. */
  runnerSharp?: InstalledSharp;
}

export interface PackageFunctionResult {
  zipPath: string;
  /** Size of the zip in bytes. */
  zipBytes: number;
  /** base64(sha256(zip)), as Lambda reports CodeSha256. */
  codeSha256: string;
  /** Every entry of the zip, sorted. */
  files: string[];
  sharp: {
    platform: string;
    /** Node's arch name: `x64` or `arm64`. */
    arch: string;
    libc?: string;
    version: string;
    /** `runner`: this tool's own copy; `cache`: downloaded earlier; `npm`: downloaded now. */
    source: SharpSource;
  };
  /** Size of the bundled index.js in bytes. */
  bundleBytes: number;
  /** The zip was the one built before from the same entries (no compression this time). */
  fromCache: boolean;
  /** The bundle was the one made before from the same, unchanged sources (esbuild did not run). */
  bundleFromCache: boolean;
  /** esbuild's warnings, if any. */
  warnings: string[];
  timings: { bundleMs: number; sharpMs: number; zipMs: number };
}

/**
 * The node_modules directories the runner's own imports are found in, nearest first. Installed
 * with npx, the runner's dependencies sit beside it rather than inside it, so this asks Node for
 * its lookup paths instead of assuming `<runner>/node_modules`. A learner's copy of the function
 * with no node_modules of its own gets the S3 client and sharp's types from here.
 */
export function runnerModuleDirs(): string[] {
  const paths = createRequire(import.meta.url).resolve.paths('sharp') ?? [];
  return paths.filter((dir) => existsSync(dir));
}

/** The runner's package directory (where the reference function's source is). */
export function runnerRoot(): string {
  return packageRoot();
}

export async function packageFunction(options: PackageFunctionOptions): Promise<PackageFunctionResult> {
  const sourceDir = resolve(options.sourceDir);
  const entry = options.entry ?? DEFAULT_ENTRY;
  const cacheDir = options.cacheDir ?? defaultCacheDir();

  let started = performance.now();
  const bundle = await bundleHandlerCached({ sourceDir, entry, fallbackNodeModules: runnerModuleDirs() }, cacheDir);
  const bundleMs = performance.now() - started;

  started = performance.now();
  const provided = await provideSharp({
    target: options.target,
    arch: options.arch,
    cacheDir,
    ...(options.npm ? { npm: options.npm } : {}),
    ...(options.runnerSharp ? { runnerSharp: options.runnerSharp } : {}),
  });
  const listed = listPackages('sharp', provided.sharp.dir, new Set(provided.natives));
  const sharpMs = performance.now() - started;

  started = performance.now();
  const own: ZipEntry[] = [
    { path: 'index.js', data: bundle.code },
    { path: 'package.json', data: Buffer.from(PACKAGE_JSON) },
  ];
  const zipPath = join(resolve(options.outDir), options.zipName ?? DEFAULT_ZIP_NAME);
  const cache = zipCache(cacheDir, own, listed.files);
  let made = cache.copyTo(zipPath);
  const fromCache = made !== undefined;
  if (!made) {
    const collected = readListed(listed);
    const zip = await writeDeterministicZip([...own, ...collected.files.map((file) => ({ path: file.zipPath, data: file.data, executable: file.executable }))]);
    made = { zipBytes: zip.length, codeSha256: codeSha256Of(zip) };
    writeFileAtomic(zipPath, zip);
    cache.write(zip, made);
  }
  const zipMs = performance.now() - started;

  return {
    zipPath,
    zipBytes: made.zipBytes,
    codeSha256: made.codeSha256,
    files: [...own.map((e) => e.path), ...listed.files.map((f) => f.zipPath)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    sharp: {
      platform: provided.target.platform,
      arch: provided.target.arch,
      ...(provided.target.libc ? { libc: provided.target.libc } : {}),
      version: provided.sharp.version,
      source: provided.source,
    },
    bundleBytes: bundle.code.length,
    fromCache,
    bundleFromCache: bundle.fromCache,
    warnings: bundle.warnings,
    timings: { bundleMs, sharpMs, zipMs },
  };
}

/** Bump when the zip's layout or the cache's key changes, so zips cached by an older runner are not reused. */
const ZIP_FORMAT = 3;
/** Zips kept in the cache; older ones are removed as new ones are added. */
const ZIPS_KEPT = 8;

interface ZipMade {
  zipBytes: number;
  /** base64(sha256(zip)). */
  codeSha256: string;
}

/**
 * Built zips kept by their entries (the bundle, sharp and its natives for the target): compressing
 * sharp takes ~0.5 s, and run, check, scripts-clean and the class check build the same source again
 * and again. sharp's files are known by their identities (file-identity.ts), so a hit reads none of
 * them. The cache is an optimisation only: any failure builds afresh.
 */
function zipCache(cacheDir: string, own: readonly ZipEntry[], listed: readonly ListedFile[]) {
  const hash = createHash('sha256').update(`zip-format ${ZIP_FORMAT}\0`);
  for (const entry of own) hash.update(`${entry.path}\0${entry.executable ? 'x' : '-'}\0${entry.data.length}\0`).update(entry.data);
  for (const file of listed) hash.update(`${file.zipPath}\0${file.executable ? 'x' : '-'}\0${file.identity}\0`);
  const dir = join(cacheDir, 'zips');
  const stem = join(dir, hash.digest('hex'));
  return {
    /** Copies the kept zip to `target` (atomically); undefined when there is none. */
    copyTo(target: string): ZipMade | undefined {
      try {
        const made = JSON.parse(readFileSync(`${stem}.json`, 'utf8')) as ZipMade;
        if (statSync(`${stem}.zip`).size !== made.zipBytes || typeof made.codeSha256 !== 'string') return undefined;
        copyFileAtomic(`${stem}.zip`, target);
        return { zipBytes: made.zipBytes, codeSha256: made.codeSha256 };
      } catch {
        return undefined;
      }
    },
    write(zip: Buffer, made: ZipMade): void {
      try {
        writeFileAtomic(`${stem}.zip`, zip);
        writeJsonAtomic(`${stem}.json`, made);
        pruneOldest(dir, ZIPS_KEPT);
      } catch {
        // a cache that cannot be written only costs the next build its time
      }
    },
  };
}
