// `serverless-tutorial check`: the checklist only, for learners and instructors; text, JSON or
// JUnit on stdout or to --output, exit 0 when every check passes, 1 otherwise. Against a local
// endpoint it also keeps what it established in progress.json (list and the UI then agree with it).
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
import { openSession, type Session, type SessionOptions } from './session.js';
import type { CheckContext } from '../checks/context.js';
import type { CheckResult } from '../checks/result.js';
import { rememberChecks } from '../steps/flow.js';
import { verifyBuild } from '../steps/build-verdict.js';
import { establishCovered, viaOf } from '../progress/establish.js';
import { say } from '../i18n/text.js';
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
  // Checks 4, 5 and 7 invoke the function unless --read-only.
  const session = await openSession(options, io.stderr, { invokes: !options.readOnly });
  try {
    const startedAt = new Date();
    const began = performance.now();
    const ctx = { ...session.stepContext(), readOnly: options.readOnly ?? false };
    const results = await runChecks(ctx, session.lesson.checks.map((c) => c.id));
    const run = makeCheckRun(session.lesson.id, session.endpoint.url, session.endpoint.kind, startedAt, performance.now() - began, results);
    if (!ctx.readOnly) await recordOutcome(session, ctx, results, io);
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

/**
 * Keeps what this check established in progress.json (a learner's own endpoint only): the outcomes
 * of the checks that write, so `list` and the UI agree with this check later, and every step's
 * status. Best effort: a state dir that cannot be written only costs a note.
 */
async function recordOutcome(session: Session, ctx: CheckContext, results: CheckResult[], io: ProgramIo): Promise<void> {
  if (!onThisMachine(session.endpoint.url)) return;
  try {
    const { progress, warning } = session.progress.load(session.lesson.id);
    if (warning) io.stderr(`${say(session.lang, warning)}\n`);
    const remembered = await rememberChecks(ctx, session.progress, progress, results);
    const build = await verifyBuild(ctx);
    const steps = establishCovered(session.lesson, results, build);
    session.progress.recordEstablished(remembered, session.endpoint.url, steps.map((s) => ({ id: s.step.id, status: s.status, via: viaOf(s) })));
  } catch (error) {
    io.stderr(`${say(session.lang, { en: `(The result could not be saved in ${session.progress.file}: ${(error as Error).message})`, ja: `(結果を ${session.progress.file} に保存できませんでした: ${(error as Error).message})` })}\n`);
  }
}

/** Loopback only: a check of another machine's endpoint (an instructor's) leaves this state dir alone. */
function onThisMachine(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
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
