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
  failed: number;
  /** How many failing learners had checks that could not run. */
  withErrors: number;
  /** All checks of all learners together. */
  results: CheckSummary;
  perCheck: CheckTotals[];
}

export function classSummary(report: ClassReport): ClassSummary {
  const passed = report.learners.filter((l) => l.passed).length;
  const count = (id: string, status: CheckStatus) => report.learners.filter((l) => l.run.results.find((r) => r.id === id)?.status === status).length;
  return {
    learners: report.learners.length,
    passed,
    failed: report.learners.length - passed,
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

/** The first failing (else could-not-run) check of a learner: what to show when there is no diagnosis. */
export function firstProblem(run: LearnerRun) {
  return run.run.results.find((r) => r.status === 'fail') ?? run.run.results.find((r) => r.status === 'error');
}
