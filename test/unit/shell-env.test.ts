// What `env` prints for each shell, and how it provides awslocal from what is installed. The AWS
// CLI facts are this machine's: Debian 12's awscli 2.9.19 at /usr/bin/aws (it does not read
// AWS_ENDPOINT_URL: that came with 2.13) and a pyenv awscli 1.45.11 first on PATH.
import { describe, expect, it } from '@jest/globals';
import { detectShell, envApplyLine, envBlock, isEnvCommand, planAwsCommands, renderShellEnv, type AwsCommandPlan, type ShellName } from '../../src/config/shell-env.js';
import type { AwsCliReport } from '../../src/lesson/aws-cli.js';
import { readsEndpointVariable } from '../../src/lesson/aws-cli.js';
import type { Invocation } from '../../src/config/invocation.js';

const NPX: Invocation = { kind: 'npx', prefix: 'npx serverless-tutorial' };
const HOW_TO = { en: 'Install AWS CLI v2.', ja: 'AWS CLI v2 を入れてください。' };
const DEBIAN: AwsCliReport = { first: { path: '/usr/bin/aws', version: '2.9.19', major: 2 }, v2: { path: '/usr/bin/aws', version: '2.9.19' } };
const PYENV_TRAP: AwsCliReport = { first: { path: '/root/.pyenv/shims/aws', version: '1.45.11', major: 1 }, v2: { path: '/usr/bin/aws', version: '2.9.19' } };

function render(shell: ShellName, plan: AwsCommandPlan, endpoint = 'http://localhost:4566'): string {
  return renderShellEnv({
    shell,
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    plan,
    lang: 'en',
    applyLine: envApplyLine({ idiom: shell }, NPX),
  });
}

describe('env output', () => {
  it('bash: endpoint, test keys, no session token or profile, region, no pager, and an awslocal on Debian', () => {
    expect(render('bash', planAwsCommands(DEBIAN, HOW_TO))).toBe(
      [
        "# serverless-tutorial env (bash): this shell's AWS commands go to http://localhost:4566, with LocalStack's test keys and the lesson's region us-east-1.",
        'export AWS_ENDPOINT_URL="http://localhost:4566"',
        'export AWS_ACCESS_KEY_ID="test"',
        'export AWS_SECRET_ACCESS_KEY="test"',
        'unset AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE',
        'export AWS_DEFAULT_REGION="us-east-1"',
        'export AWS_REGION="us-east-1"',
        'export AWS_PAGER=""',
        '# awslocal is not installed: the function below stands in for it and runs AWS CLI 2.9.19 (/usr/bin/aws).',
        '# Type awslocal, not aws: AWS CLI 2.9.19 ignores AWS_ENDPOINT_URL (2.13 and later read it), so plain aws would go to real AWS.',
        'awslocal() { aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }',
        'if [ -n "${BASH_VERSION:-}" ]; then export -f awslocal; fi',
        '# To set up your shell this way, run:',
        '# eval "$(npx serverless-tutorial env)"',
        '',
      ].join('\n'),
    );
  });

  it('zsh: the same without exporting the function (zsh cannot)', () => {
    const out = render('zsh', planAwsCommands(DEBIAN, HOW_TO));
    expect(out).toContain('awslocal() { aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }\n# To set up');
    expect(out).not.toContain('export -f');
    expect(out).toContain('# serverless-tutorial env (zsh)');
  });

  it('fish: set -gx, set -e, a fish function, and | source', () => {
    expect(render('fish', planAwsCommands(DEBIAN, HOW_TO)).split('\n').filter((line) => !line.startsWith('# ') || line.includes('source'))).toEqual([
      'set -gx AWS_ENDPOINT_URL http://localhost:4566',
      'set -gx AWS_ACCESS_KEY_ID test',
      'set -gx AWS_SECRET_ACCESS_KEY test',
      'set -e AWS_SESSION_TOKEN; set -e AWS_SECURITY_TOKEN; set -e AWS_PROFILE; set -e AWS_DEFAULT_PROFILE',
      'set -gx AWS_DEFAULT_REGION us-east-1',
      'set -gx AWS_REGION us-east-1',
      "set -gx AWS_PAGER ''",
      'function awslocal; aws --endpoint-url $AWS_ENDPOINT_URL $argv; end',
      '# npx serverless-tutorial env | source',
      '',
    ]);
  });

  it('PowerShell: $Env:, Remove-Item, a function with --no-cli-pager (PowerShell cannot hold an empty AWS_PAGER), Invoke-Expression', () => {
    expect(render('powershell', planAwsCommands(DEBIAN, HOW_TO)).split('\n').filter((line) => !line.startsWith('# ') || line.includes('Invoke'))).toEqual([
      "$Env:AWS_ENDPOINT_URL = 'http://localhost:4566'",
      "$Env:AWS_ACCESS_KEY_ID = 'test'",
      "$Env:AWS_SECRET_ACCESS_KEY = 'test'",
      'Remove-Item -ErrorAction SilentlyContinue Env:AWS_SESSION_TOKEN, Env:AWS_SECURITY_TOKEN, Env:AWS_PROFILE, Env:AWS_DEFAULT_PROFILE',
      "$Env:AWS_DEFAULT_REGION = 'us-east-1'",
      "$Env:AWS_REGION = 'us-east-1'",
      "function awslocal { & 'aws' --endpoint-url $Env:AWS_ENDPOINT_URL --no-cli-pager @args }",
      '# & npx serverless-tutorial env | Invoke-Expression',
      '',
    ]);
  });

  it('speaks Japanese in its comments', () => {
    const out = renderShellEnv({ shell: 'bash', endpoint: 'http://localhost:4566', region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, plan: planAwsCommands(DEBIAN, HOW_TO), lang: 'ja', applyLine: 'eval "$(npx serverless-tutorial env)"' });
    expect(out).toContain('# awslocal がインストールされていないため、代わりに下の関数を使います (/usr/bin/aws の AWS CLI 2.9.19 を実行します)。');
    expect(out).toContain('# このシェルに設定するには、次を実行します:');
  });
});

