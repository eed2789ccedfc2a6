// Which AWS CLI the learner's shell runs, and where a version 2 is: the one answer that `doctor`'s
// preparation checklist and `env` both use, so they never disagree about a pyenv v1 on PATH.
import { delimiter, isAbsolute, join } from 'node:path';
import { findExecutable, firstLine, isExecutableFile, runTool, samePath } from './tools.js';

/** Where an AWS CLI v2 often lives when another `aws` (say pyenv's v1) comes first on PATH. */
export const DEFAULT_AWS_FALLBACKS: readonly string[] = ['/usr/bin/aws', '/usr/local/bin/aws'];

export interface AwsCliInstall {
  path: string;
  /** e.g. 2.9.19, when `--version` said. */
  version?: string;
  major?: number;
  /** The tool's answer when no version could be read from it. */
  failure?: string;
}

export interface AwsCliReport {
  /** The `aws` a shell runs: the first on PATH. */
  first?: AwsCliInstall;
  /** An AWS CLI v2 to use: `first` when it is one, else the first found later on PATH or at a usual place. */
  v2?: { path: string; version: string };
  /** An installed awslocal, and the AWS CLI it runs (its `--version` is the CLI's). */
  awslocal?: { path: string; runs?: AwsCliInstall };
}

export interface AwsCliOptions {
  /** Checked after PATH for a v2. Default DEFAULT_AWS_FALLBACKS. */
  fallbackPaths?: readonly string[];
  /** Per tool run. Default 10 s. */
  timeoutMs?: number;
  /** Also ask an installed awslocal which AWS CLI it runs (it starts Python: about a second). */
  awslocalVersion?: boolean;
}

export async function inspectAwsCli(env: NodeJS.ProcessEnv, options: AwsCliOptions = {}): Promise<AwsCliReport> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const firstPath = findExecutable('aws', env.PATH);
  const first = firstPath ? { path: firstPath, ...(await awsVersion(firstPath, env, timeoutMs)) } : undefined;
  let v2 = first?.major === 2 && first.version ? { path: first.path, version: first.version } : undefined;
  if (!v2) {
    for (const candidate of [...allOnPath('aws', env.PATH), ...(options.fallbackPaths ?? DEFAULT_AWS_FALLBACKS)]) {
      if (!isExecutableFile(candidate) || (firstPath && samePath(candidate, firstPath))) continue;
      const found = await awsVersion(candidate, env, timeoutMs);
      if (found.major === 2 && found.version) {
        v2 = { path: candidate, version: found.version };
        break;
      }
    }
  }
  const awslocalPath = findExecutable('awslocal', env.PATH);
  const awslocal = awslocalPath
    ? { path: awslocalPath, ...(options.awslocalVersion ? { runs: { path: awslocalPath, ...(await awsVersion(awslocalPath, { ...env, DISABLE_DEPRECATION_NOTICE: '1' }, timeoutMs)) } } : {}) }
    : undefined;
  return { ...(first ? { first } : {}), ...(v2 ? { v2 } : {}), ...(awslocal ? { awslocal } : {}) };
}

/**
 * Whether this AWS CLI sends requests to $AWS_ENDPOINT_URL on its own: v2 from 2.13.0 and v1 from
 * 1.29.0 (the release of configurable endpoints). Older ones (Debian 12's 2.9.19) go to real AWS.
 */
export function readsEndpointVariable(version: string | undefined): boolean {
  const [major, minor] = (version ?? '').split('.').map(Number);
  if (major === 2) return minor >= 13;
  if (major === 1) return minor >= 29;
  return false;
}

/** The executables called `name` in every PATH folder, in order (the first is what a shell runs). */
function allOnPath(name: string, pathVariable: string | undefined): string[] {
  return (pathVariable ?? '')
    .split(delimiter)
    .filter((dir) => dir && isAbsolute(dir))
    .map((dir) => join(dir, name))
    .filter(isExecutableFile);
}

async function awsVersion(path: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Omit<AwsCliInstall, 'path'>> {
  const run = await runTool(path, ['--version'], env, timeoutMs);
  // v2 prints to stdout; old v1 releases printed to stderr.
  const match = /aws-cli\/((\d+)\.\d+\.\d+)/.exec(`${run.stdout}\n${run.stderr}`);
  if (match) return { major: Number(match[2]), version: match[1] };
  if (run.timedOut) return { failure: `no answer within ${timeoutMs / 1000} s` };
  return { failure: run.startError ?? (firstLine(run.stderr) || firstLine(run.stdout) || `exit code ${run.code}`) };
}
