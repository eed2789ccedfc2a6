// The keys that work now, from the key-binding table; or the y/n question before a fix.
import React from 'react';
import { Box } from 'ink';
import { say } from '../../i18n/text.js';
import { footerBindings } from '../keys.js';
import type { UiState } from '../state/types.js';
import { selectedFix } from '../state/selectors.js';
import { lineText, wrapSegments } from '../text/wrap.js';
import { styleProps, useTheme } from '../theme.js';
import { FitLine } from './FitLine.js';

export function footerText(state: UiState): string {
  const lang = state.lang;
  const fix = selectedFix(state);
  if (state.confirming && fix) {
    const what = fix.impact === 'deletes' ? (lang === 'ja' ? '削除を伴います' : 'it deletes something') : lang === 'ja' ? '変更を伴います' : 'it changes something';
    return lang === 'ja' ? `「${say(lang, fix.title)}」を適用しますか (${what})? y はい / n いいえ` : `Apply "${say(lang, fix.title)}" (${what})? y yes / n no`;
  }
  return footerBindings(state)
    .map((b) => `${b.label} ${say(lang, b.short)}`)
    .join('  ');
}

/** The footer's lines at this width (wrapped between keys' words, never inside a wide character). */
export function footerLines(state: UiState, width: number): string[] {
  return wrapSegments([{ text: footerText(state), style: 'plain' }], width).map(lineText);
}

export function Footer({ state, width }: { state: UiState; width: number }) {
  const theme = useTheme();
  const style = styleProps(state.confirming ? 'warn' : 'dim', theme);
  return (
    <Box flexDirection="column">
      {footerLines(state, width).map((line, index) => (
        <FitLine key={index} width={width} parts={[{ text: line, style }]} />
      ))}
    </Box>
  );
}