describe('planAwsCommands: which aws the awslocal runs (the same facts doctor reports)', () => {
  it('the pyenv trap: a v1 first on PATH, v2 at /usr/bin/aws → awslocal runs /usr/bin/aws by its path, and says why', () => {
    const plan = planAwsCommands(PYENV_TRAP, HOW_TO);
    expect(plan.awslocalFunction).toEqual({ aws: '/usr/bin/aws', v2: true });
    expect(plan.notes.map((n) => n.en)).toContain(
      'The aws first on PATH (/root/.pyenv/shims/aws) is AWS CLI 1.45.11, which lacks options the lesson uses: type awslocal, which runs /usr/bin/aws.',
    );
    expect(plan.warnings).toEqual([]);
    expect(render('bash', plan)).toContain('awslocal() { /usr/bin/aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }');
  });

  it('only a v1 anywhere: still an awslocal, and a warning with the way to install v2', () => {
    const plan = planAwsCommands({ first: PYENV_TRAP.first }, HOW_TO);
    expect(plan.awslocalFunction).toEqual({ aws: 'aws', v2: false });
    expect(plan.warnings.map((w) => w.en)).toEqual(['The only AWS CLI here is 1.45.11 (/root/.pyenv/shims/aws); the lesson needs version 2 (step 5 uses --cli-binary-format). Install AWS CLI v2.']);
    // No --no-cli-pager for a v1 (it does not know the option).
    expect(render('powershell', plan)).toContain("function awslocal { & 'aws' --endpoint-url $Env:AWS_ENDPOINT_URL @args }");
  });

  it('no aws at all: a warning', () => {
    expect(planAwsCommands({}, HOW_TO).warnings.map((w) => w.en)).toEqual(['No AWS CLI version 2 found (no aws on PATH). Install AWS CLI v2.']);
  });

  it('an installed awslocal that runs v2 is kept; one that runs v1 is replaced when a v2 exists', () => {
    const good = planAwsCommands({ ...DEBIAN, awslocal: { path: '/home/me/.local/bin/awslocal', runs: { path: '/home/me/.local/bin/awslocal', version: '2.9.19', major: 2 } } }, HOW_TO);
    expect(good.awslocalFunction).toBeUndefined();
    expect(good.notes[0].en).toBe('awslocal: /home/me/.local/bin/awslocal (AWS CLI 2.9.19).');
    const v1 = planAwsCommands({ ...PYENV_TRAP, awslocal: { path: '/home/me/.local/bin/awslocal', runs: { path: '/home/me/.local/bin/awslocal', version: '1.45.11', major: 1 } } }, HOW_TO);
    expect(v1.awslocalFunction).toEqual({ aws: '/usr/bin/aws', v2: true });
    expect(v1.notes[0].en).toContain('The installed awslocal (/home/me/.local/bin/awslocal) runs AWS CLI 1.45.11');
  });

  it('a v2 that reads AWS_ENDPOINT_URL: plain aws works too', () => {
    const plan = planAwsCommands({ first: { path: '/usr/local/bin/aws', version: '2.27.50', major: 2 }, v2: { path: '/usr/local/bin/aws', version: '2.27.50' } }, HOW_TO);
    expect(plan.notes.map((n) => n.en)).toContain('Plain aws works too: AWS CLI 2.27.50 reads AWS_ENDPOINT_URL.');
    expect([readsEndpointVariable('2.9.19'), readsEndpointVariable('2.13.0'), readsEndpointVariable('1.45.11'), readsEndpointVariable('1.28.9')]).toEqual([false, true, true, false]);
  });
});

