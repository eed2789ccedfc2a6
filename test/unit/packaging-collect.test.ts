// Copying a package and its dependency closure out of a node_modules tree built for the test:
// hoisted and nested dependencies, optional natives filtered by target, symlinks dereferenced.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { collectPackages } from '../../src/steps/packaging/collect-files.js';
import { PackageContentError } from '../../src/steps/packaging/errors.js';

let root: string;
let nm: string;

function pkg(dir: string, json: Record<string, unknown>, files: Record<string, string> = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(json));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'collect-'));
  nm = join(root, 'node_modules');
  pkg(
    join(nm, 'img'),
    {
      name: 'img',
      version: '1.0.0',
      dependencies: { helper: '^2', shared: '^1' },
      optionalDependencies: { '@img/native-linux-x64': '1.0.0', '@img/native-linux-arm64': '1.0.0' },
    },
    { 'index.js': 'module.exports = 1;', 'lib/util.js': 'x' },
  );
  // helper@2 nested under img (the top-level helper is v1, needed by nobody here)
  pkg(join(nm, 'img', 'node_modules', 'helper'), { name: 'helper', version: '2.0.0' }, { 'index.js': 'v2' });
  pkg(join(nm, 'helper'), { name: 'helper', version: '1.0.0' }, { 'index.js': 'v1' });
  pkg(join(nm, 'shared'), { name: 'shared', version: '1.0.0' }, { 'index.js': 'shared' });
  pkg(join(nm, '@img', 'native-linux-x64'), { name: '@img/native-linux-x64', version: '1.0.0' }, { 'lib/img.node': 'ELF-x64' });
  pkg(join(nm, '@img', 'native-linux-arm64'), { name: '@img/native-linux-arm64', version: '1.0.0' }, { 'lib/img.node': 'ELF-arm64' });
  // a .bin link inside img's own node_modules must not be followed
  mkdirSync(join(nm, 'img', 'node_modules', '.bin'), { recursive: true });
  symlinkSync('../helper/index.js', join(nm, 'img', 'node_modules', '.bin', 'helper'));
  // a linked file and a linked directory inside the package
  symlinkSync('index.js', join(nm, 'img', 'alias.js'));
  pkg(join(root, 'outside-assets'), { name: 'not-a-dependency' }, { 'logo.svg': '<svg/>' });
  symlinkSync(join(root, 'outside-assets'), join(nm, 'img', 'assets'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('collectPackages', () => {
  it('copies the package, its dependencies and only the allowed optional natives', () => {
    const { files, packages } = collectPackages('img', join(nm, 'img'), new Set(['@img/native-linux-x64']));
    expect(packages.sort()).toEqual(['@img/native-linux-x64@1.0.0', 'helper@2.0.0', 'img@1.0.0', 'shared@1.0.0']);
    const paths = files.map((f) => f.zipPath).sort();
    expect(paths).toEqual([
      'node_modules/@img/native-linux-x64/lib/img.node',
      'node_modules/@img/native-linux-x64/package.json',
      'node_modules/helper/index.js',
      'node_modules/helper/package.json',
      'node_modules/img/alias.js',
      'node_modules/img/assets/logo.svg',
      'node_modules/img/assets/package.json',
      'node_modules/img/index.js',
      'node_modules/img/lib/util.js',
      'node_modules/img/package.json',
      'node_modules/shared/index.js',
      'node_modules/shared/package.json',
    ]);
    // the helper that img resolves (v2, nested), not the unrelated top-level v1
    expect(files.find((f) => f.zipPath === 'node_modules/helper/index.js')!.data.toString()).toBe('v2');
  });

  it('stores linked files and directories as the real files they point to', () => {
    const { files } = collectPackages('img', join(nm, 'img'), new Set());
    expect(files.find((f) => f.zipPath === 'node_modules/img/alias.js')!.data.toString()).toBe('module.exports = 1;');
    expect(files.find((f) => f.zipPath === 'node_modules/img/assets/logo.svg')!.data.toString()).toBe('<svg/>');
  });

  it('marks .node files executable', () => {
    const { files } = collectPackages('img', join(nm, 'img'), new Set(['@img/native-linux-arm64']));
    const native = files.find((f) => f.zipPath.endsWith('.node'))!;
    expect(native.zipPath).toBe('node_modules/@img/native-linux-arm64/lib/img.node');
    expect(native.executable).toBe(true);
    expect(files.find((f) => f.zipPath === 'node_modules/img/index.js')!.executable).toBe(false);
  });

  it('follows a package installed as a link (pnpm-style store) and finds its dependencies beside the real copy', () => {
    const store = join(root, 'store', 'linked@1.0.0', 'node_modules');
    pkg(join(store, 'linked'), { name: 'linked', version: '1.0.0', dependencies: { sibling: '1' } }, { 'index.js': 'linked' });
    pkg(join(store, 'sibling'), { name: 'sibling', version: '1.0.0' }, { 'index.js': 'sibling' });
    symlinkSync(join(store, 'linked'), join(nm, 'linked'));
    const { files } = collectPackages('linked', join(nm, 'linked'), new Set());
    expect(files.map((f) => f.zipPath).sort()).toEqual([
      'node_modules/linked/index.js',
      'node_modules/linked/package.json',
      'node_modules/sibling/index.js',
      'node_modules/sibling/package.json',
    ]);
  });

  it('nests a second version of a name under the package that needs it', () => {
    pkg(join(nm, 'two'), { name: 'two', version: '1.0.0', dependencies: { dup: '1', middle: '1' } }, { 'index.js': '' });
    pkg(join(nm, 'dup'), { name: 'dup', version: '1.0.0' }, { 'index.js': 'dup1' });
    pkg(join(nm, 'middle'), { name: 'middle', version: '1.0.0', dependencies: { dup: '2' } }, { 'index.js': '' });
    pkg(join(nm, 'middle', 'node_modules', 'dup'), { name: 'dup', version: '2.0.0' }, { 'index.js': 'dup2' });
    const { files } = collectPackages('two', join(nm, 'two'), new Set());
    const byPath = new Map(files.map((f) => [f.zipPath, f.data.toString()]));
    expect(byPath.get('node_modules/dup/index.js')).toBe('dup1');
    expect(byPath.get('node_modules/middle/node_modules/dup/index.js')).toBe('dup2');
  });

  it('names a dependency that is not installed', () => {
    pkg(join(nm, 'needy'), { name: 'needy', version: '1.0.0', dependencies: { 'not-installed': '1' } });
    expect(() => collectPackages('needy', join(nm, 'needy'), new Set())).toThrow(PackageContentError);
    expect(() => collectPackages('needy', join(nm, 'needy'), new Set())).toThrow(/not-installed, needed by needy, is not installed/);
  });

  it('refuses a symbolic link loop instead of walking forever', () => {
    pkg(join(nm, 'loopy'), { name: 'loopy', version: '1.0.0' }, { 'a/file.js': '' });
    symlinkSync('..', join(nm, 'loopy', 'a', 'up'));
    expect(() => collectPackages('loopy', join(nm, 'loopy'), new Set())).toThrow(/symbolic link loop/);
  });
});
