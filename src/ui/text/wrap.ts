// Line breaking by terminal columns over styled segments, as Japanese and English text want it:
//  - Latin text breaks at spaces; Japanese breaks between phrases (BudouX), not between any two
//    characters, and a space next to Japanese is a break only where a phrase starts.
//  - Kinsoku: no opening bracket at the end of a line, no closing punctuation, small kana or
//    prolonged sound mark at the start of one (the mark goes down with the word before it).
//  - Inline code, commands and URLs are never broken, unless one alone is wider than the line;
//    then it is split where it reads best (after / : - , . = …), as a last resort anywhere.
import { charWidth } from './width.js';
import { hasJapanese, phraseBoundaries } from './phrases.js';
import { NO_LINE_END, NO_LINE_START, SOFT_SPLIT_AFTER } from './kinsoku.js';

/** How a run of text is drawn. `url` and `link` carry an `href` (OSC 8 hyperlinks where supported). */
export type SegmentStyle = 'plain' | 'bold' | 'code' | 'heading' | 'dim' | 'command' | 'quote' | 'link' | 'url' | 'block';

/** A run of text drawn one way. */
export interface Segment {
  text: string;
  style: SegmentStyle;
  href?: string;
}

export type Line = Segment[];

/** Styles whose text is one unit: a line never breaks inside it (unless it alone is too wide). */
const ATOMIC: ReadonlySet<SegmentStyle> = new Set(['code', 'command', 'url']);
/** A URL (or s3://, file://) in running text is one unit too. */
const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s、。）」』]+/gi;

interface Cell {
  char: string;
  width: number;
  /** The segment it came from. */
  segment: number;
  /** Cells of one code span, command or URL share an id; -1 elsewhere. */
  unit: number;
}

function toCells(segments: readonly Segment[]): Cell[] {
  const cells: Cell[] = [];
  let nextUnit = segments.length;
  segments.forEach((segment, index) => {
    const chars = [...segment.text];
    const units = new Array<number>(chars.length).fill(ATOMIC.has(segment.style) ? index : -1);
    if (!ATOMIC.has(segment.style)) {
      // Code-point offsets of URLs inside plain text.
      for (const match of segment.text.matchAll(URL_IN_TEXT)) {
        const from = [...segment.text.slice(0, match.index)].length;
        const to = from + [...match[0]].length;
        const unit = nextUnit++;
        for (let i = from; i < to; i++) units[i] = unit;
      }
    }
    chars.forEach((char, i) => cells.push({ char, width: charWidth(char), segment: index, unit: units[i] }));
  });
  return cells;
}

const isSpace = (cell: Cell | undefined) => cell?.char === ' ';
const isWide = (cell: Cell | undefined) => (cell?.width ?? 0) >= 2;

/** Phrase starts as cell indices (a start on a space moves past the spaces); undefined without Japanese. */
function phraseStarts(cells: readonly Cell[]): Set<number> | undefined {
  const text = cells.map((c) => c.char).join('');
  if (!hasJapanese(text)) return undefined;
  const starts = new Set<number>();
  // UTF-16 index → cell index.
  const cellAt: number[] = [];
  cells.forEach((cell, index) => {
    for (let k = 0; k < cell.char.length; k++) cellAt.push(index);
  });
  for (const boundary of phraseBoundaries(text)) {
    let index = cellAt[boundary];
    while (index < cells.length && isSpace(cells[index])) index++;
    starts.add(index);
  }
  return starts;
}

/** `breaks[i]`: a line may start at cell i. */
function breakOpportunities(cells: readonly Cell[]): boolean[] {
  const phrases = phraseStarts(cells);
  const breaks = new Array<boolean>(cells.length).fill(false);
  for (let i = 1; i < cells.length; i++) {
    const current = cells[i];
    if (isSpace(current)) continue;
    let left = i - 1;
    while (left >= 0 && isSpace(cells[left])) left--;
    if (left < 0) continue; // leading spaces: nothing before to break from
    const before = cells[left];
    const afterSpace = left < i - 1;
    let allowed: boolean;
    if (afterSpace) {
      // A space between Latin words is a break; next to Japanese, only where a phrase starts.
      // A space before an opening bracket is a break too: "(…)" may start a line, as in print.
      allowed = !phrases || (!isWide(before) && !isWide(current)) || phrases.has(i) || NO_LINE_END.has(current.char);
    } else if (isWide(before) || isWide(current)) {
      // Wide characters that are not Japanese (box drawing, symbols) may break anywhere.
      allowed = phrases ? phrases.has(i) : true;
    } else {
      allowed = false; // inside a Latin word
    }
    if (!allowed) continue;
    if (NO_LINE_END.has(before.char) || NO_LINE_START.has(current.char)) continue;
    if (current.unit !== -1 && cells[i - 1].unit === current.unit) continue;
    breaks[i] = true;
  }
  return breaks;
}

