// The end of the lesson: the seven checks, time taken, the trigger latency and what to read next.
import type { Lang } from '../../config/language.js';
import type { Lesson } from '../../lesson/index.js';
import { say } from '../../i18n/text.js';
import { renderMarkdown, parseInline } from '../text/markdown.js';
import { wrapSegments, type Line } from '../text/wrap.js';
import type { LessonSummary } from '../state/types.js';
import { STATUS_MARKS } from './marks.js';

export function formatDuration(ms: number, lang: Lang): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (lang === 'ja') return h > 0 ? `${h} 時間 ${m} 分` : m > 0 ? `${m} 分 ${s} 秒` : `${s} 秒`;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${s} s` : `${s} s`;
}

export function summaryLines(lesson: Lesson, summary: LessonSummary, lang: Lang, width: number): Line[] {
  const t = (en: string, ja: string) => (lang === 'ja' ? ja : en);
  const passed = summary.checks.filter((c) => c.status === 'pass').length;
  const lines: Line[] = [
    [{ text: t('Lesson complete', 'レッスン完了'), style: 'heading' }],
    [{ text: t(`Time taken: ${formatDuration(summary.durationMs, lang)}`, `かかった時間: ${formatDuration(summary.durationMs, lang)}`), style: 'plain' }],
    [
      {
        text:
          summary.triggerLatencyMs !== undefined
            ? t(`Trigger latency (upload → processed copy): ${summary.triggerLatencyMs} ms`, `トリガーの遅延 (アップロード → 処理済み画像): ${summary.triggerLatencyMs} ms`)
            : t('Trigger latency: not measured (step 6 was done by hand)', 'トリガーの遅延: 未計測 (ステップ 6 を手で実行したため)'),
        style: 'plain',
      },
    ],
    [{ text: t(`Checklist: ${passed} of ${summary.checks.length} passed`, `確認ポイント: ${summary.checks.length} 個中 ${passed} 個 OK`), style: 'bold' }],
  ];
  for (const check of summary.checks) {
    const mark = check.status === 'pending' ? '…' : STATUS_MARKS[check.status];
    lines.push(...wrapSegments([{ text: `${say(lang, check.title)} — `, style: 'plain' }, ...parseInline(say(lang, check.message ?? { en: '', ja: '' })).map((s) => ({ ...s, style: s.style === 'plain' ? ('dim' as const) : s.style }))], width, [{ text: `${mark} `, style: 'bold' }], '  '));
  }
  lines.push([], [{ text: t('What to read next', '次に読むもの'), style: 'heading' }], []);
  lines.push(...renderMarkdown(say(lang, lesson.pages.closing), width));
  return lines;
}
