// The footer: the keys that work now, each label whole ("q 終了", never "q 終⏎了"). One line when
// they fit; otherwise the least needed keys (priority 3–4: previous, language, intro…) are left
// to the help screen (`?` is always there); if the rest still do not fit, two balanced lines.
// While a fix waits for a yes, the question (wrapped like any text) and its two keys instead.
import { say } from '../../i18n/text.js';
import { footerBindings, KEY_BINDINGS } from '../keys.js';
import type { UiState } from '../state/types.js';
import { selectedFix } from '../state/selectors.js';
import { CONFIRM } from '../messages.js';
import { textWidth } from '../text/width.js';
import { lineText, wrapSegments } from '../text/wrap.js';

const GAP = '  ';

/** A footer label: the key and its short name, e.g. "r 自動で実行". */
export interface FooterLabel {
  text: string;
  priority: number;
}

const widthOf = (labels: readonly FooterLabel[]) => labels.reduce((n, l, i) => n + textWidth(l.text) + (i > 0 ? GAP.length : 0), 0);
const join = (labels: readonly FooterLabel[]) => labels.map((l) => l.text).join(GAP);

/** Two lines of whole labels, as even as possible; undefined when no split fits. */
function balanced(labels: readonly FooterLabel[], width: number): string[] | undefined {
  let best: { lines: string[]; diff: number } | undefined;
  for (let k = 1; k < labels.length; k++) {
    const a = widthOf(labels.slice(0, k));
    const b = widthOf(labels.slice(k));
    if (a > width || b > width) continue;
    if (!best || Math.abs(a - b) < best.diff) best = { lines: [join(labels.slice(0, k)), join(labels.slice(k))], diff: Math.abs(a - b) };
  }
  return best?.lines;
}

/** Drops the least needed label (never help or quit): the last one of the highest priority number. */
function dropWorst(labels: readonly FooterLabel[]): FooterLabel[] {
  const worst = Math.max(...labels.map((l) => l.priority));
  const index = labels.map((l) => l.priority).lastIndexOf(worst);
  return labels.filter((_, i) => i !== index);
}

/**
 * Lays out labels in at most two lines of `width` columns: one line, leaving out the least needed
 * (priority 3–4) one by one; then two balanced lines, leaving out more only if even those overflow.
 */
export function layoutLabels(labels: readonly FooterLabel[], width: number): string[] {
  let pool = [...labels];
  while (widthOf(pool) > width && pool.some((l) => l.priority >= 3)) pool = dropWorst(pool);
  if (widthOf(pool) <= width) return [join(pool)];
  for (;;) {
    const two = balanced(pool, width);
    if (two) return two;
    if (!pool.some((l) => l.priority > 0)) return [join(pool)];
    pool = dropWorst(pool);
  }
}

export function footerLines(state: UiState, width: number): string[] {
  const lang = state.lang;
  const fix = selectedFix(state);
  if (state.confirming && fix) {
    const question = say(lang, CONFIRM.question(say(lang, fix.title), fix.impact === 'deletes' ? 'deletes' : 'changes'));
    const keys = KEY_BINDINGS.filter((b) => b.intent === 'confirm-yes' || b.intent === 'confirm-no').map((b) => ({ text: `${b.label} ${say(lang, b.short)}`, priority: 0 }));
    return [...wrapSegments([{ text: question, style: 'plain' }], width).map(lineText), ...layoutLabels(keys, width)];
  }
  const labels = footerBindings(state).map((b) => ({ text: `${b.label} ${say(lang, b.short)}`, priority: b.footer === false ? 9 : b.footer }));
  return layoutLabels(labels, width);
}
