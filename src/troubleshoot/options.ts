// What the troubleshooter may look at besides the endpoint: the environment (PATH for `docker`,
// the endpoint variables) and the compose file. Injected so tests can put a stand-in `docker` first.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../lesson/index.js';

export interface DiagnoseOptions {
  /** Environment for probes and the tools they run; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The compose file LocalStack is started with; default ./docker-compose.yml, else the runner's own. */
  composeFile?: string;
  /** Per tool run (docker can hang on a wedged engine); default 10 s. */
  toolTimeoutMs?: number;
  /**
   * The endpoint is someone else's (a learner in an instructor's roster): nothing on this machine
   * — Docker, listening ports, endpoint variables, the state dir — is looked at or offered as a fix.
   */
  remote?: boolean;
}

export interface ResolvedOptions {
  env: NodeJS.ProcessEnv;
  composeFile: string;
  toolTimeoutMs: number;
  remote: boolean;
}

const COMPOSE_NAMES = ['docker-compose.yml', 'docker-compose.yaml', 'compose.yaml', 'compose.yml'];

/** The learner's compose file when their working directory has one (a clone of the repo), else the one shipped with the runner. */
export function findComposeFile(cwd: string): string {
  for (const name of COMPOSE_NAMES) {
    if (existsSync(join(cwd, name))) return join(cwd, name);
  }
  return join(packageRoot(), 'docker-compose.yml');
}

export function resolveOptions(cwd: string, options: DiagnoseOptions = {}): ResolvedOptions {
  return {
    env: options.env ?? process.env,
    composeFile: options.composeFile ?? findComposeFile(cwd),
    toolTimeoutMs: options.toolTimeoutMs ?? 10_000,
    remote: options.remote ?? false,
  };
}
