// The package directories a function needs to import the runner's @aws-sdk (as the real Node.js
// runtimes provide it): every @aws-sdk/* package installed beside the runner and, transitively,
// what they depend on. A confined worker may read these and nothing else of that node_modules
// (which may be a learner's project's, with its caches and whatever else lies there).
//
//   sdkPackageDirs(sdkRoot)  absolute directories, computed once per sdkRoot
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

const cache = new Map<string, string[]>();

export function sdkPackageDirs(sdkRoot: string): string[] {
  let dirs = cache.get(sdkRoot);
  if (!dirs) {
    dirs = collect(join(sdkRoot, 'node_modules'));
    cache.set(sdkRoot, dirs);
  }
  return dirs;
}

function collect(nodeModules: string): string[] {
  const scope = join(nodeModules, '@aws-sdk');
  const found = new Set<string>();
  const pending = existsSync(scope) ? readdirSync(scope).map((name) => join(scope, name)) : [];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    if (found.has(dir) || !existsSync(join(dir, 'package.json'))) continue;
    found.add(dir);
    for (const dependency of dependenciesOf(dir)) {
      const location = resolvePackage(dependency, dir, nodeModules);
      if (location) pending.push(location);
    }
  }
  // A package nested inside another one is covered by its parent's directory.
  return [...found].filter((dir) => ![...found].some((other) => other !== dir && dir.startsWith(join(other, 'node_modules') + sep))).sort();
}

function dependenciesOf(dir: string): string[] {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    return Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies });
  } catch {
    return [];
  }
}

/** Where Node finds `name` from inside `from`: its own node_modules, then each parent's, up to the root's. */
function resolvePackage(name: string, from: string, nodeModules: string): string | undefined {
  for (let dir = from; dir.length >= nodeModules.length; dir = dirname(dir)) {
    const candidate = join(dir.endsWith('node_modules') ? dir : join(dir, 'node_modules'), name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === dirname(dir)) break;
  }
  return undefined;
}
