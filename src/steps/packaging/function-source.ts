// Which copy of the function the `function` step builds: the one `--function-dir` names, else the
// learner's own in the working directory (written by hand or by `init`), else the reference that
// ships with the runner. The step says which, so a learner knows whose code is deployed.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FunctionBuildError } from './errors.js';
import { runnerRoot } from './package-function.js';

export type FunctionOrigin = 'function-dir' | 'working-directory' | 'reference';

export interface FunctionSource {
  dir: string;
  /** Entry file relative to dir. */
  entry: string;
  origin: FunctionOrigin;
}

/** Entry files looked for, in order (TypeScript as the lesson writes it, or plain JavaScript). */
export const ENTRY_CANDIDATES = ['src/index.ts', 'index.ts', 'src/index.js', 'index.js', 'src/index.mjs', 'index.mjs'];

export interface LocateOptions {
  /** The lesson's function directory relative to a project, e.g. `lambda/image-processor`. */
  functionPath: string;
  cwd?: string;
  /** `--function-dir`, relative to cwd. */
  functionDir?: string;
  /** Where the reference copy lives; default `<runner>/<functionPath>`. */
  referenceDir?: string;
}

export function locateFunctionSource(options: LocateOptions): FunctionSource {
  const cwd = options.cwd ?? process.cwd();
  const referenceDir = options.referenceDir ?? join(runnerRoot(), options.functionPath);

  if (options.functionDir !== undefined) {
    const dir = resolve(cwd, options.functionDir);
    const entry = findEntry(dir);
    if (!entry) {
      throw new FunctionBuildError(
        dir,
        `--function-dir has none of ${ENTRY_CANDIDATES.join(', ')}`,
        `--function-dir に ${ENTRY_CANDIDATES.join('、')} のいずれもありません`,
      );
    }
    return { dir, entry, origin: sameDir(dir, referenceDir) ? 'reference' : 'function-dir' };
  }

  const own = resolve(cwd, options.functionPath);
  const ownEntry = findEntry(own);
  if (ownEntry && !sameDir(own, referenceDir)) return { dir: own, entry: ownEntry, origin: 'working-directory' };

  const referenceEntry = findEntry(referenceDir);
  if (!referenceEntry) {
    throw new FunctionBuildError(referenceDir, 'the reference function is missing from this installation', 'このインストールには参照用の関数がありません');
  }
  return { dir: referenceDir, entry: referenceEntry, origin: 'reference' };
}

export function findEntry(dir: string): string | undefined {
  if (!isDirectory(dir)) return undefined;
  return ENTRY_CANDIDATES.find((candidate) => existsSync(join(dir, candidate)));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function sameDir(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}