/**
 * Wraps styled text to `width` columns. `first` goes before the first line (a bullet, a label) and
 * `indent` before every other line. A newline in the text ends a line.
 */
export function wrapSegments(segments: readonly Segment[], width: number, first: Line = [], indent = ''): Line[] {
  if (segments.some((s) => s.text.includes('\n'))) return wrapParagraphs(segments, width, first, indent);
  const cells = toCells(segments);
  const breaks = breakOpportunities(cells);
  const indentWidth = [...indent].reduce((n, c) => n + charWidth(c), 0);
  const room = Math.max(indentWidth + 1, width);

  const lines: Line[] = [];
  let line: Line = first.map((s) => ({ ...s }));
  let used = line.reduce((n, s) => n + [...s.text].reduce((m, c) => m + charWidth(c), 0), 0);
  let fresh = true; // nothing but the prefix on this line yet
  const put = (cell: Cell) => {
    const { style, href } = segments[cell.segment];
    const last = line[line.length - 1];
    if (last && last.style === style && last.href === href) last.text += cell.char;
    else line.push({ text: cell.char, style, ...(href ? { href } : {}) });
    used += cell.width;
    fresh = false;
  };
  const newLine = () => {
    lines.push(trimEnd(line));
    line = indent ? [{ text: indent, style: 'plain' }] : [];
    used = indentWidth;
    fresh = true;
  };

  // Pieces: from one break opportunity to the next.
  let start = 0;
  for (let end = 1; end <= cells.length; end++) {
    if (end < cells.length && !breaks[end]) continue;
    let from = start;
    start = end;
    if (fresh && lines.length > 0) while (from < end && isSpace(cells[from])) from++;
    let bodyEnd = end;
    while (bodyEnd > from && isSpace(cells[bodyEnd - 1])) bodyEnd--;
    const body = sumWidth(cells, from, bodyEnd);
    if (!fresh && used + body > room) {
      newLine();
      while (from < end && isSpace(cells[from])) from++;
    }
    if (used + sumWidth(cells, from, bodyEnd) <= room) {
      for (let i = from; i < end; i++) put(cells[i]);
      continue;
    }
    // Alone and still too wide: split it where it reads best.
    let i = from;
    while (i < bodyEnd) {
      const cut = splitPoint(cells, i, bodyEnd, room - used);
      for (let k = i; k < cut; k++) put(cells[k]);
      i = cut;
      if (i < bodyEnd) newLine();
    }
    for (let k = bodyEnd; k < end; k++) put(cells[k]);
  }
  lines.push(trimEnd(line));
  return lines;
}

/** Where to end a line that starts at `from` with `room` columns, inside text that cannot fit whole. */
function splitPoint(cells: readonly Cell[], from: number, to: number, room: number): number {
  let used = 0;
  let fits = from;
  while (fits < to && used + cells[fits].width <= room) used += cells[fits++].width;
  if (fits >= to) return to;
  if (fits === from) return from + 1; // not even one character fits: take one anyway
  // Prefer just after a separator (/ : - , . = & ? _), in the last two thirds of the line.
  for (let cut = fits; cut > from + Math.floor((fits - from) / 3); cut--) {
    if (SOFT_SPLIT_AFTER.has(cells[cut - 1].char) && !NO_LINE_START.has(cells[cut].char)) return cut;
  }
  // Otherwise anywhere kinsoku allows.
  for (let cut = fits; cut > from; cut--) {
    if (!NO_LINE_START.has(cells[cut].char) && !NO_LINE_END.has(cells[cut - 1].char)) return cut;
  }
  return fits;
}

function sumWidth(cells: readonly Cell[], from: number, to: number): number {
  let width = 0;
  for (let i = from; i < to; i++) width += cells[i].width;
  return width;
}

/** Drops trailing spaces (a line never ends in the space it broke at). */
function trimEnd(line: Line): Line {
  const out = line.map((s) => ({ ...s }));
  while (out.length > 0) {
    const last = out[out.length - 1];
    last.text = last.text.replace(/ +$/, '');
    if (last.text !== '') break;
    out.pop();
  }
  return out;
}

/** Text with newlines: each line of it wrapped on its own, the prefix only before the first. */
function wrapParagraphs(segments: readonly Segment[], width: number, first: Line, indent: string): Line[] {
  const paragraphs: Segment[][] = [[]];
  for (const segment of segments) {
    segment.text.split('\n').forEach((part, index) => {
      if (index > 0) paragraphs.push([]);
      if (part) paragraphs[paragraphs.length - 1].push({ ...segment, text: part });
    });
  }
  return paragraphs.flatMap((paragraph, index) =>
    wrapSegments(paragraph, width, index === 0 ? first : indent ? [{ text: indent, style: 'plain' }] : [], indent),
  );
}

export function lineText(line: Line): string {
  return line.map((s) => s.text).join('');
}
