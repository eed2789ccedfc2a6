// The command-line surface (DESIGN §3), declared in one place with commander. Commands are loaded
// lazily inside their actions so `--help` and `--version` never load the AWS SDK or Ink.
import { type Argument, Command, CommanderError, Help, InvalidArgumentError, Option } from 'commander';
import { RUNNER_VERSION } from './version.js';
import { resolveLang, LANGS, type Lang } from './config/language.js';
import { parseEndpointOption } from './config/endpoint.js';
import { resolveStateDir } from './config/state-dir.js';
import { EXIT_OK, EXIT_USAGE } from './errors.js';
import { collectList } from './config/endpoint-access.js';
import { say, type Text } from './i18n/text.js';
import { displayWidth } from './report/display-width.js';
import { lineText, wrapSegments } from './ui/text/wrap.js';
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

/** Every word of the help, in both languages (--help follows --lang / LANG like everything else). */
const HELP = {
  program: {
    en: 'A tutorial runner for serverless basics (S3, Lambda, S3 trigger) on LocalStack or a built-in endpoint.',
    ja: 'LocalStack か内蔵エンドポイントで、サーバーレスの基本 (S3・Lambda・S3 トリガー) を学ぶチュートリアルランナーです。',
  },
  version: { en: 'print the version', ja: 'バージョンを表示する' },
  help: { en: 'show help', ja: 'ヘルプを表示する' },
  helpCommand: { en: 'show help for a command', ja: 'コマンドのヘルプを表示する' },
  endpoint: { en: 'endpoint URL (default: $AWS_ENDPOINT_URL, $LOCALSTACK_HOST, http://localhost:4566)', ja: '接続先の URL (既定: $AWS_ENDPOINT_URL、$LOCALSTACK_HOST、http://localhost:4566 の順)' },
  embedded: { en: 'start the built-in endpoint in this process', ja: '内蔵エンドポイントをこのプロセスの中で起動する' },
  lang: { en: 'language of messages', ja: 'メッセージの言語' },
  stateDir: { en: 'where progress and built-in endpoint data are kept', ja: '進み具合と内蔵エンドポイントのデータを置くフォルダー' },
  yes: { en: 'answer yes to questions (apply fixes without asking)', ja: '確認に「はい」と答える (修正を確認なしで実行する)' },
  noColor: { en: 'no colours in output', ja: '出力に色を付けない' },
  allowAws: { en: 'allow a non-local endpoint (real AWS): the lesson makes a public-read bucket', ja: '手元以外の接続先 (本物の AWS) を許可する。レッスンは誰でも読めるバケットを作るので注意' },
  allowHost: {
    en: 'built-in endpoint: also answer to this host name (repeatable; *.example.test for a whole domain)',
    ja: '内蔵エンドポイント: このホスト名でも応答する (複数指定可。*.example.test でドメイン全体)',
  },
  allowOrigin: {
    en: 'built-in endpoint: let web pages from this origin use every API, not only S3 objects (repeatable)',
    ja: '内蔵エンドポイント: このオリジンの Web ページに、S3 のオブジェクトだけでなくすべての API を許す (複数指定可)',
  },
  step: { en: 'a step id or its number (1–6)', ja: 'ステップの ID か番号 (1〜6)' },
  functionDir: { en: 'build this function instead of ./lambda/image-processor or the reference copy', ja: './lambda/image-processor や同梱の見本の代わりに、このフォルダーの関数をビルドする' },
  arch: { en: "the function's architecture on LocalStack/AWS", ja: 'LocalStack や AWS で関数を動かすアーキテクチャ' },
  zip: {
    en: "your own function package (step 3 also looks at ./lambda/image-processor/function.zip and the runner's build)",
    ja: '自分で作った関数の zip (ステップ 3 は ./lambda/image-processor/function.zip とランナーのビルドも確かめる)',
  },
  start: { en: 'the guided lesson in your terminal (the default command; continues where you stopped)', ja: 'ターミナルで進めるガイド付きのレッスン (既定のコマンド。前回の続きから始まる)' },
  startStep: { en: 'open at this step (an id or its number 1–6)', ja: 'このステップから開く (ID か番号 1〜6)' },
  endpointCommand: { en: 'run the built-in LocalStack-compatible endpoint in the foreground (Ctrl+C stops it)', ja: 'LocalStack 互換の内蔵エンドポイントをフォアグラウンドで動かす (Ctrl+C で停止)' },
  host: { en: 'address to listen on', ja: '待ち受けるアドレス' },
  port: { en: 'port to listen on (0 picks a free one)', ja: '待ち受けるポート (0 なら空いているポートを選ぶ)' },
  dataDir: { en: 'where buckets, objects, roles and functions are kept (default: <state-dir>/endpoint)', ja: 'バケット・オブジェクト・ロール・関数を保存するフォルダー (既定: <state-dir>/endpoint)' },
  run: { en: 'do steps without the UI, with the checks after each (default: continue where you stopped)', ja: '画面を使わずにステップを実行し、そのつど確認する (既定: 前回の続きから)' },
  all: { en: 'do every step, from the first', ja: '最初のステップから全部実行する' },
  check: { en: "run the lesson's checklist (exit 0 when all pass, 1 when any fails)", ja: 'レッスンの確認ポイントをチェックする (すべて OK なら終了コード 0、失敗があれば 1)' },
  format: { en: 'output format (html: one self-contained page)', ja: '出力形式 (html は 1 ファイルで完結するページ)' },
  output: { en: 'write the report to a file instead of stdout', ja: '結果を標準出力ではなくファイルに書く' },
  readOnly: { en: 'never write to the endpoint: skip the checks that upload, invoke or re-run the steps', ja: '接続先に書き込まない (アップロード・関数の実行・ステップの再実行をする確認はスキップ)' },
  roster: { en: 'check a whole class: a CSV of name,endpoint (header optional, # comments)', ja: 'クラス全員を確認する: name,endpoint の CSV (見出し行は任意、# でコメント)' },
  concurrency: { en: 'with --roster: learners checked at the same time', ja: '--roster のとき: 同時に確認する受講者の数' },
  learnerTimeout: {
    en: "with --roster: each learner's deadline (default 180); what has not finished then is reported as could not check",
    ja: '--roster のとき: 受講者ごとの制限時間 (既定 180)。時間内に終わらなかったものは「確認できず」として報告',
  },
  list: { en: 'the steps and whether each is done, established from the endpoint and the files here', ja: 'ステップの一覧と、それぞれが終わっているか (接続先と手元のファイルから確かめる)' },
  listFormat: { en: 'output format', ja: '出力形式' },
  env: { en: 'print the lines that set up your shell for the endpoint: eval "$(npx serverless-tutorial env)"', ja: 'シェルを接続先向けに設定する行を表示する: eval "$(npx serverless-tutorial env)"' },
  shell: { en: 'the shell to write for (default: yours, from $SHELL or PowerShell)', ja: '出力するシェルの種類 (既定: $SHELL か PowerShell から判断した、今のシェル)' },
  shop: {
    en: "the shop page in your browser: upload a photo to the bucket and see your function's copy (after step 6; Ctrl+C stops it)",
    ja: 'ブラウザーでショップのページを開く: 写真をバケットにアップロードし、関数が作ったコピーを見る (ステップ 6 のあと。Ctrl+C で停止)',
  },
  shopPort: { en: 'port for the page (default: 4570, or a free one when that is taken)', ja: 'ページのポート (既定: 4570。使われていれば空いているポート)' },
  noOpen: { en: 'only print the page address, do not open a browser', ja: 'ページのアドレスを表示するだけで、ブラウザーは開かない' },
  reset: { en: 'forget progress (from --step on); with --resources also delete what the lesson made', ja: '進み具合を消す (--step 以降)。--resources でレッスンが作ったものも削除する' },
  resources: {
    en: 'also delete the bucket, function, role, permission and notification (asks first unless --yes)',
    ja: 'バケット・関数・ロール・許可・イベント通知も削除する (--yes がなければ先に確認)',
  },
  init: { en: "write the lesson's scripts, JSON files and function source for doing it by hand (never overwrites)", ja: '手で進めるためのスクリプト・JSON ファイル・関数のソースを書き出す (既存のファイルは上書きしない)' },
  initDir: { en: 'the project directory', ja: 'プロジェクトのフォルダー' },
  doctor: { en: 'run the checklist and diagnose the three common problems; --fix applies the fixes and checks again', ja: '確認ポイントをチェックし、3 つのよくある問題を診断する。--fix で修正を実行して確認し直す' },
  fix: { en: 'apply the fixes in order (asks before any that changes something, unless --yes), then check again', ja: '修正を順に実行して確認し直す (変更を伴うものは --yes がなければ先に確認)' },
  doctorFormat: { en: 'output format', ja: '出力形式' },
  report: { en: 'also write a markdown report for an instructor (credentials redacted)', ja: '講師向けの Markdown レポートも書き出す (認証情報は伏せる)' },
} satisfies Record<string, Text>;

