// `serverless-tutorial check`: the checklist only, for learners and instructors; text, JSON or
// JUnit on stdout or to --output, exit 0 when every check passes, 1 otherwise.
import type { ProgramIo } from './options.js';
import { runChecks } from '../checks/run-checks.js';
import { formatTextReport } from '../report/text.js';
import { formatJsonReport } from '../report/json.js';
import { formatJunitReport } from '../report/junit.js';
import { formatRosterHtml } from '../report/html-roster.js';
import { colorEnabled } from '../report/colors.js';
import { makeCheckRun, type CheckRun } from '../report/check-run.js';
import type { ClassReport } from '../report/roster-model.js';
import { allPassed } from '../checks/result.js';
import { writeFileAtomic } from '../endpoint/store/atomic.js';
import { RUNNER_VERSION } from '../version.js';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../errors.js';
import { openSession, type SessionOptions } from './session.js';
import { requireFilePath } from '../config/paths.js';

export type ReportFormat = 'text' | 'json' | 'junit' | 'html';

export interface CheckOptions extends SessionOptions {
  format: ReportFormat;
  output?: string;
  readOnly?: boolean;
  /** A class roster (CSV name,endpoint): check every learner instead of one endpoint. */
  roster?: string;
  /** Learners checked at the same time (--roster). */
  concurrency?: number;
  /** Seconds each learner's checks may take before what is left is reported as "could not check" (--roster). */
  learnerTimeout?: number;
}

export async function checkCommand(options: CheckOptions, io: ProgramIo): Promise<number> {
  // A bad --output is said now, not after the checks have run.
  const output = options.output === undefined ? undefined : requireFilePath(options.output, { en: '--output', ja: '--output' });
  if (options.roster !== undefined) {
    const { rosterCheckCommand } = await import('../roster/command.js');
    return rosterCheckCommand({ ...options, roster: options.roster }, io);
  }
  const session = await openSession(options, io.stderr);
  try {
    const startedAt = new Date();
    const began = performance.now();
    const ctx = { ...session.stepContext(), readOnly: options.readOnly ?? false };
    const results = await runChecks(ctx, session.lesson.checks.map((c) => c.id));
    const run = makeCheckRun(session.lesson.id, session.endpoint.url, session.endpoint.kind, startedAt, performance.now() - began, results);
    const toFile = options.output !== undefined;
    const reportOptions = { lang: session.lang, color: !toFile && colorEnabled(options.color, process.stdout), toolVersion: RUNNER_VERSION };
    const report =
      options.format === 'json' ? formatJsonReport(run, reportOptions)
      : options.format === 'junit' ? formatJunitReport([{ name: run.endpoint, run }], reportOptions)
      : options.format === 'html' ? formatRosterHtml(singleEndpointClass(run, ctx.readOnly), { ...reportOptions, color: false })
      : formatTextReport(run, reportOptions);
    if (toFile) {
      writeFileAtomic(output!, report);
      io.stderr(session.lang === 'ja' ? `結果を ${options.output} に書き込みました\n` : `Wrote ${options.output}\n`);
    } else {
      io.stdout(report);
    }
    return allPassed(results) ? EXIT_OK : EXIT_CHECK_FAILED;
  } finally {
    await session.close();
  }
}

/** One endpoint shown as a class of one (named by its URL), so --format html works without a roster too. */
function singleEndpointClass(run: CheckRun, readOnly: boolean): ClassReport {
  return {
    lesson: run.lesson,
    roster: run.endpoint,
    checks: run.results.map((r, index) => ({ id: r.id, number: index + 1, title: r.title })),
    readOnly,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    learners: [{ learner: { name: run.endpoint, endpoint: run.endpoint, line: 1 }, run, passed: allPassed(run.results), timedOut: false }],
    rejected: [],
  };
}
