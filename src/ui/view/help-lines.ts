// The help screen: every key from the binding table, with what it does.
import type { Lang } from '../../config/language.js';
import { say } from '../../i18n/text.js';
import { KEY_BINDINGS } from '../keys.js';
import { padToWidth } from '../text/width.js';
import { wrapSegments, type Line } from '../text/wrap.js';

export function helpLines(lang: Lang, width: number): Line[] {
  const labelWidth = Math.max(...KEY_BINDINGS.map((b) => b.label.length)) + 2;
  const lines: Line[] = [[{ text: lang === 'ja' ? 'キー操作' : 'Keys', style: 'heading' }], []];
  const seen = new Set<string>();
  for (const binding of KEY_BINDINGS) {
    if (binding.intent === 'confirm-yes' || binding.intent === 'confirm-no') continue;
    if (seen.has(binding.label)) continue;
    seen.add(binding.label);
    lines.push(...wrapSegments([{ text: say(lang, binding.description), style: 'plain' }], width, [{ text: padToWidth(binding.label, labelWidth), style: 'bold' }], ' '.repeat(labelWidth)));
  }
  lines.push([]);
  lines.push(
    ...wrapSegments(
      [{ text: lang === 'ja' ? '画面下にはそのとき使えるキーだけが出ます。修正の確認中は y / n で答えます。' : 'The bar at the bottom shows only the keys that work at that moment. When asked about a fix, answer with y or n.', style: 'dim' }],
      width,
    ),
  );
  return lines;
}
