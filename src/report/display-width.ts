// Terminal columns a string takes: East Asian Wide and Fullwidth characters two, ambiguous ones
// one, control characters, combining marks and escape sequences none — the rule Ink (string-width)
// applies, from the same Unicode data (get-east-asian-width). string-width itself costs ~100 ms to
// load (its emoji patterns); this is on the path of --help, --version and check, so it stays light.
// Learners' names are often Japanese: the roster table must line up; the guided UI wraps by it.
import { eastAsianWidth } from 'get-east-asian-width';

const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;
const ZERO_WIDTH = /^(?:[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff]|\p{Mn}|\p{Me})$/u;

function charWidth(ch: string): number {
  if (ZERO_WIDTH.test(ch)) return 0;
  return eastAsianWidth(ch.codePointAt(0) ?? 0);
}

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.includes('\u001b') ? text.replace(ESCAPES, '') : text) width += charWidth(ch);
  return width;
}

/** Cuts `text` to at most `width` columns, ending with `…` when it had to cut. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = charWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out.trimEnd()}…`;
}

export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStartToWidth(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
