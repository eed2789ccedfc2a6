// Which build of sharp a package needs, and the npm package names that carry it. sharp's
// JavaScript is the same everywhere; the native part comes in `@img/sharp-<platform>-<arch>` and
// (except on Windows) `@img/sharp-libvips-<platform>-<arch>`, where the platform of a musl Linux
// is spelled `linuxmusl`.

export type LambdaArchitecture = 'x86_64' | 'arm64';

export interface SharpTarget {
  /** Node's process.platform value: 'linux', 'darwin', 'win32', … */
  platform: string;
  /** Node's process.arch value: 'x64', 'arm64', … */
  arch: string;
  /** Linux only: which C library the natives are linked against. */
  libc?: 'glibc' | 'musl';
}

/** Lambda's name for an architecture → Node's (and npm's `--cpu`). */
export function nodeArchOf(architecture: LambdaArchitecture): 'x64' | 'arm64' {
  return architecture === 'x86_64' ? 'x64' : 'arm64';
}

/** Where the function runs on Lambda and LocalStack: Amazon Linux, glibc. */
export function lambdaTarget(architecture: LambdaArchitecture): SharpTarget {
  return { platform: 'linux', arch: nodeArchOf(architecture), libc: 'glibc' };
}

/** The machine this runner is on (the built-in endpoint runs functions here). */
export function hostTarget(): SharpTarget {
  if (process.platform !== 'linux') return { platform: process.platform, arch: process.arch };
  return { platform: 'linux', arch: process.arch, libc: hostLibc() };
}

/** Asked once per process: a diagnostic report takes ~50–100 ms, and every package inspection needs the answer. */
let knownLibc: 'glibc' | 'musl' | undefined;

function hostLibc(): 'glibc' | 'musl' {
  // Node's diagnostic report names the glibc it runs on; there is none on musl (Alpine).
  knownLibc ??= (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header?.glibcVersionRuntime ? 'glibc' : 'musl';
  return knownLibc;
}

/** sharp's own name for a platform: `linux-x64`, `linuxmusl-arm64`, `darwin-arm64`, … */
export function runtimePlatformArch(target: SharpTarget): string {
  const platform = target.platform === 'linux' && target.libc === 'musl' ? 'linuxmusl' : target.platform;
  return `${platform}-${target.arch}`;
}

/**
 * The native packages the target needs, among the optional dependencies sharp declares (so
 * Windows, whose libvips lives inside the sharp package, gets one name, not two).
 */
export function nativePackageNames(target: SharpTarget, sharpOptionalDependencies: Record<string, string>): string[] {
  const platformArch = runtimePlatformArch(target);
  return [`@img/sharp-${platformArch}`, `@img/sharp-libvips-${platformArch}`].filter((name) => Object.hasOwn(sharpOptionalDependencies, name));
}

export function sameTarget(a: SharpTarget, b: SharpTarget): boolean {
  return a.platform === b.platform && a.arch === b.arch && (a.libc ?? '') === (b.libc ?? '');
}
