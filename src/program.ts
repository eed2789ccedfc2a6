// The command-line surface (DESIGN §3), declared in one place with commander. Commands are loaded
// lazily inside their actions so `--help` and `--version` never load the AWS SDK or Ink.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { RUNNER_VERSION } from './version.js';
import { resolveLang, LANGS, type Lang } from './config/language.js';
import { parseEndpointOption } from './config/endpoint.js';
import { resolveStateDir } from './config/state-dir.js';
import { EXIT_OK, EXIT_USAGE } from './errors.js';
import { collectList } from './config/endpoint-access.js';
import type { CommonOptions, ProgramIo } from './commands/options.js';
import type { EndpointOptions } from './commands/endpoint.js';
import type { RunOptions } from './commands/run.js';
import type { CheckOptions } from './commands/check.js';
import type { ResetOptions } from './commands/reset.js';
import type { InitOptions } from './commands/init.js';
import type { StartOptions } from './commands/start.js';
import type { DoctorOptions } from './commands/doctor.js';
import type { EnvOptions } from './commands/env.js';
import { SHELLS } from './config/shell-env.js';
import type { ShopOptions } from './commands/shop.js';
import type { ListOptions } from './commands/list.js';

export type { CommonOptions, ProgramIo };

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of 1 or more.');
  return n;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  }
  return port;
}

export function buildProgram(io: ProgramIo, run: (action: () => Promise<number>) => void): Command {
  const program = new Command('serverless-tutorial')
    .description('A tutorial runner for serverless basics (S3, Lambda, S3 trigger) on LocalStack or a built-in endpoint.')
    .version(RUNNER_VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('--endpoint <url>', 'endpoint URL (default: $AWS_ENDPOINT_URL, $LOCALSTACK_HOST, http://localhost:4566)').argParser(parseEndpointOption))
    .addOption(new Option('--embedded', 'start the built-in endpoint in this process'))
    .addOption(new Option('--lang <lang>', 'language of messages').choices(LANGS as string[]))
    .addOption(new Option('--state-dir <dir>', 'where progress and built-in endpoint data are kept').default(undefined, '.serverless-tutorial'))
    .addOption(new Option('-y, --yes', 'answer yes to questions (apply fixes without asking)'))
    .addOption(new Option('--no-color', 'no colours in output'))
    .addOption(new Option('--allow-aws', 'allow a non-local endpoint (real AWS): the lesson makes a public-read bucket'))
    .addOption(new Option('--allow-host <name>', 'built-in endpoint: also answer to this host name (repeatable; *.example.test for a whole domain)').argParser(collectList))
    .addOption(new Option('--allow-origin <origin>', 'built-in endpoint: let web pages from this origin use every API, not only S3 objects (repeatable)').argParser(collectList))
    .showSuggestionAfterError(true)
    // A --state-dir that names a file (or lies below one) is a usage error for every command, even
    // those that would not read it, before anything runs.
    .hook('preAction', (_program, command) => {
      const { stateDir } = command.optsWithGlobals<CommonOptions>();
      if (stateDir !== undefined) resolveStateDir(stateDir);
    })
    .exitOverride()
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => write(localizeUsageError(languageFromArgv(process.argv.slice(2)), text)),
    });

  const stepOption = () => new Option('--step <id|n>', 'a step id or its number (1–6)');
  const functionOptions = (command: Command) =>
    command
      .addOption(new Option('--function-dir <dir>', 'build this function instead of ./lambda/image-processor or the reference copy'))
      .addOption(new Option('--zip <file>', 'your own function package (step 3 also looks at ./lambda/image-processor/function.zip and the runner\'s build)'))
      .addOption(new Option('--arch <arch>', "the function's architecture on LocalStack/AWS").choices(['x86_64', 'arm64']).default('x86_64'));

  functionOptions(
    program
      .command('start')
      .description('the guided lesson in your terminal (the default command; continues where you stopped)')
      .addOption(new Option('--step <id|n>', 'open at this step (an id or its number 1–6)')),
  )
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<StartOptions>();
      run(async () => (await import('./commands/start.js')).startCommand(options, io));
    });

  program
    .command('endpoint')
    .description('run the built-in LocalStack-compatible endpoint in the foreground (Ctrl+C stops it)')
    .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'port to listen on (0 picks a free one)').default(4566).argParser(parsePort))
    .addOption(new Option('--data-dir <dir>', 'where buckets, objects, roles and functions are kept (default: <state-dir>/endpoint)'))
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<EndpointOptions>();
      run(async () => (await import('./commands/endpoint.js')).endpointCommand(options, io));
    });

  functionOptions(
    program
      .command('run')
      .description('do steps without the UI, with the checks after each (default: continue where you stopped)')
      .addOption(stepOption())
      .addOption(new Option('--all', 'do every step, from the first')),
  )
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<RunOptions>();
      run(async () => (await import('./commands/run.js')).runCommand(options, io));
    });

  functionOptions(
    program
      .command('check')
      .description("run the lesson's checklist (exit 0 when all pass, 1 when any fails)")
      .addOption(new Option('--format <format>', 'output format (html: one self-contained page)').choices(['text', 'json', 'junit', 'html']).default('text'))
      .addOption(new Option('--output <file>', 'write the report to a file instead of stdout'))
      .addOption(new Option('--read-only', 'never write to the endpoint: skip the checks that upload, invoke or re-run the steps'))
      .addOption(new Option('--roster <file>', 'check a whole class: a CSV of name,endpoint (header optional, # comments)'))
      .addOption(new Option('--concurrency <n>', 'with --roster: learners checked at the same time').default(8).argParser(parsePositiveInt))
      .addOption(new Option('--learner-timeout <seconds>', "with --roster: each learner's deadline (default 180); what has not finished then is reported as could not check").argParser(parsePositiveInt)),
  )
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<CheckOptions>();
      run(async () => (await import('./commands/check.js')).checkCommand(options, io));
    });

  functionOptions(
    program
      .command('list')
      .description('the steps and whether each is done, established from the endpoint and the files here')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text')),
  )
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ListOptions>();
      run(async () => (await import('./commands/list.js')).listCommand(options, io));
    });

  program
    .command('env')
    .description('print the lines that set up your shell for the endpoint: eval "$(npx serverless-tutorial env)"')
    .addOption(new Option('--shell <shell>', 'the shell to write for (default: yours, from $SHELL or PowerShell)').choices([...SHELLS]))
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<EnvOptions>();
      run(async () => (await import('./commands/env.js')).envCommand(options, io));
    });

  program
    .command('reset')
    .description('forget progress (from --step on); with --resources also delete what the lesson made')
    .addOption(stepOption())
    .addOption(new Option('--resources', 'also delete the bucket, function, role, permission and notification (asks first unless --yes)'))
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ResetOptions>();
      run(async () => (await import('./commands/reset.js')).resetCommand(options, io));
    });

  program
    .command('init')
    .description("write the lesson's scripts, JSON files and function source for doing it by hand (never overwrites)")
    .argument('[dir]', 'the project directory', '.')
    .exitOverride()
    .action((dir: string, _options: unknown, command: Command) => {
      const options = { ...command.optsWithGlobals<InitOptions>(), dir };
      run(async () => (await import('./commands/init.js')).initCommand(options, io));
    });

  program
    .command('shop')
    .description("the shop page in your browser: upload a photo to the bucket and see your function's copy (after step 6; Ctrl+C stops it)")
    .addOption(new Option('--port <port>', 'port for the page (default: 4570, or a free one when that is taken)').argParser(parsePort))
    .addOption(new Option('--no-open', 'only print the page address, do not open a browser'))
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ShopOptions>();
      run(async () => (await import('./commands/shop.js')).shopCommand(options, io));
    });

  functionOptions(
    program
      .command('doctor')
      .description('run the checklist and diagnose the three common problems; --fix applies the fixes and checks again')
      .addOption(new Option('--fix', 'apply the fixes in order (asks before any that changes something, unless --yes), then check again'))
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .addOption(new Option('--report <file>', 'also write a markdown report for an instructor (credentials redacted)')),
  )
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<DoctorOptions>();
      run(async () => (await import('./commands/doctor.js')).doctorCommand(options, io));
    });

  return program;
}

