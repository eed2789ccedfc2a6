// The human-readable report: one line per check, the message and evidence under each failure,
// then the fixed closing line `N passed, N failed[, N skipped]`.
import { summarize, type CheckResult, type CheckStatus } from '../checks/result.js';
import { say } from '../i18n/text.js';
import type { CheckRun, ReportOptions } from './check-run.js';
import { summaryLine } from './summary-line.js';
import { paint } from './colors.js';

export const STATUS_MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skip: '-', error: '!' };
const STATUS_COLOR: Record<CheckStatus, 'green' | 'red' | 'gray' | 'yellow'> = { pass: 'green', fail: 'red', skip: 'gray', error: 'yellow' };

export function formatResultLine(result: CheckResult, options: ReportOptions, idWidth: number): string {
  const mark = paint(STATUS_MARK[result.status], STATUS_COLOR[result.status], options.color);
  return `${mark} ${result.id.padEnd(idWidth)}  ${say(options.lang, result.message)}`;
}

export function formatResultDetails(result: CheckResult, options: ReportOptions): string[] {
  if (result.status === 'pass') return [];
  const lines: string[] = [];
  if (result.status === 'error') {
    lines.push(options.lang === 'ja' ? '    (確認できませんでした。あなたの誤りとは限りません)' : '    (could not be checked: not necessarily a mistake of yours)');
  }
  for (const item of result.evidence) {
    const [first, ...rest] = item.value.split('\n');
    lines.push(paint(`    ${item.label}: ${first}`, 'gray', options.color));
    for (const line of rest) lines.push(paint(`      ${line}`, 'gray', options.color));
  }
  return lines;
}

export function formatTextReport(run: CheckRun, options: ReportOptions): string {
  const idWidth = Math.max(...run.results.map((r) => r.id.length), 0);
  const kind = run.endpointKind ? say(options.lang, run.endpointKind) : undefined;
  const heading =
    options.lang === 'ja'
      ? `確認ポイント (${run.endpoint}${kind ? `、${kind}` : ''})`
      : `Checklist against ${run.endpoint}${kind ? ` (${kind})` : ''}`;
  const lines = [heading];
  for (const result of run.results) {
    lines.push(formatResultLine(result, options, idWidth));
    lines.push(...formatResultDetails(result, options));
  }
  const summary = summarize(run.results);
  if (summary.errors > 0) {
    lines.push(
      options.lang === 'ja'
        ? `(${summary.errors} 件は確認できませんでした。失敗には数えていません)`
        : `(${summary.errors} could not be checked: not counted as failed)`,
    );
  }
  lines.push(summaryLine(summary));
  return `${lines.join('\n')}\n`;
}
