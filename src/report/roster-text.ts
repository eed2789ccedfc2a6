// The class table for a terminal: learners × checks (✓ ✗ - !) with the check numbers as column
// headers and a legend, then each failing learner's first diagnosis, class totals per check, and
// the closing line `learners: N passed, N failed`. Every line fits 80 columns.
import type { CheckStatus } from '../checks/result.js';
import { say } from '../i18n/text.js';
import type { ReportOptions } from './check-run.js';
import { paint } from './colors.js';
import { displayWidth, padStartToWidth, padToWidth, truncateToWidth } from './display-width.js';
import { classSummary, firstProblem, learnerVerdict, verdictWord, type ClassReport } from './roster-model.js';
import { summaryLine } from './summary-line.js';
import { STATUS_MARK } from './text.js';

export const TABLE_WIDTH = 80;
const NAME_MAX = 20;
const STATUS_COLOR: Record<CheckStatus, 'green' | 'red' | 'gray' | 'yellow'> = { pass: 'green', fail: 'red', skip: 'gray', error: 'yellow' };

export function formatRosterText(report: ClassReport, options: ReportOptions): string {
  const ja = options.lang === 'ja';
  const summary = classSummary(report);
  const lines: string[] = [];
  const learnerWord = ja ? '受講者' : 'learner';
  lines.push(
    truncateToWidth(
      ja
        ? `クラスの確認 ${report.lesson}${report.readOnly ? ' (読み取りのみ)' : ''}: ${summary.learners} 人 (${report.roster})`
        : `Class check of ${report.lesson}${report.readOnly ? ' (read-only)' : ''}: ${summary.learners} learner${summary.learners === 1 ? '' : 's'} from ${report.roster}`,
      TABLE_WIDTH,
    ),
  );
  for (const row of report.rejected) {
    lines.push(...wrap(ja ? `名簿の ${row.line} 行目を飛ばしました: ${say('ja', row.reason)}` : `roster line ${row.line} skipped: ${say('en', row.reason)}`, '  '));
  }
  lines.push('');

  // Columns: name | one per check | result | endpoint (what is left of 80 columns).
  const resultWord = ja ? '結果' : 'result';
  const totalsWord = ja ? '合格数' : 'passed';
  const nameWidth = Math.min(NAME_MAX, Math.max(displayWidth(learnerWord), displayWidth(totalsWord), ...report.learners.map((l) => displayWidth(l.learner.name))));
  const cell = Math.max(2, String(summary.learners).length + 1);
  const resultWidth = Math.max(displayWidth(resultWord), 7);
  const fixed = nameWidth + 1 + cell * report.checks.length + 2 + resultWidth + 1;
  const endpointWidth = Math.max(0, TABLE_WIDTH - fixed);
  const row = (name: string, cells: string[], result: string, endpoint: string) =>
    `${padToWidth(truncateToWidth(name, nameWidth), nameWidth)} ${cells.join('')}  ${padToWidth(result, resultWidth)} ${truncateToWidth(endpoint, endpointWidth)}`.trimEnd();

  lines.push(row(learnerWord, report.checks.map((c) => padStartToWidth(String(c.number), cell)), resultWord, ja ? 'エンドポイント' : 'endpoint'));
  for (const l of report.learners) {
    const cells = report.checks.map((c) => {
      const status = l.run.results.find((r) => r.id === c.id)?.status ?? 'error';
      return ' '.repeat(cell - 1) + paint(STATUS_MARK[status], STATUS_COLOR[status], options.color);
    });
    const verdict = learnerVerdict(l);
    const result = verdictWord(l);
    const color = verdict === 'pass' ? 'green' : verdict === 'fail' ? 'red' : 'yellow';
    lines.push(row(l.learner.name, cells, paint(result, color, options.color) + ' '.repeat(resultWidth - result.length), l.learner.endpoint));
  }
  lines.push(row(totalsWord, summary.perCheck.map((c) => padStartToWidth(String(c.passed), cell)), `${summary.passed}/${summary.learners}`, ''));
  lines.push('');

  // Legend: check numbers, then the marks.
  lines.push(...packItems(report.checks.map((c) => `${c.number} ${c.id}`)));
  lines.push(ja ? '✓ 合格  ✗ 不合格  - スキップ  ! 確認できず (受講者の誤りとは限りません)' : "✓ pass  ✗ fail  - skipped  ! could not check (not the learner's mistake)");

  const failing = report.learners.filter((l) => !l.passed);
  if (failing.length > 0) {
    lines.push('');
    lines.push(ja ? '合格でない受講者 (最初の診断):' : "Learners who did not pass (first diagnosis):");
    for (const l of failing) {
      if (l.diagnosis) {
        lines.push(...wrap(`${l.learner.name}: ${l.diagnosis.problem} (${l.diagnosis.cause}) — ${say(options.lang, l.diagnosis.message)}`, '    ', '  '));
        continue;
      }
      const first = firstProblem(l);
      if (!first) continue;
      const number = report.checks.find((c) => c.id === first.id)?.number ?? '?';
      const problem = first.problem ? ` [${first.problem}]` : '';
      lines.push(...wrap(`${l.learner.name}: ${number} ${first.id}${problem} — ${say(options.lang, first.message)}`, '    ', '  '));
    }
  }

  lines.push('');
  lines.push(ja ? 'チェックごとの合計 (合格/不合格/スキップ/確認できず):' : 'Class totals per check (pass/fail/skip/could not check):');
  lines.push(
    ...packItems(summary.perCheck.map((c) => `${c.number} ${c.passed}/${c.failed}/${c.skipped}/${c.errors}`)),
  );
  lines.push(`checks: ${summaryLine(summary.results)}`);
  lines.push(`learners: ${summaryLine({ passed: summary.passed, failed: summary.failed, skipped: 0, errors: summary.couldNotCheck })}`);
  return `${lines.join('\n')}\n`;
}

/** Items separated by two spaces, as many per line as fit. */
function packItems(items: string[]): string[] {
  const lines: string[] = [];
  let current = '';
  for (const item of items) {
    const next = current ? `${current}  ${item}` : item;
    if (current && displayWidth(next) > TABLE_WIDTH) {
      lines.push(current);
      current = item;
    } else {
      current = next;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** Word-wraps to 80 columns (breaking long words too: URLs, Japanese without spaces). */
function wrap(text: string, indent: string, first = ''): string[] {
  const lines: string[] = [];
  let current = first;
  let prefixWidth = displayWidth(first);
  const limit = TABLE_WIDTH;
  for (const ch of text.replace(/\s+/g, ' ')) {
    if (displayWidth(current) + displayWidth(ch) > limit) {
      // Break at the last space of this line when there is one past the prefix.
      const space = current.lastIndexOf(' ');
      if (space > prefixWidth) {
        lines.push(current.slice(0, space));
        current = indent + current.slice(space + 1);
      } else {
        lines.push(current);
        current = indent;
      }
      prefixWidth = indent.length;
    }
    current += ch;
  }
  if (current.trim()) lines.push(current);
  return lines;
}
