// The troubleshooting panel as lines: for each diagnosis the problem, its cause, the evidence and
// the fixes with their equivalent commands; without a diagnosis, the failures' own evidence.
import type { Lang } from '../../config/language.js';
import type { Lesson } from '../../lesson/index.js';
import type { Evidence } from '../../checks/result.js';
import type { FixImpact } from '../../troubleshoot/types.js';
import { endpointVars, fillTitle } from '../../troubleshoot/causes.js';
import { say, type Text } from '../../i18n/text.js';
import { wrapSegments, type Line } from '../text/wrap.js';
import { parseInline } from '../text/markdown.js';
import { commandLines } from './lesson-lines.js';
import { allFixes } from '../state/selectors.js';
import type { UiState } from '../state/types.js';

const IMPACT: Record<FixImpact, Text> = {
  none: { en: 'changes nothing of yours', ja: 'あなたのものは変更しません' },
  changes: { en: 'changes something', ja: '変更を伴います' },
  deletes: { en: 'deletes something', ja: '削除を伴います' },
};

function evidenceLines(items: readonly Evidence[], width: number): Line[] {
  const lines: Line[] = [];
  for (const item of items) {
    const [first, ...rest] = item.value.split('\n');
    lines.push(...wrapSegments([{ text: `${item.label}: `, style: 'bold' }, { text: first, style: 'dim' }], width, [{ text: '  ', style: 'plain' }], '    '));
    for (const more of rest.slice(0, 12)) lines.push(...wrapSegments([{ text: more, style: 'dim' }], width, [{ text: '    ', style: 'plain' }], '    '));
    if (rest.length > 12) lines.push([{ text: `    … (${rest.length - 12} more lines)`, style: 'dim' }]);
  }
  return lines;
}

function problemTitle(lesson: Lesson, lang: Lang, problemId: string | undefined): string | undefined {
  const problem = lesson.problems.find((p) => p.id === problemId);
  return problem ? `${say(lang, problem.title)} (${problem.id})` : problemId;
}

export function panelLines(lesson: Lesson, state: UiState, width: number): Line[] {
  const { lang } = state;
  const t = (en: string, ja: string) => (lang === 'ja' ? ja : en);
  const lines: Line[] = [[{ text: t('Troubleshooting', 'トラブルシューティング'), style: 'heading' }]];
  if (state.failure) {
    lines.push([], ...wrapSegments([{ text: t('The step stopped: ', 'ステップが止まりました: '), style: 'bold' }, ...parseInline(say(lang, state.failure.text))], width));
    lines.push(...evidenceLines(state.failure.evidence, width));
  }
  if (state.diagnosing) lines.push([], [{ text: t('Looking for the cause…', '原因を調べています…'), style: 'dim' }]);

  const fixes = allFixes(state);
  let fixNumber = 0;
  const fixLines = (fix: (typeof fixes)[number]) => {
    const index = fixNumber++;
    const selected = index === state.fixIndex;
    const head = `${selected ? '›' : ' '} ${index + 1}. `;
    lines.push(...wrapSegments([{ text: say(lang, fix.title), style: selected ? 'bold' : 'plain' }, { text: ` [${say(lang, IMPACT[fix.impact])}]`, style: 'dim' }], width, [{ text: head, style: selected ? 'bold' : 'plain' }], ' '.repeat(head.length)));
    lines.push([{ text: t('     same as:', '     同じ操作:'), style: 'dim' }]);
    lines.push(...commandLines(fix.command, width));
  };

  for (const diagnosis of state.diagnoses) {
    const problem = lesson.problems.find((p) => p.id === diagnosis.problem);
    const cause = problem?.causes.find((c) => c.id === diagnosis.cause);
    lines.push([]);
    lines.push(...wrapSegments([{ text: t('Problem: ', '問題: '), style: 'bold' }, { text: problemTitle(lesson, lang, diagnosis.problem) ?? '', style: 'heading' }], width));
    lines.push(...wrapSegments([{ text: t('Cause: ', '原因: '), style: 'bold' }, { text: cause ? say(lang, fillTitle(cause.title, diagnosis.vars ?? endpointVars(state.endpoint.url))) : diagnosis.cause, style: 'plain' }], width));
    lines.push(...wrapSegments(parseInline(say(lang, diagnosis.message)), width));
    // Fixes before evidence: on a small screen what to do comes first, the proof can be scrolled to.
    if (diagnosis.fixes.length > 0) {
      lines.push([{ text: t('Fixes (f applies the one marked ›):', '修正 (f で › の付いたものを適用):'), style: 'bold' }]);
      diagnosis.fixes.forEach(fixLines);
    } else {
      lines.push([{ text: t('No automatic fix: follow the explanation above.', '自動の修正はありません。上の説明に沿って直してください。'), style: 'dim' }]);
    }
    if (diagnosis.evidence.length > 0) {
      lines.push([{ text: t('Evidence:', '根拠:'), style: 'bold' }], ...evidenceLines(diagnosis.evidence, width));
    }
  }

  const failing = state.checks.filter((c) => c.status === 'fail' || c.status === 'error');
  if (state.diagnoses.length === 0 && !state.diagnosing) {
    // No diagnosis: show what the checks saw, and the common problem they point to.
    for (const check of failing) {
      lines.push([], ...wrapSegments([{ text: `${check.status === 'fail' ? '✗' : '!'} ${check.id}: `, style: 'bold' }, ...parseInline(say(lang, check.message ?? { en: '', ja: '' }))], width));
      if (check.status === 'error') lines.push([{ text: t('  (could not be checked: not necessarily a mistake of yours)', '  (確認できませんでした。あなたの誤りとは限りません)'), style: 'dim' }]);
      lines.push(...evidenceLines(check.evidence, width));
      const problem = lesson.problems.find((p) => p.id === check.problem);
      if (problem) {
        lines.push(...wrapSegments([{ text: t('Common problem: ', 'よくある問題: '), style: 'bold' }, { text: say(lang, problem.title), style: 'heading' }], width));
        lines.push(...wrapSegments(parseInline(say(lang, problem.summary)), width));
        for (const cause of problem.causes) lines.push(...wrapSegments([{ text: say(lang, fillTitle(cause.title, endpointVars(state.endpoint.url))), style: 'plain' }], width, [{ text: '  • ', style: 'plain' }], '    '));
      }
    }
    if (state.artifact && !state.artifact.ok) lines.push([], ...wrapSegments([{ text: `✗ ${say(lang, state.artifact.message)}`, style: 'bold' }], width));
  }

  if (state.offers.length > 0) {
    lines.push([], [{ text: t('You can also:', 'ほかにできること:'), style: 'bold' }]);
    state.offers.forEach(fixLines);
  }
  if (!state.diagnosing && fixes.length === 0 && failing.length === 0 && !state.failure && !(state.artifact && !state.artifact.ok)) {
    lines.push([], [{ text: t('Nothing is failing right now.', '今は失敗しているものはありません。'), style: 'dim' }]);
  }
  return lines;
}
