// `check --roster FILE`: the class check. Reads the roster, checks every learner (concurrently,
// each with a deadline), writes the table, JSON, JUnit or HTML report, and exits 1 when any
// learner fails. A roster with no usable row is a usage error (exit 2).
import { readFileSync } from 'node:fs';
import type { ProgramIo } from '../commands/options.js';
import type { SessionOptions } from '../commands/session.js';
import { resolveLang } from '../config/language.js';
import { resolveStateDir } from '../config/state-dir.js';
import { loadDefaultLesson } from '../lesson/index.js';
import { UserFacingError, EXIT_CHECK_FAILED, EXIT_OK } from '../errors.js';
import { say } from '../i18n/text.js';
import { writeFileAtomic } from '../endpoint/store/atomic.js';
import { RUNNER_VERSION } from '../version.js';
import { colorEnabled } from '../report/colors.js';
import type { ReportOptions } from '../report/check-run.js';
import { verdictWord, type ClassReport } from '../report/roster-model.js';
import { formatRosterText } from '../report/roster-text.js';
import { formatRosterJson } from '../report/roster-json.js';
import { formatRosterHtml } from '../report/html-roster.js';
import { formatJunitReport } from '../report/junit.js';
import { checkClass, DEFAULT_CONCURRENCY } from './check-class.js';
import { parseRoster } from './parse.js';

/** `check`'s options as the class check reads them (check.ts's CheckOptions fits this shape). */
export interface RosterCheckOptions extends SessionOptions {
  roster: string;
  format: 'text' | 'json' | 'junit' | 'html';
  output?: string;
  readOnly?: boolean;
  concurrency?: number;
  learnerTimeout?: number;
}

export async function rosterCheckCommand(options: RosterCheckOptions, io: ProgramIo): Promise<number> {
  const lang = resolveLang(options.lang);
  if (options.embedded || options.endpoint) {
    throw new UserFacingError({
      en: '--roster checks each learner at the endpoint the roster gives: leave out --endpoint and --embedded.',
      ja: '--roster では名簿に書かれた各受講者のエンドポイントを確認します。--endpoint と --embedded は付けないでください。',
    });
  }
  let text: string;
  try {
    text = readFileSync(options.roster, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UserFacingError({ en: `Cannot read the roster ${options.roster} (${reason}).`, ja: `名簿 ${options.roster} を読めません (${reason})。` });
  }
  const roster = parseRoster(text, { allowAws: options.allowAws });
  if (roster.learners.length === 0) {
    const rows = roster.rejected.map((r) => `\n  line ${r.line}: ${say(lang, r.reason)}`).join('');
    throw new UserFacingError({
      en: `The roster ${options.roster} has no usable row: write one learner a line as name,endpoint (e.g. tanaka,http://10.0.0.12:4566).${rows}`,
      ja: `名簿 ${options.roster} に使える行がありません。1 行に 1 人ずつ 名前,エンドポイント の形で書いてください (例: tanaka,http://10.0.0.12:4566)。${rows}`,
    });
  }
  const format = options.format;
  if (format !== 'text') {
    // The table shows skipped rows itself; other formats keep stdout for data, so say it here.
    for (const row of roster.rejected) {
      io.stderr(lang === 'ja' ? `名簿の ${row.line} 行目を飛ばしました: ${say(lang, row.reason)}\n` : `roster line ${row.line} skipped: ${say(lang, row.reason)}\n`);
    }
  }

  const lesson = await loadDefaultLesson();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const startedAt = new Date();
  const began = performance.now();
  let done = 0;
  const learners = await checkClass(roster.learners, {
    lesson,
    stateDir: resolveStateDir(options.stateDir),
    cwd: process.cwd(),
    readOnly: options.readOnly ?? false,
    concurrency,
    ...(options.learnerTimeout ? { deadlineMs: options.learnerTimeout * 1000 } : {}),
    ...(options.functionDir ? { functionDir: options.functionDir } : {}),
    ...(options.arch ? { arch: options.arch } : {}),
    onLearner: (run) => {
      done++;
      io.stderr(`[${done}/${roster.learners.length}] ${run.learner.name}: ${verdictWord(run)}\n`);
    },
  });
  const report: ClassReport = {
    lesson: lesson.id,
    roster: options.roster,
    checks: lesson.checks.map((c) => ({ id: c.id, number: c.number, title: c.title })),
    readOnly: options.readOnly ?? false,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - began,
    learners,
    rejected: roster.rejected,
  };
  const toFile = options.output !== undefined;
  const reportOptions: ReportOptions = { lang, color: !toFile && colorEnabled(options.color, process.stdout), toolVersion: RUNNER_VERSION };
  const output =
    format === 'json' ? formatRosterJson(report, reportOptions)
    : format === 'junit' ? formatJunitReport(learners.map((l) => ({ name: l.learner.name, run: l.run })), reportOptions)
    : format === 'html' ? formatRosterHtml(report, { ...reportOptions, color: false })
    : formatRosterText(report, reportOptions);
  if (toFile) {
    writeFileAtomic(options.output!, output);
    io.stderr(lang === 'ja' ? `結果を ${options.output} に書き込みました\n` : `Wrote ${options.output}\n`);
  } else {
    io.stdout(output);
  }
  return learners.every((l) => l.passed) ? EXIT_OK : EXIT_CHECK_FAILED;
}
