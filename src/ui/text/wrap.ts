// Word wrapping by terminal columns over styled segments. Latin text breaks at spaces; Japanese
// (wide characters) may break between any two characters, as Japanese typesetting does.
import { charWidth } from './width.js';

/** A run of text drawn one way. */
export interface Segment {
  text: string;
  style: SegmentStyle;
}

export type SegmentStyle = 'plain' | 'bold' | 'code' | 'heading' | 'dim' | 'command' | 'quote';

export type Line = Segment[];

/** Japanese punctuation that must not start a line: it hangs past the edge instead (ぶら下げ). */
const NO_LINE_START = new Set([...'、。，．・：；？！）」』】〕〉》ー…ぁぃぅぇぉっゃゅょァィゥェォッャュョ']);

/** How far a hanging punctuation mark may go past the width. */
export const HANG_COLUMNS = 2;

interface Token {
  text: string;
  style: SegmentStyle;
  width: number;
  space: boolean;
}

function tokenize(segments: readonly Segment[]): Token[] {
  const tokens: Token[] = [];
  for (const segment of segments) {
    // Words, single spaces and single wide characters are the units a line may break between.
    for (const match of segment.text.matchAll(/ +|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]+|./gsu)) {
      const text = match[0];
      let width = 0;
      for (const char of text) width += charWidth(char);
      tokens.push({ text, style: segment.style, width, space: /^ +$/.test(text) });
    }
  }
  return tokens;
}

function push(line: Line, text: string, style: SegmentStyle): void {
  const last = line[line.length - 1];
  if (last && last.style === style) last.text += text;
  else line.push({ text, style });
}

/** Splits a word wider than the line into pieces that fit. */
function splitLong(token: Token, width: number): Token[] {
  const pieces: Token[] = [];
  let text = '';
  let used = 0;
  for (const char of token.text) {
    const w = charWidth(char);
    if (used + w > width && text) {
      pieces.push({ ...token, text, width: used });
      text = '';
      used = 0;
    }
    text += char;
    used += w;
  }
  if (text) pieces.push({ ...token, text, width: used });
  return pieces;
}

/**
 * Wraps styled text to `width` columns. `indent` is put before continuation lines (e.g. under a
 * list bullet); `first` before the first line.
 */
export function wrapSegments(segments: readonly Segment[], width: number, first: Line = [], indent = ''): Line[] {
  const lines: Line[] = [];
  const prefixWidth = (line: Line) => line.reduce((n, s) => n + [...s.text].reduce((m, c) => m + charWidth(c), 0), 0);
  let line: Line = first.map((s) => ({ ...s }));
  let used = prefixWidth(line);
  const startUsed = () => used === prefixWidth(lines.length === 0 ? first : [{ text: indent, style: 'plain' }]);
  const newLine = () => {
    lines.push(line);
    line = indent ? [{ text: indent, style: 'plain' }] : [];
    used = [...indent].reduce((m, c) => m + charWidth(c), 0);
  };
  const room = Math.max(1, width);
  for (const token of tokenize(segments)) {
    if (token.space) {
      if (used + token.width <= room && !startUsed()) {
        push(line, token.text, token.style);
        used += token.width;
      }
      continue;
    }
    const pieces = token.width > room - used && token.width > room - [...indent].length ? splitLong(token, room - [...indent].length) : [token];
    for (const piece of pieces) {
      const hangs = NO_LINE_START.has(piece.text) && used + piece.width <= room + HANG_COLUMNS;
      if (used + piece.width > room && !startUsed() && !hangs) {
        // Drop the trailing space before breaking.
        const last = line[line.length - 1];
        if (last) last.text = last.text.replace(/ +$/, '');
        newLine();
      }
      push(line, piece.text, piece.style);
      used += piece.width;
    }
  }
  lines.push(line);
  return lines;
}

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}