describe('the line that applies it', () => {
  it('leaves out --endpoint for the usual address and writes each shell’s idiom', () => {
    expect(envApplyLine({ endpoint: 'http://localhost:4566' }, NPX)).toBe('eval "$(npx serverless-tutorial env)"');
    expect(envApplyLine({ endpoint: 'http://127.0.0.1:4566' }, NPX)).toBe('eval "$(npx serverless-tutorial env)"');
    expect(envApplyLine({ endpoint: 'http://127.0.0.1:4571' }, NPX)).toBe('eval "$(npx serverless-tutorial env --endpoint http://127.0.0.1:4571)"');
    expect(envApplyLine({ shell: 'fish' }, { kind: 'path', prefix: 'serverless-tutorial' })).toBe('serverless-tutorial env --shell fish | source');
    expect(envApplyLine({ idiom: 'powershell' }, { kind: 'node', prefix: 'node dist/cli.js' })).toBe('& node dist/cli.js env | Invoke-Expression');
  });

  it('the env block a screen shows: the exact line for the endpoint in use, and what it sets', () => {
    const block = envBlock('http://127.0.0.1:4571', 'us-east-1', { kind: 'node', prefix: 'node dist/cli.js' });
    expect(block.command).toBe('eval "$(node dist/cli.js env --endpoint http://127.0.0.1:4571)"');
    expect(block.about.en).toContain('AWS_ENDPOINT_URL, LocalStack\'s test keys, region us-east-1, and an awslocal if you have none');
    expect(isEnvCommand('eval "$(npx serverless-tutorial env)"')).toBe(true);
    expect(isEnvCommand('npx serverless-tutorial endpoint')).toBe(false);
  });
});

describe('detectShell', () => {
  it('reads $SHELL, PowerShell where it runs, and bash otherwise', () => {
    expect(detectShell({ SHELL: '/bin/zsh' }, 'darwin')).toBe('zsh');
    expect(detectShell({ SHELL: '/usr/bin/fish' }, 'linux')).toBe('fish');
    expect(detectShell({ SHELL: '/bin/bash', PSModulePath: '/opt/microsoft/powershell/7/Modules' }, 'linux')).toBe('powershell');
    expect(detectShell({ PSModulePath: 'C:\\Program Files\\WindowsPowerShell\\Modules' }, 'win32')).toBe('powershell');
    // Git Bash on Windows: $SHELL wins over the system-wide PSModulePath.
    expect(detectShell({ SHELL: '/usr/bin/bash', PSModulePath: 'C:\\Program Files\\WindowsPowerShell\\Modules' }, 'win32')).toBe('bash');
    expect(detectShell({ SHELL: '/bin/dash' }, 'linux')).toBe('bash');
    expect(detectShell({}, 'linux')).toBe('bash');
  });
});
