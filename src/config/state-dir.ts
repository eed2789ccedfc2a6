// Where the runner keeps what it remembers: progress, and the built-in endpoint's data.
import { resolve, join } from 'node:path';
import { requireDirectoryPath } from './paths.js';

export const DEFAULT_STATE_DIR = '.serverless-tutorial';

/** The state directory's absolute path, unchecked (for messages and crash logs). */
export function stateDirPath(flag: string | undefined, cwd = process.cwd()): string {
  return resolve(cwd, flag ?? DEFAULT_STATE_DIR);
}

/**
 * The state directory every command uses; a file where it (or a parent) should be is a usage
 * error (exit 2) here, before anything reads or writes under it.
 */
export function resolveStateDir(flag: string | undefined, cwd = process.cwd()): string {
  const label =
    flag === undefined
      ? { en: `The state directory ${DEFAULT_STATE_DIR} (set with --state-dir)`, ja: `状態ディレクトリ ${DEFAULT_STATE_DIR} (--state-dir で変更可)` }
      : { en: '--state-dir', ja: '--state-dir' };
  return requireDirectoryPath(flag ?? DEFAULT_STATE_DIR, label, cwd);
}

/** The built-in endpoint's data lives here unless `--data-dir` says otherwise. */
export function endpointDataDir(stateDir: string): string {
  return join(stateDir, 'endpoint');
}
