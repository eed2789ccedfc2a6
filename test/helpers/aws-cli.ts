// Runs Debian's AWS CLI v2 (/usr/bin/aws) against a local endpoint, as a learner's `awslocal` does.
// The `aws` first on PATH may be a pyenv CLI v1, so the full path is used.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const AWS_CLI = '/usr/bin/aws';
export const hasAwsCli = existsSync(AWS_CLI);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function awsCli(endpoint: string, args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      AWS_CLI,
      ['--endpoint-url', endpoint, '--region', 'us-east-1', '--no-cli-pager', ...args],
      {
        cwd: options.cwd,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Parses the CLI's JSON output (the default output format). */
export function cliJson<T = Record<string, unknown>>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`aws exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/**
 * An AWS CLI v1 from the developer's PATH (a pyenv one on the development machine: COMMON.md), for
 * tests of the "v1 first on PATH" trap; undefined where there is none.
 */
export function findAwsV1(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'aws');
    if (!dir || !existsSync(candidate)) continue;
    try {
      const out = execFileSync(candidate, ['--version'], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
      if (/aws-cli\/1\./.test(out)) return candidate;
    } catch {
      // not an AWS CLI that answers
    }
  }
  return undefined;
}
