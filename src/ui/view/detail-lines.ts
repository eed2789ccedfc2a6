// The detail view: one check, diagnosis, step failure or message shown whole — the full message,
// every piece of evidence and the log lines as they were (the runner's own paths hidden). Tab goes
// to the next item; the view scrolls like the others.
import type { Lesson } from '../../lesson/index.js';
import type { Evidence } from '../../checks/result.js';
import type { Diagnosis } from '../../troubleshoot/types.js';
import { FIX_IMPACT } from '../../troubleshoot/format.js';
import { endpointVars, fillTitle } from '../../troubleshoot/causes.js';
import { say, type Text } from '../../i18n/text.js';
import { parseInline } from '../text/markdown.js';
import { wrapSegments, type Line } from '../text/wrap.js';
import { commandLines } from './command-lines.js';
import { evidenceLines } from './evidence-lines.js';
import { STATUS_MARKS } from './marks.js';
import type { CheckRow, UiState } from '../state/types.js';
import { DETAIL, PANEL } from '../messages.js';

export interface DetailItem {
  /** For the title line, e.g. "✗ trigger-fires". */
  name: string;
  kind: 'check' | 'diagnosis' | 'failure' | 'artifact' | 'notice';
  lines(width: number): Line[];
}

export function detailItems(lesson: Lesson, state: UiState): DetailItem[] {
  const { lang } = state;
  const t = (text: Text) => say(lang, text);
  const paragraph = (text: string, width: number) => wrapSegments(parseInline(text), width);
  const evidenceBlock = (evidence: readonly Evidence[], width: number): Line[] =>
    evidence.length ? [[], [{ text: t(DETAIL.evidence), style: 'bold' }], ...evidenceLines(evidence, lang, width, { whole: true })] : [];

  const checkItem = (row: CheckRow): DetailItem => ({
    name: `${row.status === 'pending' ? '…' : STATUS_MARKS[row.status]} ${row.id}`,
    kind: 'check',
    lines: (width) => {
      const problem = lesson.problems.find((p) => p.id === row.problem);
      return [
        ...wrapSegments([{ text: t(row.title), style: 'heading' }], width),
        [{ text: `${t(DETAIL.status[row.status])}`, style: 'dim' }],
        [],
        ...paragraph(t(row.message ?? row.title), width),
        ...(row.status === 'error' ? wrapSegments([{ text: t(PANEL.couldNotCheck), style: 'dim' }], width) : []),
        ...(problem ? [[], ...wrapSegments([{ text: t(PANEL.commonProblem), style: 'bold' }, { text: `${t(problem.title)} (${problem.id})`, style: 'plain' }], width)] : []),
        ...evidenceBlock(row.evidence, width),
      ];
    },
  });

  const diagnosisItem = (d: Diagnosis): DetailItem => ({
    name: `${d.problem} / ${d.cause}`,
    kind: 'diagnosis',
    lines: (width) => {
      const problem = lesson.problems.find((p) => p.id === d.problem);
      const cause = problem?.causes.find((c) => c.id === d.cause);
      const lines: Line[] = [
        ...wrapSegments([{ text: t(PANEL.problem), style: 'bold' }, { text: problem ? t(problem.title) : d.problem, style: 'heading' }], width),
        ...wrapSegments([{ text: t(PANEL.cause), style: 'bold' }, { text: cause ? t(fillTitle(cause.title, d.vars ?? endpointVars(state.endpoint.url))) : d.cause, style: 'plain' }], width),
        [],
        ...paragraph(t(d.message), width),
      ];
      if (d.fixes.length > 0) {
        lines.push([], [{ text: t(PANEL.fixes), style: 'bold' }]);
        d.fixes.forEach((fix, i) => {
          lines.push(...wrapSegments([{ text: t(fix.title), style: 'plain' }, { text: ` [${t(FIX_IMPACT[fix.impact])}]`, style: 'dim' }], width, [{ text: `${i + 1}. `, style: 'plain' }], '   '));
          lines.push(...commandLines(fix.command, width));
        });
      } else {
        lines.push([], ...wrapSegments([{ text: t(PANEL.noFix), style: 'dim' }], width));
      }
      return [...lines, ...evidenceBlock(d.evidence, width)];
    },
  });

  const failing = state.checks.filter((c) => c.status === 'fail' || c.status === 'error');
  const others = state.checks.filter((c) => c.status !== 'fail' && c.status !== 'error' && c.status !== 'pending');
  const items: DetailItem[] = [...failing.map(checkItem), ...state.diagnoses.map(diagnosisItem)];
  const failure = state.failure;
  if (failure) {
    items.push({ name: `✗ ${t(DETAIL.stepStopped)}`, kind: 'failure', lines: (width) => [...paragraph(t(failure.text), width), ...evidenceBlock(failure.evidence, width)] });
  }
  const artifact = state.artifact;
  if (artifact) items.push({ name: `${artifact.ok ? '✓' : '✗'} ${t(DETAIL.artifact)}`, kind: 'artifact', lines: (width) => paragraph(t(artifact.message), width) });
  items.push(...others.map(checkItem));
  const notice = state.notice;
  if (notice) items.push({ name: t(DETAIL.latest), kind: 'notice', lines: (width) => paragraph(t(notice.text), width) });
  return items;
}

/** Where the detail view opens: a diagnosis from the panel, else the first item (a failure comes first). */
export function detailStart(items: readonly DetailItem[], fromPanel: boolean): number {
  const diagnosis = items.findIndex((i) => i.kind === 'diagnosis');
  return fromPanel && diagnosis >= 0 ? diagnosis : 0;
}
