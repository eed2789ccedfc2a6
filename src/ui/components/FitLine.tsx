// One line of coloured parts cut to the width by display columns. Ink's own truncation can split
// a wide (Japanese) character and overflow by a column, which makes the terminal wrap the line and
// the frame scroll; cutting here first avoids that.
import React from 'react';
import { Text } from 'ink';
import { charWidth } from '../text/width.js';
import type { TextStyle } from '../theme.js';

export interface Part {
  text: string;
  style?: TextStyle;
}

/** Cuts parts to at most `width` columns, ending with … when anything was cut. */
export function fitParts(parts: readonly Part[], width: number): Part[] {
  const total = parts.reduce((n, p) => n + [...p.text].reduce((m, c) => m + charWidth(c), 0), 0);
  if (total <= width) return [...parts];
  const out: Part[] = [];
  let used = 0;
  for (const part of parts) {
    let text = '';
    for (const char of part.text) {
      const w = charWidth(char);
      if (used + w > width - 1) {
        out.push({ ...part, text: `${text}…` });
        return out;
      }
      text += char;
      used += w;
    }
    out.push({ ...part, text });
  }
  return out;
}

/** @param width columns available (the line never takes more). */
export function FitLine({ parts, width }: { parts: readonly Part[]; width: number }) {
  return (
    <Text wrap="truncate">
      {fitParts(parts, width).map((part, index) => (
        <Text key={index} {...(part.style ?? {})}>
          {part.text}
        </Text>
      ))}
    </Text>
  );
}
