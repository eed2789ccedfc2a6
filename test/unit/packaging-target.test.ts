// Target names, cache location, npm's environment and error summary, and which function copy is built.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCacheDir } from '../../src/steps/packaging/cache-dir.js';
import { FunctionBuildError, SharpInstallError } from '../../src/steps/packaging/errors.js';
import { locateFunctionSource } from '../../src/steps/packaging/function-source.js';
import { cachedSharpDir, npmEnvironment, npmErrorSummary } from '../../src/steps/packaging/sharp-install.js';
import { provideSharp } from '../../src/steps/packaging/sharp-source.js';
import { hostTarget, lambdaTarget, nativePackageNames, runtimePlatformArch } from '../../src/steps/packaging/sharp-target.js';

const SHARP_OPTIONALS = Object.fromEntries(
  [
    '@img/sharp-darwin-arm64',
    '@img/sharp-libvips-darwin-arm64',
    '@img/sharp-linux-x64',
    '@img/sharp-libvips-linux-x64',
    '@img/sharp-linux-arm64',
    '@img/sharp-libvips-linux-arm64',
    '@img/sharp-linuxmusl-x64',
    '@img/sharp-libvips-linuxmusl-x64',
    '@img/sharp-win32-x64',
  ].map((name) => [name, '0.35.5']),
);

describe('sharp targets', () => {
  it('maps Lambda architectures to linux glibc natives', () => {
    expect(lambdaTarget('x86_64')).toEqual({ platform: 'linux', arch: 'x64', libc: 'glibc' });
    expect(nativePackageNames(lambdaTarget('arm64'), SHARP_OPTIONALS)).toEqual(['@img/sharp-linux-arm64', '@img/sharp-libvips-linux-arm64']);
  });

  it('spells musl, macOS and Windows the way sharp names its packages', () => {
    expect(runtimePlatformArch({ platform: 'linux', arch: 'x64', libc: 'musl' })).toBe('linuxmusl-x64');
    expect(nativePackageNames({ platform: 'linux', arch: 'x64', libc: 'musl' }, SHARP_OPTIONALS)).toEqual(['@img/sharp-linuxmusl-x64', '@img/sharp-libvips-linuxmusl-x64']);
    expect(nativePackageNames({ platform: 'darwin', arch: 'arm64' }, SHARP_OPTIONALS)).toEqual(['@img/sharp-darwin-arm64', '@img/sharp-libvips-darwin-arm64']);
    expect(nativePackageNames({ platform: 'win32', arch: 'x64' }, SHARP_OPTIONALS)).toEqual(['@img/sharp-win32-x64']);
    expect(nativePackageNames({ platform: 'aix', arch: 'ppc64' }, SHARP_OPTIONALS)).toEqual([]);
  });

  it('describes this machine', () => {
    const host = hostTarget();
    expect(host.platform).toBe(process.platform);
    expect(host.arch).toBe(process.arch);
    if (process.platform === 'linux') expect(['glibc', 'musl']).toContain(host.libc);
  });

  it('asks Node for this machine\'s libc once per process (its diagnostic report is slow)', () => {
    if (process.platform !== 'linux' || !process.report) return;
    const report = process.report;
    const getReport = report.getReport.bind(report);
    let asked = 0;
    report.getReport = ((...args: Parameters<typeof getReport>) => {
      asked++;
      return getReport(...args);
    }) as typeof report.getReport;
    try {
      const first = hostTarget();
      expect(hostTarget()).toEqual(first);
      expect(asked).toBeLessThanOrEqual(1);
    } finally {
      report.getReport = getReport;
    }
  });

  it('keeps one cache directory per sharp version and target', () => {
    expect(cachedSharpDir('/c', '0.35.5', lambdaTarget('arm64'))).toBe(join('/c', 'sharp', '0.35.5-linux-arm64-glibc'));
  });

  it('fails clearly when sharp has no binaries for the target', async () => {
    const attempt = provideSharp({
      target: 'localstack',
      arch: 'arm64',
      cacheDir: '/nonexistent',
      runnerSharp: { dir: '/nonexistent/sharp', version: '0.35.5', optionalDependencies: {} },
    });
    await expect(attempt).rejects.toThrow(SharpInstallError);
    await expect(attempt).rejects.toThrow(/sharp 0\.35\.5 has no prebuilt binaries for this platform/);
  });
});

