// The troubleshooting panel as lines: for each diagnosis the problem, its cause, what to do (the
// fixes with the same commands by hand) and what was found; without a diagnosis, the failures' own
// evidence and the common problem they point to. Long evidence is cut here; `d` shows it whole.
import type { Lang } from '../../config/language.js';
import type { Lesson } from '../../lesson/index.js';
import type { Fix } from '../../troubleshoot/types.js';
import { FIX_IMPACT } from '../../troubleshoot/format.js';
import { endpointVars, fillTitle } from '../../troubleshoot/causes.js';
import { say } from '../../i18n/text.js';
import { wrapSegments, type Line } from '../text/wrap.js';
import { parseInline } from '../text/markdown.js';
import { commandLines } from './command-lines.js';
import { evidenceLines } from './evidence-lines.js';
import { allFixes } from '../state/selectors.js';
import type { UiState } from '../state/types.js';
import { NOTICES, PANEL } from '../messages.js';

/** Evidence lines per item in the panel; the detail view has the rest. */
const PANEL_EVIDENCE_LINES = 6;

function problemTitle(lesson: Lesson, lang: Lang, problemId: string | undefined): string | undefined {
  const problem = lesson.problems.find((p) => p.id === problemId);
  return problem ? `${say(lang, problem.title)} (${problem.id})` : problemId;
}

export function panelLines(lesson: Lesson, state: UiState, width: number): Line[] {
  const { lang } = state;
  const t = (text: { en: string; ja: string }) => say(lang, text);
  const lines: Line[] = [[{ text: t(PANEL.heading), style: 'heading' }]];
  if (state.failure) {
    lines.push([], ...wrapSegments([{ text: t(PANEL.stepStopped), style: 'bold' }, ...parseInline(t(state.failure.text))], width));
    lines.push(...evidenceLines(state.failure.evidence, lang, width, { maxLines: PANEL_EVIDENCE_LINES }));
  }
  if (state.diagnosing) lines.push([], [{ text: t(NOTICES.diagnosing), style: 'dim' }]);

  const fixes = allFixes(state);
  let fixNumber = 0;
  const fixLines = (fix: Fix) => {
    const index = fixNumber++;
    const selected = index === state.fixIndex;
    const head = `${selected ? '›' : ' '} ${index + 1}. `;
    lines.push(...wrapSegments([{ text: t(fix.title), style: selected ? 'bold' : 'plain' }, { text: ` [${t(FIX_IMPACT[fix.impact])}]`, style: 'dim' }], width, [{ text: head, style: selected ? 'bold' : 'plain' }], ' '.repeat(head.length)));
    lines.push([{ text: `${' '.repeat(head.length)}${t(PANEL.byHand)}`, style: 'dim' }]);
    lines.push(...commandLines(fix.command, width));
  };

  for (const diagnosis of state.diagnoses) {
    const problem = lesson.problems.find((p) => p.id === diagnosis.problem);
    const cause = problem?.causes.find((c) => c.id === diagnosis.cause);
    lines.push([]);
    lines.push(...wrapSegments([{ text: t(PANEL.problem), style: 'bold' }, { text: problemTitle(lesson, lang, diagnosis.problem) ?? '', style: 'heading' }], width));
    lines.push(...wrapSegments([{ text: t(PANEL.cause), style: 'bold' }, { text: cause ? t(fillTitle(cause.title, diagnosis.vars ?? endpointVars(state.endpoint.url))) : diagnosis.cause, style: 'plain' }], width));
    lines.push(...wrapSegments(parseInline(t(diagnosis.message)), width));
    // What to do before what was found: on a small screen the fix comes first, the proof can be scrolled to.
    if (diagnosis.fixes.length > 0) {
      lines.push([{ text: t(PANEL.fixes), style: 'bold' }]);
      diagnosis.fixes.forEach(fixLines);
    } else {
      lines.push(...wrapSegments([{ text: t(PANEL.noFix), style: 'dim' }], width));
    }
    if (diagnosis.evidence.length > 0) {
      lines.push([{ text: t(PANEL.evidence), style: 'bold' }], ...evidenceLines(diagnosis.evidence, lang, width, { maxLines: PANEL_EVIDENCE_LINES }));
    }
  }

  const failing = state.checks.filter((c) => c.status === 'fail' || c.status === 'error');
  if (state.diagnoses.length === 0 && !state.diagnosing) {
    // No diagnosis: show what the checks saw, and the common problem they point to.
    for (const check of failing) {
      lines.push([], ...wrapSegments([{ text: `${check.status === 'fail' ? '✗' : '!'} ${check.id}: `, style: 'bold' }, ...parseInline(t(check.message ?? { en: '', ja: '' }))], width));
      if (check.status === 'error') lines.push(...wrapSegments([{ text: t(PANEL.couldNotCheck), style: 'dim' }], width, [{ text: '  ', style: 'plain' }], '  '));
      lines.push(...evidenceLines(check.evidence, lang, width, { maxLines: PANEL_EVIDENCE_LINES }));
      const problem = lesson.problems.find((p) => p.id === check.problem);
      if (problem) {
        lines.push(...wrapSegments([{ text: t(PANEL.commonProblem), style: 'bold' }, { text: t(problem.title), style: 'heading' }], width));
        lines.push(...wrapSegments(parseInline(t(problem.summary)), width));
        for (const cause of problem.causes) lines.push(...wrapSegments([{ text: t(fillTitle(cause.title, endpointVars(state.endpoint.url))), style: 'plain' }], width, [{ text: '  • ', style: 'plain' }], '    '));
      }
    }
    if (state.artifact && !state.artifact.ok) lines.push([], ...wrapSegments([{ text: `✗ ${t(state.artifact.message)}`, style: 'bold' }], width));
  }

  if (state.offers.length > 0) {
    lines.push([], [{ text: t(PANEL.alsoCan), style: 'bold' }]);
    state.offers.forEach(fixLines);
  }
  if (!state.diagnosing && fixes.length === 0 && failing.length === 0 && !state.failure && !(state.artifact && !state.artifact.ok)) {
    lines.push([], [{ text: t(PANEL.nothingFailing), style: 'dim' }]);
  }
  return lines;
}
