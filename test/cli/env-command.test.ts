// `env` applied as a learner applies it — eval "$(… env)" in bash and zsh, `… | source` in fish —
// in a clean environment (PATH and HOME only), then awslocal against a built-in endpoint. With
// Debian's AWS CLI v2 first on PATH, and with a pyenv AWS CLI v1 first (awslocal must run v2).
// Also: runner commands printed in the form the runner was started with.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { CLI, runCli, spawnCli } from '../helpers/cli.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { unusedPort } from '../helpers/ports.js';
import { AWS_CLI, findAwsV1, hasAwsCli } from '../helpers/aws-cli.js';

const exec = promisify(execFile);
const NODE_DIR = dirname(process.execPath);
const CLEAN_PATH = ['/usr/bin', '/bin', ...(NODE_DIR === '/usr/bin' ? [] : [NODE_DIR])].join(':');

interface ShellRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function inShell(shell: string, script: string, env: Record<string, string>): Promise<ShellRun> {
  try {
    const { stdout, stderr } = await exec(shell, ['-c', script], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const shellAvailable = (name: string) => existsSync(`/usr/bin/${name}`) || existsSync(`/bin/${name}`);

describe('env', () => {
  let endpoint: TestEndpoint;
  let home: string;

  beforeAll(async () => {
    endpoint = await startTestEndpoint();
    home = tempDir('st-env-home-');
  });
  afterAll(async () => endpoint?.dispose());

  const cleanEnv = (extra: Record<string, string> = {}) => ({ PATH: CLEAN_PATH, HOME: home, ...extra });
  const envLine = (shell: string) => `${process.execPath} ${CLI} env --endpoint ${endpoint.url} --shell ${shell}`;

  const shells = [
    { shell: 'bash', apply: (cmd: string) => `eval "$(${cmd})"` },
    { shell: 'zsh', apply: (cmd: string) => `eval "$(${cmd})"` },
    { shell: 'fish', apply: (cmd: string) => `${cmd} | source` },
  ];

  for (const { shell, apply } of shells) {
    const run = shellAvailable(shell) && hasAwsCli ? it : it.skip;
    if (!shellAvailable(shell)) console.warn(`env-command: ${shell} is not installed here, so its eval test is skipped (.ci/run installs it)`);
    run(`${shell}: after applying it, awslocal reaches the endpoint with the test keys, the region and no pager`, async () => {
      const script = [
        apply(envLine(shell)),
        'awslocal s3api list-buckets --query Owner.ID --output text',
        'echo "region=$AWS_REGION/$AWS_DEFAULT_REGION key=$AWS_ACCESS_KEY_ID pager=[$AWS_PAGER] token=[$AWS_SESSION_TOKEN]"',
      ].join('\n');
      // Real-looking credentials in the learner's shell must not reach the emulator.
      const result = await inShell(shell, script, cleanEnv({ AWS_SESSION_TOKEN: 'real-session-token', AWS_PROFILE: 'work', AWS_ACCESS_KEY_ID: 'AKIAREALKEY' }));
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(result.stdout).toContain('region=us-east-1/us-east-1 key=test pager=[] token=[]');
    }, 180_000);
  }

  it('bash: scripts started from that shell see awslocal too (init’s scripts use it when it is there)', async () => {
    const result = await inShell('bash', [`eval "$(${envLine('bash')})"`, `bash -c 'type -t awslocal'`].join('\n'), cleanEnv());
    expect(result.stdout.trim()).toBe('function');
  }, 120_000);

  it('with Debian’s AWS CLI 2.9.19 first on PATH and no awslocal: an awslocal function, and it says to type awslocal', async () => {
    const result = await runCli(['env', '--endpoint', endpoint.url, '--shell', 'bash'], { cwd: home, env: { PATH: CLEAN_PATH } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('awslocal() { aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }');
    expect(result.stdout).toContain(`# eval "$(node ${CLI} env --endpoint ${endpoint.url} --shell bash)"`);
    if (hasAwsCli) expect(result.stdout).toContain('# Type awslocal, not aws: AWS CLI 2.9.19 ignores AWS_ENDPOINT_URL');
    expect(result.stderr).toBe('');
  }, 60_000);

  it('with a pyenv AWS CLI v1 first on PATH and v2 at /usr/bin/aws: awslocal runs /usr/bin/aws, and the v2-only option works', async () => {
    const v1 = findAwsV1();
    if (!v1 || !hasAwsCli) {
      console.warn('env-command: no AWS CLI v1 on this PATH (or no /usr/bin/aws), so the pyenv variant is skipped');
      return;
    }
    const path = `${dirname(v1)}:${CLEAN_PATH}`;
    const script = [
      `eval "$(${process.execPath} ${CLI} env --endpoint ${endpoint.url})"`,
      'type awslocal',
      'aws --version',
      'awslocal --version',
      'awslocal lambda list-functions --cli-binary-format raw-in-base64-out --query Functions',
    ].join('\n');
    const result = await inShell('bash', script, { PATH: path, HOME: home, SHELL: '/bin/bash' });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`${AWS_CLI} --endpoint-url "$AWS_ENDPOINT_URL" "$@"`);
    expect(result.stdout).toMatch(/aws-cli\/1\./);
    expect(result.stdout).toMatch(/aws-cli\/2\./);
    // Without env, the same v2-only option fails through the v1 first on PATH: the trap is real.
    const trap = await inShell('bash', `aws --endpoint-url ${endpoint.url} lambda list-functions --cli-binary-format raw-in-base64-out`, { PATH: path, HOME: home, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1' });
    expect(trap.code).not.toBe(0);
    expect(trap.stderr).toContain('Unknown options: --cli-binary-format');
  }, 180_000);

  it('refuses a non-local endpoint and a shell it does not know (exit 2)', async () => {
    const aws = await runCli(['env', '--endpoint', 'https://s3.amazonaws.com']);
    expect(aws.code).toBe(2);
    expect(aws.stderr).toContain('does not look like LocalStack or the built-in endpoint');
    expect(aws.stdout).toBe('');
    const bad = await runCli(['env', '--shell', 'tcsh']);
    expect(bad.code).toBe(2);
  }, 60_000);

  it('says on stderr when nothing answers yet, with the command that starts the endpoint on that port', async () => {
    const port = await unusedPort();
    const result = await runCli(['env', '--endpoint', `http://127.0.0.1:${port}`], { cwd: home, env: { PATH: CLEAN_PATH } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`export AWS_ENDPOINT_URL="http://127.0.0.1:${port}"`);
    expect(result.stderr).toContain(`Nothing answers at http://127.0.0.1:${port} yet`);
    expect(result.stderr).toContain(`node ${CLI} endpoint --port ${port}`);
  }, 60_000);
});

describe('runner commands in the form the runner was started with', () => {
  it('npx (npm sets npm_command=exec), a name on PATH, or node with the path', async () => {
    const state = tempDir('st-inv-');
    const viaNpx = await runCli(['list', '--state-dir', state], { env: { npm_command: 'exec', npm_lifecycle_event: 'npx' } });
    expect(viaNpx.stdout).toContain('Next: npx serverless-tutorial run --step localstack');

    const bin = join(state, 'bin');
    mkdirSync(bin);
    symlinkSync(CLI, join(bin, 'serverless-tutorial'));
    const { stdout } = await exec(join(bin, 'serverless-tutorial'), ['list', '--state-dir', state], { env: { PATH: `${bin}:${CLEAN_PATH}`, HOME: state, LANG: 'C.UTF-8' } });
    expect(stdout).toContain('Next: serverless-tutorial run --step localstack');

    const viaNode = await runCli(['list', '--state-dir', state], { cwd: state });
    expect(viaNode.stdout).toContain(`Next: node ${CLI} run --step localstack`);
    const fromClone = await runCli(['list', '--state-dir', state], { cwd: dirname(dirname(CLI)) });
    expect(fromClone.stdout).toContain('Next: node dist/cli.js run --step localstack');
  }, 120_000);

  it("endpoint's start banner prints the env line for its own address", async () => {
    const port = await unusedPort();
    const state = tempDir('st-banner-');
    const child = spawnCli(['endpoint', '--port', String(port), '--state-dir', state], { env: { npm_command: 'exec' } });
    try {
      await child.waitFor(/Press Ctrl\+C/);
      expect(child.output().stdout).toContain(`    eval "$(npx serverless-tutorial env --endpoint http://127.0.0.1:${port})"\n`);
    } finally {
      child.child.kill('SIGINT');
      await child.exited;
    }
  }, 60_000);
});