/** Commander's section titles and value notes, in Japanese. */
const JA_TITLES: Record<string, string> = {
  'Usage:': '使い方:',
  'Options:': 'オプション:',
  'Commands:': 'コマンド:',
  'Arguments:': '引数:',
  'Global Options:': '共通オプション (どのコマンドの前後にも書けます):',
};

function localizedHelp(lang: Lang): Partial<Help> {
  const base = new Help();
  return {
    // Each command's help also lists the options every command takes (--embedded, --lang, …).
    showGlobalOptions: true,
    ...(lang === 'ja'
      ? {
          styleTitle: (title: string) => JA_TITLES[title] ?? title,
          optionDescription: (option: Option) => base.optionDescription(option).replace(/\(choices: /, '(選べる値: ').replace(/(\(|, )default: /, '$1既定:\u00a0'),
          argumentDescription: (argument: Argument) => base.argumentDescription(argument).replace(/default: /, '既定: '),
          // Japanese has few spaces to break at and takes two columns a character: wrap it as the UI does.
          displayWidth: (text: string) => displayWidth(text),
          boxWrap: (text: string, width: number) =>
            width < base.minWidthToWrap
              ? text
              : text
                  .split('\n')
                  .map((line) => wrapSegments([{ text: line, style: 'plain' }], width).map(lineText).join('\n'))
                  .join('\n'),
        }
      : { styleTitle: (title: string) => (title === 'Global Options:' ? 'Common options (before or after the command):' : title) }),
  };
}

/**
 * @param lang the language of the help; default from the command line and environment
 *   (--lang, SERVERLESS_TUTORIAL_LANG, LANG). The README's reference is rendered in English.
 */
export function buildProgram(io: ProgramIo, run: (action: () => Promise<number>) => void, lang: Lang = languageFromArgv(process.argv.slice(2))): Command {
  const h = (key: keyof typeof HELP) => say(lang, HELP[key]);
  const program = new Command('serverless-tutorial')
    .configureHelp(localizedHelp(lang))
    .description(h('program'))
    .version(RUNNER_VERSION, '-v, --version', h('version'))
    .helpOption('-h, --help', h('help'))
    .helpCommand('help [command]', h('helpCommand'))
    .addOption(new Option('--endpoint <url>', h('endpoint')).argParser(parseEndpointOption))
    .addOption(new Option('--embedded', h('embedded')))
    .addOption(new Option('--lang <lang>', h('lang')).choices(LANGS as string[]))
    .addOption(new Option('--state-dir <dir>', h('stateDir')).default(undefined, '.serverless-tutorial'))
    .addOption(new Option('-y, --yes', h('yes')))
    .addOption(new Option('--no-color', h('noColor')))
    .addOption(new Option('--allow-aws', h('allowAws')))
    .addOption(new Option('--allow-host <name>', h('allowHost')).argParser(collectList))
    .addOption(new Option('--allow-origin <origin>', h('allowOrigin')).argParser(collectList))
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
      outputError: (text, write) => write(localizeUsageError(lang, text)),
    });

  const stepOption = () => new Option('--step <id|n>', h('step'));
  const functionOptions = (command: Command) =>
    command
      .addOption(new Option('--function-dir <dir>', h('functionDir')))
      .addOption(new Option('--zip <file>', h('zip')))
      .addOption(new Option('--arch <arch>', h('arch')).choices(['x86_64', 'arm64']).default('x86_64'));

  functionOptions(
    program
      .command('start')
      .description(h('start'))
      .addOption(new Option('--step <id|n>', h('startStep'))),
  )
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<StartOptions>();
      run(async () => (await import('./commands/start.js')).startCommand(options, io));
    });

  program
    .command('endpoint')
    .description(h('endpointCommand'))
    .addOption(new Option('--host <host>', h('host')).default('127.0.0.1'))
    .addOption(new Option('--port <port>', h('port')).default(4566).argParser(parsePort))
    .addOption(new Option('--data-dir <dir>', h('dataDir')))
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<EndpointOptions>();
      run(async () => (await import('./commands/endpoint.js')).endpointCommand(options, io));
    });

  functionOptions(
    program
      .command('run')
      .description(h('run'))
      .addOption(stepOption())
      .addOption(new Option('--all', h('all'))),
  )
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<RunOptions>();
      run(async () => (await import('./commands/run.js')).runCommand(options, io));
    });

  functionOptions(
    program
      .command('check')
      .description(h('check'))
      .addOption(new Option('--format <format>', h('format')).choices(['text', 'json', 'junit', 'html']).default('text'))
      .addOption(new Option('--output <file>', h('output')))
      .addOption(new Option('--read-only', h('readOnly')))
      .addOption(new Option('--roster <file>', h('roster')))
      .addOption(new Option('--concurrency <n>', h('concurrency')).default(8).argParser(parsePositiveInt))
      .addOption(new Option('--learner-timeout <seconds>', h('learnerTimeout')).argParser(parsePositiveInt)),
  )
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<CheckOptions>();
      run(async () => (await import('./commands/check.js')).checkCommand(options, io));
    });

  functionOptions(
    program
      .command('list')
      .description(h('list'))
      .addOption(new Option('--format <format>', h('listFormat')).choices(['text', 'json']).default('text')),
  )
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ListOptions>();
      run(async () => (await import('./commands/list.js')).listCommand(options, io));
    });

  program
    .command('env')
    .description(h('env'))
    .addOption(new Option('--shell <shell>', h('shell')).choices([...SHELLS]))
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<EnvOptions>();
      run(async () => (await import('./commands/env.js')).envCommand(options, io));
    });

  program
    .command('reset')
    .description(h('reset'))
    .addOption(stepOption())
    .addOption(new Option('--resources', h('resources')))
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ResetOptions>();
      run(async () => (await import('./commands/reset.js')).resetCommand(options, io));
    });

  program
    .command('init')
    .description(h('init'))
    .argument('[dir]', h('initDir'), '.')
    .exitOverride()
    .action((dir: string, _options: unknown, command: Command) => {
      const options = { ...command.optsWithGlobals<InitOptions>(), dir };
      run(async () => (await import('./commands/init.js')).initCommand(options, io));
    });

  program
    .command('shop')
    .description(h('shop'))
    .addOption(new Option('--port <port>', h('shopPort')).argParser(parsePort))
    .addOption(new Option('--no-open', h('noOpen')))
    .exitOverride()
    .action((_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<ShopOptions>();
      run(async () => (await import('./commands/shop.js')).shopCommand(options, io));
    });

  functionOptions(
    program
      .command('doctor')
      .description(h('doctor'))
      .addOption(new Option('--fix', h('fix')))
      .addOption(new Option('--format <format>', h('doctorFormat')).choices(['text', 'json']).default('text'))
      .addOption(new Option('--report <file>', h('report'))),
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
