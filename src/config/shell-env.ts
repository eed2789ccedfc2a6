// What `serverless-tutorial env` prints: the lines that set up a shell for the lesson's endpoint
// (endpoint URL, LocalStack's test keys, the lesson's region, no pager) and an `awslocal` that runs
// an AWS CLI v2, for bash, zsh, fish and PowerShell. Pure: the command gathers the facts.
import type { Lang } from './language.js';
import type { Text } from '../i18n/text.js';
import { DEFAULT_ENDPOINT } from './endpoint.js';
import { currentInvocation, runnerCommand, shellQuote, type Invocation } from './invocation.js';
import { readsEndpointVariable, type AwsCliReport } from '../lesson/aws-cli.js';

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type ShellName = (typeof SHELLS)[number];

/**
 * The learner's shell: PowerShell when running inside it (it sets PSModulePath; on Windows that is
 * set everywhere, so there $SHELL, which Git Bash and MSYS set, wins), else $SHELL's name. Any
 * other POSIX shell gets the bash lines, which it reads too.
 */
export function detectShell(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): ShellName {
  const shellName = (env.SHELL ?? '').split(/[\\/]/).pop()?.replace(/\.exe$/i, '') ?? '';
  if (platform === 'win32') return shellName ? namedShell(shellName) : 'powershell';
  if (env.PSModulePath && /powershell/i.test(env.PSModulePath)) return 'powershell';
  return namedShell(shellName);
}

function namedShell(name: string): ShellName {
  if (name === 'zsh' || name === 'fish') return name;
  if (name === 'pwsh' || name === 'powershell') return 'powershell';
  return 'bash';
}

/** Local endpoints on LocalStack's usual address need no --endpoint: it is what env falls back to. */
function isDefaultAddress(url: string): boolean {
  const parsed = new URL(url);
  const defaults = new URL(DEFAULT_ENDPOINT);
  return parsed.protocol === defaults.protocol && parsed.port === defaults.port && ['localhost', '127.0.0.1'].includes(parsed.hostname);
}

export interface EnvLineOptions {
  /** Written as --endpoint unless it is the default address (or absent: whatever the shell has). */
  endpoint?: string;
  /** Written as --shell when given (the command detects it otherwise). */
  shell?: ShellName;
  /** The shell whose idiom applies the output (eval, | source, | Invoke-Expression). Default: `shell`, else bash. */
  idiom?: ShellName;
}

/** The line that applies `env`'s output to the learner's shell, in that shell's own idiom. */
export function envApplyLine(options: EnvLineOptions = {}, invocation: Invocation = currentInvocation()): string {
  const args = ['env'];
  if (options.endpoint && !isDefaultAddress(options.endpoint)) args.push('--endpoint', options.endpoint);
  if (options.shell) args.push('--shell', options.shell);
  const command = runnerCommand(args.join(' '), invocation);
  switch (options.idiom ?? options.shell) {
    case 'fish':
      return `${command} | source`;
    case 'powershell':
      return `& ${command} | Invoke-Expression`;
    default:
      return `eval "$(${command})"`;
  }
}

/** How the `awslocal` the lesson's commands use is provided, and what the learner should know. */
export interface AwsCommandPlan {
  /** Define a shell function `awslocal` that runs this aws ('aws': whichever PATH gives). */
  awslocalFunction?: { aws: string; v2: boolean };
  /** Comment lines for the output. */
  notes: Text[];
  /** Problems env cannot solve (no v2 anywhere): the command prints them on stderr. */
  warnings: Text[];
}

