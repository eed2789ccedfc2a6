// The lesson's closing page: how long it took, what was built (from the lesson's resources), the
// checklist as it stands, then the page itself (key points, what to prepare for next time).
import type { Lang } from '../../config/language.js';
import { filterOf, type Lesson } from '../../lesson/index.js';
import { say } from '../../i18n/text.js';
import { renderMarkdown, parseInline } from '../text/markdown.js';
import { asTyped } from '../../config/invocation.js';
import { wrapSegments, type Line } from '../text/wrap.js';
import type { LessonSummary } from '../state/types.js';
import { STATUS_MARKS } from './marks.js';
import { CLOSING } from '../messages.js';

export function formatDuration(ms: number, lang: Lang): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (lang === 'ja') return h > 0 ? `${h} 時間 ${m} 分` : m > 0 ? `${m} 分 ${s} 秒` : `${s} 秒`;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

export function closingLines(lesson: Lesson, summary: LessonSummary, lang: Lang, width: number): Line[] {
  const t = (text: { en: string; ja: string }) => say(lang, text);
  const { bucket, role, function: fn, notification, output } = lesson.resources;
  const { suffix } = filterOf(notification.value.LambdaFunctionConfigurations[0] ?? {});
  const passed = summary.checks.filter((c) => c.status === 'pass').length;
  const item = (text: string) => wrapSegments(parseInline(text), width, [{ text: '• ', style: 'plain' }], '  ');
  const lines: Line[] = [
    ...wrapSegments([{ text: t(CLOSING.time(formatDuration(summary.durationMs, lang))), style: 'plain' }], width),
    ...wrapSegments([{ text: summary.triggerLatencyMs !== undefined ? t(CLOSING.latency(summary.triggerLatencyMs)) : t(CLOSING.latencyNotMeasured), style: 'plain' }], width),
    [],
    [{ text: t(CLOSING.built), style: 'heading' }],
    ...item(t(CLOSING.bucket(bucket.name))),
    ...item(t(CLOSING.role(role.name))),
    ...item(t(CLOSING.function(fn.name, fn.runtime, fn.handler))),
    ...item(t(CLOSING.trigger(suffix || '*', output.prefix))),
    [],
    [{ text: t(CLOSING.checklist(passed, summary.checks.length)), style: 'heading' }],
  ];
  for (const check of summary.checks) {
    const mark = check.status === 'pending' ? '…' : STATUS_MARKS[check.status];
    lines.push(...wrapSegments([{ text: `${t(check.title)} — `, style: 'plain' }, ...parseInline(t(check.message ?? { en: '', ja: '' }), 'dim')], width, [{ text: `${mark} `, style: 'bold' }], '  '));
  }
  lines.push([], ...renderMarkdown(asTyped(t(lesson.pages.closing)), width, { dropTitle: true }));
  return lines;
}
