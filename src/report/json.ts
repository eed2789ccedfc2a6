// The machine-readable report (schemas/check-report.schema.json describes it).
import { evidenceIn, summarize } from '../checks/result.js';
import { say } from '../i18n/text.js';
import type { CheckRun, ReportOptions } from './check-run.js';

export interface JsonCheckResult {
  id: string;
  title: string;
  status: string;
  message: string;
  evidence: { label: string; value: string }[];
  durationMs: number;
  problem?: string;
}

export function jsonResults(run: CheckRun, options: ReportOptions): JsonCheckResult[] {
  return run.results.map((r) => ({
    id: r.id,
    title: say(options.lang, r.title),
    status: r.status,
    message: say(options.lang, r.message),
    evidence: r.evidence.map((e) => evidenceIn(options.lang, e)),
    durationMs: Math.round(r.durationMs),
    ...(r.problem ? { problem: r.problem } : {}),
  }));
}

export function jsonReport(run: CheckRun, options: ReportOptions) {
  return {
    tool: 'serverless-tutorial',
    version: options.toolVersion,
    lesson: run.lesson,
    endpoint: run.endpoint,
    startedAt: run.startedAt,
    durationMs: Math.round(run.durationMs),
    results: jsonResults(run, options),
    summary: summarize(run.results),
  };
}

export function formatJsonReport(run: CheckRun, options: ReportOptions): string {
  return `${JSON.stringify(jsonReport(run, options), null, 2)}\n`;
}
