// The lesson's opening page (concepts, today's plan, preparation), with the live preparation
// checklist (runPreflight: the same findings `doctor` prints) where the page has its static list,
// and a last line that says which key starts the lesson.
import type { Lang } from '../../config/language.js';
import type { Lesson } from '../../lesson/index.js';
import type { PreflightReport } from '../../lesson/preflight.js';
import { say } from '../../i18n/text.js';
import { parseInline, renderMarkdown } from '../text/markdown.js';
import { asTyped } from '../../config/invocation.js';
import { wrapSegments, type Line } from '../text/wrap.js';
import { OPENING } from '../messages.js';

/** The marker in the page (`<!-- preflight -->`) the checklist replaces. */
export const PREFLIGHT_MARKER = 'preflight';

export function preflightLines(lesson: Lesson, report: PreflightReport | undefined, lang: Lang, width: number): Line[] {
  if (!report) {
    return [
      ...wrapSegments([{ text: say(lang, OPENING.checking), style: 'dim' }], width),
      ...lesson.preflight.flatMap((entry) => wrapSegments([{ text: say(lang, entry.title), style: 'dim' }], width, [{ text: '… ', style: 'dim' }], '  ')),
    ];
  }
  const lines: Line[] = [];
  const detail = (label: { en: string; ja: string }, text: string) =>
    wrapSegments([{ text: say(lang, label), style: 'dim' }, ...parseInline(text, 'dim')], width, [{ text: '    ', style: 'plain' }], '    ');
  for (const item of report.items) {
    lines.push(...wrapSegments([{ text: say(lang, item.title), style: 'bold' }, { text: ': ', style: 'plain' }, ...parseInline(say(lang, item.detail))], width, [{ text: item.ok ? '✓ ' : '- ', style: item.ok ? 'bold' : 'dim' }], '  '));
    if (!item.ok) {
      const needed = item.neededFor.map((purpose) => say(lang, OPENING.neededFor[purpose])).join(lang === 'ja' ? '、' : '; ');
      lines.push(...detail(OPENING.neededWhen, needed), ...detail(OPENING.howTo, say(lang, item.howTo)));
    }
  }
  lines.push([], ...wrapSegments(parseInline(say(lang, report.summary)), width));
  return lines;
}

export function openingLines(lesson: Lesson, report: PreflightReport | undefined, lang: Lang, width: number, resumeStep: number): Line[] {
  // Runner commands in the page as this learner types them (npx, a global install, node …).
  const lines = renderMarkdown(asTyped(say(lang, lesson.pages.opening)), width, {
    dropTitle: true,
    blocks: { [PREFLIGHT_MARKER]: (w) => preflightLines(lesson, report, lang, w) },
  });
  lines.push([], ...wrapSegments([{ text: say(lang, OPENING.begin(resumeStep)), style: 'bold' }], width));
  return lines;
}
