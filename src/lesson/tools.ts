// Finding and running the learner's command-line tools (aws, awslocal, docker) the way their shell
// would: through the PATH of the environment given, never through a shell.
import { execFile } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The first executable file called `name` on `pathVariable`, as a shell would pick it. */
export function findExecutable(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    // An empty entry means "the current directory" to a shell; a preflight should not run
    // whatever happens to sit in the working directory.
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The same file behind two paths (a symlink such as /bin → /usr/bin)? */
export function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
}

export interface ToolRun {
  /** Exit code; null when the tool could not be started or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Why it could not be started (ENOENT, EACCES, …). */
  startError?: string;
}

export function runTool(path: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ToolRun> {
  return new Promise((resolvePromise) => {
    execFile(path, args, { env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) {
        resolvePromise({ code: 0, stdout, stderr, timedOut: false });
        return;
      }
      const failure = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
      if (typeof failure.code === 'number') {
        resolvePromise({ code: failure.code, stdout, stderr, timedOut: false });
      } else if (failure.killed) {
        resolvePromise({ code: null, stdout, stderr, timedOut: true });
      } else {
        resolvePromise({ code: null, stdout, stderr, timedOut: false, startError: failure.code ?? failure.message });
      }
    });
  });
}

/** The first non-empty line, for quoting a tool's answer in one line. */
export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? ''
  );
}