/** Decides the awslocal stand-in from what is installed (see lesson/aws-cli.ts). */
export function planAwsCommands(report: AwsCliReport, installHowTo: Text): AwsCommandPlan {
  const notes: Text[] = [];
  const warnings: Text[] = [];
  const { first, v2, awslocal } = report;
  const v2IsFirst = Boolean(v2 && first && v2.path === first.path);
  const v2Aws = v2 ? (v2IsFirst ? 'aws' : v2.path) : undefined;
  let awslocalFunction: AwsCommandPlan['awslocalFunction'];

  if (awslocal && (!awslocal.runs?.major || awslocal.runs.major === 2 || !v2)) {
    notes.push({ en: `awslocal: ${awslocal.path}${awslocal.runs?.version ? ` (AWS CLI ${awslocal.runs.version})` : ''}.`, ja: `awslocal: ${awslocal.path}${awslocal.runs?.version ? ` (AWS CLI ${awslocal.runs.version})` : ''}。` });
  } else if (awslocal && v2) {
    awslocalFunction = { aws: v2Aws!, v2: true };
    notes.push({
      en: `The installed awslocal (${awslocal.path}) runs AWS CLI ${awslocal.runs?.version}; the awslocal below replaces it in this shell and runs AWS CLI ${v2.version} (${v2.path}).`,
      ja: `インストール済みの awslocal (${awslocal.path}) は AWS CLI ${awslocal.runs?.version} を使うため、このシェルでは下の awslocal に置き換えて ${v2.path} の AWS CLI ${v2.version} を使います。`,
    });
  } else {
    awslocalFunction = { aws: v2Aws ?? 'aws', v2: Boolean(v2) };
    const runs: Text = v2
      ? { en: `AWS CLI ${v2.version} (${v2.path})`, ja: `${v2.path} の AWS CLI ${v2.version}` }
      : { en: first?.path ?? 'aws', ja: first?.path ?? 'aws' };
    notes.push({
      en: `awslocal is not installed: the function below stands in for it and runs ${runs.en}.`,
      ja: `awslocal がインストールされていないため、代わりに下の関数を使います (${runs.ja} を実行します)。`,
    });
  }

  if (first && v2 && !v2IsFirst) {
    notes.push({
      en: `The aws first on PATH (${first.path}) is ${first.version ? `AWS CLI ${first.version}` : 'not AWS CLI v2'}, which lacks options the lesson uses: type awslocal, which runs ${v2.path}.`,
      ja: `PATH で最初に見つかる aws (${first.path}) は ${first.version ? `AWS CLI ${first.version} で` : 'AWS CLI v2 ではなく'}、レッスンで使うオプションがありません。${v2.path} を使う awslocal を打ってください。`,
    });
  } else if (v2 && v2IsFirst) {
    notes.push(
      readsEndpointVariable(v2.version)
        ? { en: `Plain aws works too: AWS CLI ${v2.version} reads AWS_ENDPOINT_URL.`, ja: `aws だけでも使えます (AWS CLI ${v2.version} は AWS_ENDPOINT_URL を読みます)。` }
        : {
            en: `Type awslocal, not aws: AWS CLI ${v2.version} ignores AWS_ENDPOINT_URL (2.13 and later read it), so plain aws would go to real AWS.`,
            ja: `aws ではなく awslocal を打ってください。AWS CLI ${v2.version} は AWS_ENDPOINT_URL を読まない (2.13 以降は読みます) ため、aws だけだと本物の AWS に接続しようとします。`,
          },
    );
  }

  if (!v2) {
    warnings.push(
      first?.major !== undefined
        ? {
            en: `The only AWS CLI here is ${first.version} (${first.path}); the lesson needs version 2 (step 5 uses --cli-binary-format). ${installHowTo.en}`,
            ja: `ここにある AWS CLI は ${first.version} (${first.path}) だけで、レッスンには v2 が必要です (ステップ 5 で --cli-binary-format を使います)。${installHowTo.ja}`,
          }
        : {
            en: `No AWS CLI version 2 found${first ? ` (${first.path} gave no version)` : ' (no aws on PATH)'}. ${installHowTo.en}`,
            ja: `AWS CLI v2 が見つかりません${first ? ` (${first.path} はバージョンを返しませんでした)` : ' (PATH に aws がありません)'}。${installHowTo.ja}`,
          },
    );
  }
  return { ...(awslocalFunction ? { awslocalFunction } : {}), notes, warnings };
}

export interface ShellEnvInput {
  shell: ShellName;
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  plan: AwsCommandPlan;
  lang: Lang;
  /** The line that applies this output (envApplyLine), quoted in the closing comment. */
  applyLine: string;
}

/** Variables that would send real credentials (or pick a real profile) along with the test keys. */
const UNSET = ['AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE'];

