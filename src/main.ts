// The runner's commands: parse arguments, run one command, exit with its code (DESIGN §3: 0 ok, 1 a check
// failed, 2 usage or configuration error). This is the one place that calls process.exit, and the
// one place where failures meet the terminal: never a stack trace (see failures/).
import { CommanderError } from 'commander';
import { buildProgram, exitCodeFor, languageFromArgv, optionFromArgv } from './program.js';
import { EXIT_CHECK_FAILED, UserFacingError } from './errors.js';
import { say } from './i18n/text.js';
import { runnerCommand } from './config/invocation.js';
import { stateDirPath } from './config/state-dir.js';

const argv = process.argv.slice(2);
const lang = languageFromArgv(argv);
const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
};

// Output piped into `head` and friends: a closed pipe ends the command quietly, as in other CLIs.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/**
 * Says what went wrong, in the learner's language, and returns the exit code. What explains a
 * system error or writes a crash log is loaded only then: --version and --help do not pay for it.
 */
async function reportFailure(error: unknown): Promise<number> {
  if (error instanceof UserFacingError) {
    io.stderr(`${say(lang, error.text)}\n`);
    return error.exitCode;
  }
  const [{ explainSystemError }, { crashText, writeCrashLog }] = await Promise.all([import('./failures/system-error.js'), import('./failures/crash-log.js')]);
  const stateDir = stateDirPath(optionFromArgv(argv, '--state-dir'));
  const explained = explainSystemError(error, { stateDir });
  if (explained) {
    io.stderr(`${say(lang, explained.text)}\n`);
    return explained.exitCode;
  }
  const logFile = writeCrashLog(error, { argv, stateDir });
  io.stderr(`${say(lang, crashText(error, logFile))}\n`);
  return EXIT_CHECK_FAILED;
}

// Errors thrown outside the command's promise (an event handler, a timer) end the same way; the
// first one is reported, and the process ends when that report is written.
let ending = false;
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    if (ending) return;
    ending = true;
    reportFailure(error).then(
      (code) => process.exit(code),
      () => process.exit(EXIT_CHECK_FAILED),
    );
  });
}

let pending: Promise<number> | undefined;
const program = buildProgram(io, (action) => {
  pending = action();
});

/** Only options, no command: run `start`, the guided UI (DESIGN §3: the default command). */
function withDefaultCommand(args: string[]): string[] {
  if (args.some((a) => ['-h', '--help', '-v', '--version'].includes(a))) return args;
  const probe = buildProgram({ stdout: () => {}, stderr: () => {} }, () => {});
  try {
    return probe.parseOptions(args).operands.length === 0 ? ['start', ...args] : args;
  } catch {
    return args; // a bad option: the real parse below reports it
  }
}

function finish(code: number): void {
  process.exitCode = code;
}

try {
  program.parse(withDefaultCommand(argv), { from: 'user' });
  if (!pending) {
    // No command given: show what there is to do.
    program.outputHelp();
    finish(0);
  } else {
    pending.then(finish, async (error: unknown) => finish(await reportFailure(error)));
  }
} catch (error) {
  if (error instanceof CommanderError) {
    const code = exitCodeFor(error);
    if (code !== 0) {
      io.stderr(
        lang === 'ja'
          ? `使い方は ${runnerCommand('--help')} (コマンドごとに ${runnerCommand('<command> --help')}) で確認できます。\n`
          : `See ${runnerCommand('--help')} (or ${runnerCommand('<command> --help')}).\n`,
      );
    }
    finish(code);
  } else {
    // An option's own check (e.g. --endpoint) refused its value.
    void reportFailure(error).then(finish);
  }
}
