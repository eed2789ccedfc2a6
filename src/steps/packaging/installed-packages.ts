// Finding installed npm packages the way Node's require does: `<dir>/node_modules/<name>`, from
// the requiring package's real location up to the filesystem root.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse } from 'node:path';

export interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export function readPackageJson(packageDir: string): PackageJson {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
}

/** The directory of `name` as seen from `fromDir` (a package directory), or undefined. */
export function resolvePackageDir(fromDir: string, name: string): string | undefined {
  let dir = realpathSync(fromDir);
  const { root } = parse(dir);
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root) return undefined;
    dir = dirname(dir);
  }
}

export interface InstalledSharp {
  /** The sharp package directory. */
  dir: string;
  version: string;
  optionalDependencies: Record<string, string>;
}

export function readInstalledSharp(dir: string): InstalledSharp {
  const pkg = readPackageJson(dir);
  return { dir, version: pkg.version ?? '0.0.0', optionalDependencies: pkg.optionalDependencies ?? {} };
}

/** The sharp this runner itself uses (its dependency), or undefined when it is not installed. */
export function findRunnerSharp(): InstalledSharp | undefined {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve('sharp');
  } catch {
    return undefined;
  }
  // sharp's exports hide package.json: walk up from its entry file to the package root.
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && readPackageJson(dir).name === 'sharp') return readInstalledSharp(dir);
  }
  return undefined;
}

/**
 * True when every package in `names` resolves from sharp's directory at the version sharp pins.
 * A native package of another version would not load with this sharp.
 */
export function hasNativePackages(sharp: InstalledSharp, names: string[]): boolean {
  return names.every((name) => {
    const dir = resolvePackageDir(sharp.dir, name);
    if (!dir) return false;
    const wanted = sharp.optionalDependencies[name];
    return wanted === undefined || !/^\d+\.\d+\.\d+/.test(wanted) || readPackageJson(dir).version === wanted;
  });
}