export function renderShellEnv(input: ShellEnvInput): string {
  const { shell, lang } = input;
  const syntax = SYNTAX[shell];
  const set: [string, string][] = [
    ['AWS_ENDPOINT_URL', input.endpoint],
    ['AWS_ACCESS_KEY_ID', input.credentials.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', input.credentials.secretAccessKey],
    ['AWS_DEFAULT_REGION', input.region],
    ['AWS_REGION', input.region],
  ];
  const lines: string[] = [];
  const comment = (text: Text) => lines.push(`# ${text[lang]}`);
  comment({
    en: `serverless-tutorial env (${shell}): this shell's AWS commands go to ${input.endpoint}, with LocalStack's test keys and the lesson's region ${input.region}.`,
    ja: `serverless-tutorial env (${shell}): このシェルの AWS コマンドの接続先を ${input.endpoint} にします (LocalStack のテスト用キー、レッスンのリージョン ${input.region})。`,
  });
  for (const [name, value] of set.slice(0, 3)) lines.push(syntax.set(name, value));
  lines.push(syntax.unset(UNSET));
  for (const [name, value] of set.slice(3)) lines.push(syntax.set(name, value));
  // PowerShell cannot hold an empty variable (assigning "" removes it): its awslocal passes
  // --no-cli-pager instead.
  if (shell !== 'powershell') lines.push(syntax.set('AWS_PAGER', ''));
  input.plan.notes.forEach(comment);
  const fn = input.plan.awslocalFunction;
  if (fn) lines.push(...syntax.awslocal(fn.aws, shell === 'powershell' && fn.v2));
  comment({ en: 'To set up your shell this way, run:', ja: 'このシェルに設定するには、次を実行します:' });
  lines.push(`# ${input.applyLine}`);
  return `${lines.join('\n')}\n`;
}

interface Syntax {
  set(name: string, value: string): string;
  unset(names: string[]): string;
  awslocal(aws: string, noPager: boolean): string[];
}

/** Double quotes for plain values (URLs, keys, regions), single quotes for anything else. */
const posixValue = (value: string) => (/^[A-Za-z0-9_./:@%+=,-]*$/.test(value) ? `"${value}"` : `'${value.replace(/'/g, `'\\''`)}'`);
const fishWord = (word: string) => (/^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/[\\']/g, '\\$&')}'`);
const psValue = (value: string) => `'${value.replace(/'/g, "''")}'`;

const posix = (exportFunction: boolean): Syntax => ({
  set: (name, value) => `export ${name}=${posixValue(value)}`,
  unset: (names) => `unset ${names.join(' ')}`,
  awslocal: (aws) => [
    `awslocal() { ${shellQuote(aws)} --endpoint-url "$AWS_ENDPOINT_URL" "$@"; }`,
    // Scripts run by this shell (init's backend/scripts/aws/*.sh) see the function too.
    ...(exportFunction ? ['if [ -n "${BASH_VERSION:-}" ]; then export -f awslocal; fi'] : []),
  ],
});

const SYNTAX: Record<ShellName, Syntax> = {
  bash: posix(true),
  zsh: posix(false),
  fish: {
    set: (name, value) => `set -gx ${name} ${value === '' ? "''" : fishWord(value)}`,
    unset: (names) => names.map((name) => `set -e ${name}`).join('; '),
    awslocal: (aws) => [`function awslocal; ${fishWord(aws)} --endpoint-url $AWS_ENDPOINT_URL $argv; end`],
  },
  powershell: {
    set: (name, value) => `$Env:${name} = ${psValue(value)}`,
    unset: (names) => `Remove-Item -ErrorAction SilentlyContinue ${names.map((name) => `Env:${name}`).join(', ')}`,
    awslocal: (aws, noPager) => [`function awslocal { & ${psValue(aws)} --endpoint-url $Env:AWS_ENDPOINT_URL${noPager ? ' --no-cli-pager' : ''} @args }`],
  },
};

/** A lesson command that applies `env` (the lesson writes it as eval "$(npx serverless-tutorial env)"). */
export function isEnvCommand(run: string): boolean {
  return /(^|[\s("'])npx serverless-tutorial env(?=$|[\s)"'])/.test(run);
}

export interface EnvBlock {
  /** The exact line to paste for this endpoint, in the learner's invocation form. */
  command: string;
  /** One line saying what it sets. */
  about: Text;
}

/** The env block a screen shows once (at step 1): what to paste in another terminal, and why. */
export function envBlock(endpointUrl: string, region: string, invocation: Invocation = currentInvocation()): EnvBlock {
  return {
    command: envApplyLine({ endpoint: endpointUrl }, invocation),
    about: {
      en: `Sets this terminal up for ${endpointUrl}: AWS_ENDPOINT_URL, LocalStack's test keys, region ${region}, and an awslocal if you have none. Run it in every new terminal.`,
      ja: `この端末を ${endpointUrl} 用に設定します (AWS_ENDPOINT_URL、LocalStack のテスト用キー、リージョン ${region}、awslocal がなければ代わりの関数)。新しい端末を開くたびに実行します。`,
    },
  };
}
