// The class report for tools (schemas/roster-report.schema.json): every learner's results in the
// single-endpoint report's shape, the class summary with totals per check, and skipped roster rows.
import { summarize } from '../checks/result.js';
import { say } from '../i18n/text.js';
import type { ReportOptions } from './check-run.js';
import { jsonResults } from './json.js';
import { classSummary, learnerVerdict, type ClassReport } from './roster-model.js';

export function rosterJsonReport(report: ClassReport, options: ReportOptions) {
  const summary = classSummary(report);
  return {
    tool: 'serverless-tutorial',
    version: options.toolVersion,
    lesson: report.lesson,
    roster: report.roster,
    readOnly: report.readOnly,
    startedAt: report.startedAt,
    durationMs: Math.round(report.durationMs),
    learners: report.learners.map((l) => ({
      name: l.learner.name,
      endpoint: l.learner.endpoint,
      line: l.learner.line,
      passed: l.passed,
      verdict: learnerVerdict(l),
      timedOut: l.timedOut,
      durationMs: Math.round(l.run.durationMs),
      results: jsonResults(l.run, options),
      summary: summarize(l.run.results),
      ...(l.diagnosis ? { diagnosis: { problem: l.diagnosis.problem, cause: l.diagnosis.cause, message: say(options.lang, l.diagnosis.message) } } : {}),
    })),
    summary: {
      learners: summary.learners,
      passed: summary.passed,
      failed: summary.failed,
      couldNotCheck: summary.couldNotCheck,
      checks: summary.results,
      perCheck: summary.perCheck,
    },
    rejectedRows: report.rejected.map((r) => ({ line: r.line, text: r.text, reason: say(options.lang, r.reason) })),
  };
}

export function formatRosterJson(report: ClassReport, options: ReportOptions): string {
  return `${JSON.stringify(rosterJsonReport(report, options), null, 2)}\n`;
}
