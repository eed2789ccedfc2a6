// Where the runner keeps what it remembers: progress, and the built-in endpoint's data.
import { resolve, join } from 'node:path';

export const DEFAULT_STATE_DIR = '.serverless-tutorial';

export function resolveStateDir(flag: string | undefined, cwd = process.cwd()): string {
  return resolve(cwd, flag ?? DEFAULT_STATE_DIR);
}

/** The built-in endpoint's data lives here unless `--data-dir` says otherwise. */
export function endpointDataDir(stateDir: string): string {
  return join(stateDir, 'endpoint');
}
