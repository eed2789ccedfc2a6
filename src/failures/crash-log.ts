// An unexpected error (a bug, not the learner's doing) still must not scroll a stack trace past a
// beginner: the trace goes to a file — in the state directory, or the OS temp directory when that
// cannot be written — and the terminal gets two lines saying what happened and whom to send it to.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { Text } from '../i18n/text.js';
import { awsErrorOf } from '../aws/errors.js';
import { redact } from '../troubleshoot/redact.js';
import { RUNNER_VERSION } from '../version.js';

export interface CrashContext {
  argv: readonly string[];
  /** Tried first; the OS temp directory is the fallback. */
  stateDir?: string;
  /** The fallback (default: the OS temp directory). */
  tempDir?: string;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

/** Writes the details of `error` to a crash log; returns its path, or undefined when nowhere was writable. */
export function writeCrashLog(error: unknown, context: CrashContext): string | undefined {
  const now = context.now ?? new Date();
  const name = `crash-${now.toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`;
  const body = redact(
    [
      `serverless-tutorial ${RUNNER_VERSION} crash report`,
      `time: ${now.toISOString()}`,
      `node: ${process.version} ${process.platform} ${process.arch}`,
      `cwd: ${process.cwd()}`,
      `argv: ${JSON.stringify(context.argv)}`,
      '',
      inspect(error, { depth: 6 }),
      '',
    ].join('\n'),
    context.env ?? process.env,
  );
  for (const dir of [context.stateDir, context.tempDir ?? tmpdir()]) {
    if (dir === undefined) continue;
    try {
      mkdirSync(dir, { recursive: false });
    } catch {
      /* exists, or cannot be made: the write below decides */
    }
    try {
      const file = join(dir, name);
      writeFileSync(file, body, { flag: 'wx', mode: 0o600 });
      return file;
    } catch {
      /* try the next place */
    }
  }
  return undefined;
}

/** One line naming the error (never its stack), for the terminal. */
export function errorSummary(error: unknown): string {
  const aws = awsErrorOf(error); // an SDK error: its code and status, not its advice to programmers
  const text = aws ? aws.detail : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const first = text.split('\n')[0].trim();
  return first.length > 200 ? `${first.slice(0, 197)}…` : first;
}

/** What the terminal shows for an unexpected error: what it was, where the details are, whom to tell. */
export function crashText(error: unknown, logFile: string | undefined): Text {
  const summary = redact(errorSummary(error), process.env);
  return logFile
    ? {
        en:
          `Unexpected error: ${summary}\n` +
          `This is a bug in serverless-tutorial, not something you did. The details are in\n  ${logFile}\n` +
          `Please send that file to your instructor (or attach it to a bug report for serverless-tutorial).`,
        ja:
          `予期しないエラーです: ${summary}\n` +
          `serverless-tutorial の不具合で、あなたの操作のせいではありません。詳しい内容は次のファイルにあります:\n  ${logFile}\n` +
          `このファイルを講師に送ってください (serverless-tutorial の不具合報告に添付しても構いません)。`,
      }
    : {
        en:
          `Unexpected error: ${summary}\n` +
          `This is a bug in serverless-tutorial, not something you did. Its details could not be saved (no writable directory).\n` +
          `Please send this message and the command you ran to your instructor.`,
        ja:
          `予期しないエラーです: ${summary}\n` +
          `serverless-tutorial の不具合で、あなたの操作のせいではありません。書き込める場所がないため詳細は保存できませんでした。\n` +
          `このメッセージと実行したコマンドを講師に送ってください。`,
      };
}
