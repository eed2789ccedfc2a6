// Which sharp goes into the zip. The built-in endpoint runs functions on this machine, so they get
// the runner's own copy (no network). LocalStack and AWS run them on Linux glibc of the function's
// architecture: the runner's copy when it already has those natives, else a cached npm install.
import { SharpInstallError } from './errors.js';
import { findRunnerSharp, hasNativePackages, type InstalledSharp } from './installed-packages.js';
import { provideCachedSharp, type NpmOptions } from './sharp-install.js';
import { hostTarget, lambdaTarget, nativePackageNames, type LambdaArchitecture, type SharpTarget } from './sharp-target.js';

export type PackageTarget = 'builtin' | 'localstack';

/** Where the sharp in a package came from. */
export type SharpSource = 'runner' | 'cache' | 'npm';

export interface ProvidedSharp {
  sharp: InstalledSharp;
  target: SharpTarget;
  /** The target's native package names (`@img/sharp-…`), to copy beside sharp. */
  natives: string[];
  source: SharpSource;
}

export interface ProvideSharpOptions {
  target: PackageTarget;
  arch: LambdaArchitecture;
  cacheDir: string;
  npm?: NpmOptions;
  /** The runner's sharp; default: the one this module resolves (tests may point elsewhere). */
  runnerSharp?: InstalledSharp;
}

export async function provideSharp(options: ProvideSharpOptions): Promise<ProvidedSharp> {
  const runner = options.runnerSharp ?? findRunnerSharp();
  const target = options.target === 'builtin' ? hostTarget() : lambdaTarget(options.arch);
  if (!runner) {
    throw new SharpInstallError(
      target,
      '(any)',
      'sharp is not installed with this tool (its dependencies are incomplete; run npm install)',
      undefined,
      'このツールに sharp がインストールされていません（依存関係が不完全です。npm install を実行してください）',
    );
  }
  const natives = nativePackageNames(target, runner.optionalDependencies);
  if (natives.length === 0) {
    throw new SharpInstallError(
      target,
      runner.version,
      `sharp ${runner.version} has no prebuilt binaries for this platform`,
      undefined,
      `sharp ${runner.version} にはこのプラットフォーム用のビルド済みバイナリがありません`,
    );
  }
  if (hasNativePackages(runner, natives)) return { sharp: runner, target, natives, source: 'runner' };
  if (options.target === 'builtin') {
    // The runner's sharp cannot load on this machine either: nothing to download would help here.
    throw new SharpInstallError(
      target,
      runner.version,
      `${natives.join(' and ')} is missing from this tool's installation (reinstall it with npm install)`,
      undefined,
      `このツールのインストールに ${natives.join(' と ')} がありません（npm install で入れ直してください）`,
    );
  }
  const cached = await provideCachedSharp(target, runner.version, options.cacheDir, options.npm);
  return { sharp: cached.sharp, target, natives, source: cached.downloaded ? 'npm' : 'cache' };
}
