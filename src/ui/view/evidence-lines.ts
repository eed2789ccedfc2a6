// Evidence as screen lines: "label: value" with continuation lines indented under it. The panel
// shows a few lines of each (logs trimmed to what matters); the detail view shows them whole.
import type { Lang } from '../../config/language.js';
import { words, type Evidence } from '../../checks/result.js';
import { evidenceValue } from '../../report/evidence-text.js';
import { say } from '../../i18n/text.js';
import { PANEL } from '../messages.js';
import { wrapSegments, type Line } from '../text/wrap.js';

export interface EvidenceOptions {
  /** At most this many value lines per item (the rest are counted); default: all. */
  maxLines?: number;
  /** Logs as they were (runner paths still hidden) instead of trimmed. Default false. */
  whole?: boolean;
}

export function evidenceLines(items: readonly Evidence[], lang: Lang, width: number, options: EvidenceOptions = {}): Line[] {
  const lines: Line[] = [];
  for (const item of items) {
    const [first, ...rest] = evidenceValue(lang, item, options.whole).split('\n');
    lines.push(...wrapSegments([{ text: `${words(lang, item.label)}: `, style: 'bold' }, { text: first, style: 'dim' }], width, [{ text: '  ', style: 'plain' }], '    '));
    const room = options.maxLines === undefined ? rest.length : Math.max(0, options.maxLines - 1);
    for (const more of rest.slice(0, room)) lines.push(...wrapSegments([{ text: more, style: 'dim' }], width, [{ text: '    ', style: 'plain' }], '    '));
    if (rest.length > room) lines.push(...wrapSegments([{ text: say(lang, PANEL.moreLines(rest.length - room)), style: 'dim' }], width, [{ text: '    ', style: 'plain' }], '    '));
  }
  return lines;
}