describe('defaultCacheDir', () => {
  it('follows each OS convention and the override variable', () => {
    expect(defaultCacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/serverless-tutorial');
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u')).toBe('/xdg/serverless-tutorial');
    expect(defaultCacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/serverless-tutorial');
    expect(defaultCacheDir({ LOCALAPPDATA: 'C:/Users/u/AppData/Local' }, 'win32', 'C:/Users/u')).toBe(join('C:/Users/u/AppData/Local', 'serverless-tutorial'));
    expect(defaultCacheDir({ SERVERLESS_TUTORIAL_CACHE_DIR: '/mine' }, 'linux', '/home/u')).toBe('/mine');
  });
});

describe('running npm', () => {
  it('drops the npm settings that would redirect the install, keeps registry and proxy settings', () => {
    const env = npmEnvironment({
      PATH: '/bin',
      HOME: '/home/u',
      npm_config_prefix: '/work/project',
      npm_config_global: 'true',
      npm_config_workspace: 'x',
      npm_package_name: 'serverless-tutorial',
      npm_lifecycle_event: 'test',
      npm_config_registry: 'https://registry.example/',
      npm_config_https_proxy: 'http://proxy:3128',
      'npm_config_//registry.example/:_authToken': 'secret',
      npm_config_cache: '/home/u/.npm',
    });
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/home/u',
      npm_config_registry: 'https://registry.example/',
      npm_config_https_proxy: 'http://proxy:3128',
      'npm_config_//registry.example/:_authToken': 'secret',
      npm_config_cache: '/home/u/.npm',
    });
  });

  it('summarises npm\'s error output in one line', () => {
    const output = [
      'npm error code ECONNREFUSED',
      'npm error syscall connect',
      'npm error errno ECONNREFUSED',
      'npm error FetchError: request to http://127.0.0.1:9/sharp failed, reason: connect ECONNREFUSED 127.0.0.1:9',
      'npm error     at ClientRequest.<anonymous> (/usr/lib/node_modules/npm/node_modules/minipass-fetch/lib/index.js:130:14)',
      "npm error   code: 'ECONNREFUSED',",
      'npm error }',
      'npm error',
      'npm error A complete log of this run can be found in: /tmp/x.log',
    ].join('\n');
    expect(npmErrorSummary(output)).toBe(': code ECONNREFUSED / FetchError: request to http://127.0.0.1:9/sharp failed, reason: connect ECONNREFUSED 127.0.0.1:9');
    expect(npmErrorSummary('added 6 packages in 2s\n')).toBe('');
  });
});

describe('locateFunctionSource', () => {
  const root = mkdtempSync(join(tmpdir(), 'locate-'));
  const reference = join(root, 'runner', 'lambda', 'image-processor');
  const project = join(root, 'project');
  mkdirSync(join(reference, 'src'), { recursive: true });
  writeFileSync(join(reference, 'src', 'index.ts'), 'export const handler = 1;');
  mkdirSync(project);
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const base = { functionPath: 'lambda/image-processor', referenceDir: reference };

  it('builds the reference when the working directory has no copy', () => {
    expect(locateFunctionSource({ ...base, cwd: project })).toEqual({ dir: reference, entry: 'src/index.ts', origin: 'reference' });
  });

  it('builds the learner\'s own copy in the working directory (JavaScript works too)', () => {
    const own = join(root, 'project-js', 'lambda', 'image-processor');
    mkdirSync(own, { recursive: true });
    writeFileSync(join(own, 'index.js'), 'exports.handler = async () => {};');
    expect(locateFunctionSource({ ...base, cwd: join(root, 'project-js') })).toEqual({ dir: own, entry: 'index.js', origin: 'working-directory' });
  });

  it('calls the reference by its name when the working directory is the runner itself', () => {
    expect(locateFunctionSource({ ...base, cwd: join(root, 'runner') }).origin).toBe('reference');
  });

  it('builds --function-dir, and names it when it holds no entry file', () => {
    const other = join(root, 'elsewhere');
    mkdirSync(join(other, 'src'), { recursive: true });
    writeFileSync(join(other, 'src', 'index.ts'), 'export const handler = 2;');
    expect(locateFunctionSource({ ...base, cwd: project, functionDir: '../elsewhere' })).toEqual({ dir: other, entry: 'src/index.ts', origin: 'function-dir' });
    expect(() => locateFunctionSource({ ...base, cwd: project, functionDir: 'missing' })).toThrow(FunctionBuildError);
    expect(() => locateFunctionSource({ ...base, cwd: project, functionDir: 'missing' })).toThrow(/--function-dir has none of src\/index\.ts/);
  });
});