/** Commander's own exits (help, version) are successes; every other parse error is a usage error. */
export function exitCodeFor(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
    return EXIT_OK;
  }
  return EXIT_USAGE;
}

/** An option's value read straight from argv, for what is needed before (or without) a full parse. */
export function optionFromArgv(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  if (index >= 0) return argv[index + 1];
  return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

/** The language for messages printed before options are fully parsed (usage errors). */
export function languageFromArgv(argv: string[]): Lang {
  return resolveLang(optionFromArgv(argv, '--lang'));
}

const JA_USAGE_ERRORS: [RegExp, string][] = [
  [/^error: unknown option '(.+?)'/m, "エラー: '$1' というオプションはありません。"],
  [/^error: unknown command '(.+?)'/m, "エラー: '$1' というコマンドはありません。"],
  [/^error: too many arguments.*$/m, 'エラー: 引数が多すぎます。'],
  [/^error: option '(.+?)' argument '(.*?)' is invalid\./m, "エラー: オプション '$1' に '$2' は指定できません。"],
  [/^error: option '(.+?)' argument missing/m, "エラー: オプション '$1' には値が必要です。"],
  [/^error: missing required argument '(.+?)'/m, "エラー: 引数 '$1' が必要です。"],
  [/\(Did you mean (.+?)\?\)/, '(もしかして: $1)'],
  [/Allowed choices are (.+?)\./, '使える値: $1。'],
  [/a port is a whole number from 0 to 65535\./, 'ポートは 0 から 65535 までの整数です。'],
  [/a whole number of 1 or more\./, '1 以上の整数を指定してください。'],
];

/** Commander prints usage errors in English; Japanese learners get them in Japanese. */
export function localizeUsageError(lang: Lang, text: string): string {
  if (lang !== 'ja') return text;
  return JA_USAGE_ERRORS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}
