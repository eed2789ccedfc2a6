// What every roster reporter (text table, JSON, JUnit, HTML) formats: the class's runs plus the
// roster rows that were skipped, and the per-check class totals they all show.
import { summarize, type CheckStatus, type CheckSummary } from '../checks/result.js';
import type { Text } from '../i18n/text.js';
import type { LearnerRun } from '../roster/check-class.js';
import type { RejectedRow } from '../roster/parse.js';

export interface ClassReport {
  lesson: string;
  /** The roster file as given. */
  roster: string;
  /** The checklist, in order: the table's columns are these numbers. */
  checks: { id: string; number: number; title: Text }[];
  readOnly: boolean;
  startedAt: string;
  durationMs: number;
  learners: LearnerRun[];
  rejected: RejectedRow[];
}

export interface CheckTotals {
  id: string;
  number: number;
  passed: number;
  failed: number;
  skipped: number;
  errors: number;
}

export interface ClassSummary {
  learners: number;
  /** Learners whose every check passed (or was skipped). */
  passed: number;
  /** Learners with a failed check: their mistake. */
  failed: number;
  /** Learners with checks that could not run and none that failed: not counted as failed. */
  couldNotCheck: number;
  /** How many learners (failed or not) had checks that could not run. */
  withErrors: number;
  /** All checks of all learners together. */
  results: CheckSummary;
  perCheck: CheckTotals[];
}

export function classSummary(report: ClassReport): ClassSummary {
  const verdicts = report.learners.map(learnerVerdict);
  const count = (id: string, status: CheckStatus) => report.learners.filter((l) => l.run.results.find((r) => r.id === id)?.status === status).length;
  return {
    learners: report.learners.length,
    passed: verdicts.filter((v) => v === 'pass').length,
    failed: verdicts.filter((v) => v === 'fail').length,
    couldNotCheck: verdicts.filter((v) => v === 'error').length,
    withErrors: report.learners.filter((l) => !l.passed && l.run.results.some((r) => r.status === 'error')).length,
    results: summarize(report.learners.flatMap((l) => l.run.results)),
    perCheck: report.checks.map((c) => ({
      id: c.id,
      number: c.number,
      passed: count(c.id, 'pass'),
      failed: count(c.id, 'fail'),
      skipped: count(c.id, 'skip'),
      errors: count(c.id, 'error'),
    })),
  };
}

/** A learner's outcome: a failed check is theirs; checks that only could not run are not. */
export type LearnerVerdict = 'pass' | 'fail' | 'error';

export function learnerVerdict(run: LearnerRun): LearnerVerdict {
  if (run.run.results.some((r) => r.status === 'fail')) return 'fail';
  if (run.passed) return 'pass';
  return 'error';
}

/** The result column: pass, FAIL, timeout (the deadline passed, nothing failed), or unknown (could not check). */
export function verdictWord(run: LearnerRun): string {
  const verdict = learnerVerdict(run);
  if (verdict === 'pass') return 'pass';
  if (verdict === 'fail') return 'FAIL';
  return run.timedOut ? 'timeout' : 'unknown';
}

/** The first failing (else could-not-run) check of a learner: what to show when there is no diagnosis. */
export function firstProblem(run: LearnerRun) {
  return run.run.results.find((r) => r.status === 'fail') ?? run.run.results.find((r) => r.status === 'error');
}
