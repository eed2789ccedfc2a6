// Terminal columns a string takes, as Ink measures it (string-width: East Asian Wide and Fullwidth
// characters take two columns, ambiguous ones one, escape sequences none). Learners' names are often
// Japanese, and the roster table must still line up and fit 80 columns; the guided UI wraps by it.
import stringWidth from 'string-width';

export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Cuts `text` to at most `width` columns, ending with `…` when it had to cut. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
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
