// The help screen: every key from the binding table, with what it does.
import type { Lang } from '../../config/language.js';
import { say } from '../../i18n/text.js';
import { KEY_BINDINGS } from '../keys.js';
import { SCREEN } from '../messages.js';
import { padToWidth, textWidth } from '../text/width.js';
import { wrapSegments, type Line } from '../text/wrap.js';

export function helpLines(lang: Lang, width: number): Line[] {
  const labelWidth = Math.max(...KEY_BINDINGS.map((b) => textWidth(b.label))) + 2;
  const lines: Line[] = [[{ text: say(lang, SCREEN.keys), style: 'heading' }], []];
  const seen = new Set<string>();
  for (const binding of KEY_BINDINGS) {
    if (binding.intent === 'confirm-yes' || binding.intent === 'confirm-no' || binding.intent === 'begin') continue;
    // One line per key: Tab (other fix / next item) and n are described once.
    const key = `${binding.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const description = KEY_BINDINGS.filter((b) => b.label === binding.label && b.intent !== 'confirm-no' && b.intent !== 'confirm-yes' && b.intent !== 'begin')
      .map((b) => say(lang, b.description))
      .join(lang === 'ja' ? '。' : '; ');
    // A narrow screen puts the text under the key instead of beside it.
    const beside = width - labelWidth >= 24;
    if (beside) lines.push(...wrapSegments([{ text: description, style: 'plain' }], width, [{ text: padToWidth(binding.label, labelWidth), style: 'bold' }], ' '.repeat(labelWidth)));
    else lines.push([{ text: binding.label, style: 'bold' }], ...wrapSegments([{ text: description, style: 'plain' }], width, [{ text: '  ', style: 'plain' }], '  '));
  }
  lines.push([]);
  lines.push(...wrapSegments([{ text: say(lang, SCREEN.helpNote), style: 'dim' }], width));
  return lines;
}
