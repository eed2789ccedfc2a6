#!/usr/bin/env node
// Entry point: parse arguments, run one command, exit with its code (DESIGN §3: 0 ok, 1 a check
// failed, 2 usage or configuration error). This is the one place that calls process.exit.
import { CommanderError } from 'commander';
import { buildProgram, exitCodeFor, languageFromArgv } from './program.js';
import { UserFacingError } from './errors.js';
import { say } from './i18n/text.js';
import { runnerCommand } from './config/invocation.js';

// Output piped into `head` and friends: a closed pipe ends the command quietly, as in other CLIs.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const argv = process.argv.slice(2);
const lang = languageFromArgv(argv);
const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
};

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
    pending.then(finish, (error: unknown) => {
      if (error instanceof UserFacingError) {
        io.stderr(`${say(lang, error.text)}\n`);
        finish(error.exitCode);
        return;
      }
      io.stderr(`${(error as Error)?.stack ?? String(error)}\n`);
      io.stderr(
        lang === 'ja'
          ? '予期しないエラーです。上の内容を添えて講師に知らせてください。\n'
          : 'Unexpected error. Please send the text above to your instructor or file an issue.\n',
      );
      finish(1);
    });
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
    throw error;
  }
}
