// Runs a child process with a deadline, keeping only the tail of its combined output: for long
// jobs whose last lines explain a failure (npm install, a learner's shell script).
import { spawn } from 'node:child_process';

export interface BoundedRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** How many characters of stdout+stderr to keep (the end). */
  tailChars: number;
  /** Run through a shell (npm is a .cmd script on Windows). */
  shell?: boolean;
}

export interface BoundedRun {
  /** Exit code; null when it could not start or was killed. */
  code: number | null;
  /** The last `tailChars` characters of stdout and stderr, interleaved as they came. */
  output: string;
  /** Killed (SIGTERM) at the deadline. */
  timedOut: boolean;
  /** Why it could not be started (ENOENT, EACCES, …). */
  spawnError?: Error;
}

export function runBounded(command: string, args: readonly string[], options: BoundedRunOptions): Promise<BoundedRun> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.shell ? { shell: true } : {}),
    });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-options.tailChars);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, options.timeoutMs);
    child.on('error', (spawnError) => {
      clearTimeout(timer);
      resolve({ code: null, output, timedOut, spawnError });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}
