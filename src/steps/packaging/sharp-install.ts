// Getting sharp for a platform/arch other than this machine's: `npm install --os --cpu --libc`
// into a per-user cache directory (once per sharp version and target), then reused offline.
import { runBounded } from '../../process/run-bounded.js';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SharpInstallError } from './errors.js';
import { hasNativePackages, readInstalledSharp, type InstalledSharp } from './installed-packages.js';
import { nativePackageNames, runtimePlatformArch, type SharpTarget } from './sharp-target.js';

export interface NpmOptions {
  /** Registry URL passed as `--registry`; default: npm's own configuration (~/.npmrc). */
  registry?: string;
  /** More arguments for `npm install`, e.g. `['--fetch-retries=0']`. */
  extraArgs?: string[];
  /** The npm executable; default `npm` (`npm.cmd` on Windows) from PATH. */
  command?: string;
  /** Give up after this long; default 5 minutes. */
  timeoutMs?: number;
}

export interface CachedSharp {
  sharp: InstalledSharp;
  /** True when this call ran npm; false when the cache already had it. */
  downloaded: boolean;
}

const COMPLETE_MARKER = '.complete';

/** The cache directory for one sharp version and target, e.g. `<cache>/sharp/0.35.5-linux-arm64-glibc`. */
export function cachedSharpDir(cacheRoot: string, version: string, target: SharpTarget): string {
  return join(cacheRoot, 'sharp', `${version}-${runtimePlatformArch(target)}${target.libc ? `-${target.libc}` : ''}`);
}

export async function provideCachedSharp(target: SharpTarget, version: string, cacheRoot: string, npm: NpmOptions = {}): Promise<CachedSharp> {
  const finalDir = cachedSharpDir(cacheRoot, version, target);
  const ready = usable(finalDir, target, version);
  if (ready) return { sharp: ready, downloaded: false };
  rmSync(finalDir, { recursive: true, force: true }); // an interrupted earlier attempt

  // Install beside the final place, then rename: a reader never sees half an install.
  mkdirSync(join(cacheRoot, 'sharp'), { recursive: true });
  const staging = join(cacheRoot, 'sharp', `.staging-${randomBytes(6).toString('hex')}`);
  mkdirSync(staging);
  try {
    // A package.json of its own keeps npm from walking up into some enclosing project.
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'sharp-cache', private: true }) + '\n');
    await runNpmInstall(staging, target, version, npm, cacheRoot);
    if (!usable(staging, target, version, false)) {
      const wanted = nativePackageNames(target, readInstalledSharp(join(staging, 'node_modules', 'sharp')).optionalDependencies);
      throw new SharpInstallError(
        target,
        version,
        `npm finished but did not install ${wanted.join(' and ')}`,
        cacheRoot,
        `npm は完了しましたが ${wanted.join(' と ')} がインストールされませんでした`,
      );
    }
    writeFileSync(join(staging, COMPLETE_MARKER), new Date().toISOString() + '\n');
    try {
      renameSync(staging, finalDir);
    } catch (error) {
      // Another run finished the same install first: use theirs.
      const theirs = usable(finalDir, target, version);
      if (!theirs) throw error;
      return { sharp: theirs, downloaded: true };
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const installed = usable(finalDir, target, version);
  if (!installed) {
    throw new SharpInstallError(target, version, `the installed copy in ${finalDir} is incomplete`, cacheRoot, `${finalDir} のコピーが不完全です`);
  }
  return { sharp: installed, downloaded: true };
}

/** The sharp in `dir` when it is complete, of `version`, with the target's natives. */
function usable(dir: string, target: SharpTarget, version: string, needMarker = true): InstalledSharp | undefined {
  const sharpDir = join(dir, 'node_modules', 'sharp');
  if (needMarker && !existsSync(join(dir, COMPLETE_MARKER))) return undefined;
  if (!existsSync(join(sharpDir, 'package.json'))) return undefined;
  const sharp = readInstalledSharp(sharpDir);
  if (sharp.version !== version) return undefined;
  return hasNativePackages(sharp, nativePackageNames(target, sharp.optionalDependencies)) ? sharp : undefined;
}

/**
 * Run in the staging folder (a package of its own), without --prefix: --prefix would also move
 * npm's global config file (prefix/etc/npmrc), so a proxy or CA set there would be missed.
 */
function npmArgs(target: SharpTarget, version: string, npm: NpmOptions): string[] {
  return [
    'install',
    `sharp@${version}`,
    '--no-save',
    '--no-package-lock',
    '--ignore-scripts', // nothing to build: the natives are prebuilt packages
    '--no-audit',
    '--no-fund',
    '--omit=dev',
    `--os=${target.platform}`,
    `--cpu=${target.arch}`,
    ...(target.libc ? [`--libc=${target.libc}`] : []),
    ...(npm.registry ? ['--registry', npm.registry] : []),
    ...(npm.extraArgs ?? []),
  ];
}

async function runNpmInstall(prefix: string, target: SharpTarget, version: string, npm: NpmOptions, cacheRoot: string): Promise<void> {
  const command = npm.command ?? (process.platform === 'win32' ? 'npm.cmd' : 'npm');
  const args = npmArgs(target, version, npm);
  const timeoutMs = npm.timeoutMs ?? 5 * 60_000;
  const result = await runBounded(command, args, {
    cwd: prefix,
    env: npmEnvironment(process.env),
    timeoutMs,
    tailChars: 16_000,
    shell: process.platform === 'win32', // npm is a .cmd script there
  });
  if (result.code === 0) return;
  const seconds = Math.round(timeoutMs / 1000);
  const summary = npmErrorSummary(result.output);
  if (result.spawnError) {
    const reason = result.spawnError.message;
    throw new SharpInstallError(target, version, `could not start ${command} (${reason})`, cacheRoot, `${command} を起動できませんでした（${reason}）`);
  }
  if (result.timedOut) {
    throw new SharpInstallError(target, version, `npm install did not finish within ${seconds} s`, cacheRoot, `npm install が ${seconds} 秒以内に終わりませんでした`);
  }
  throw new SharpInstallError(
    target,
    version,
    `npm install exited with code ${result.code}${summary}`,
    cacheRoot,
    `npm install が終了コード ${result.code} で失敗しました${summary}`,
  );
}

/** npm's main error lines, without stack frames and object dumps: `: code ECONNREFUSED / FetchError: …`. */
export function npmErrorSummary(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .filter((line) => line.startsWith('npm error ') || line.startsWith('npm ERR! '))
    .map((line) => line.replace(/^npm (error|ERR!) /, ''))
    .filter((line) => line.trim() && !/^[\s{}]/.test(line) && !/^(syscall|errno|path|dest) /.test(line) && !line.startsWith('A complete log'));
  return lines.length ? `: ${lines.slice(0, 2).join(' / ')}` : '';
}

/**
 * The environment for the nested npm. When this tool itself runs under npm/npx, npm exports its
 * settings as `npm_config_*` (prefix, global, workspace, …) which would redirect the install:
 * keep only the network and authentication ones a user may have set for their registry.
 */
export function npmEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('npm_')) kept[name] = value;
    else if (/^npm_config_(registry|.*proxy|cafile|ca|cert|key|strict_ssl|userconfig|globalconfig|cache|fetch_.*|@.*:registry|\/\/.*)$/.test(lower)) {
      kept[name] = value;
    }
  }
  return kept;
}
