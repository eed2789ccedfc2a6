// Terminal column width of text for the UI: the report's measure (East Asian Width, as Ink's
// string-width counts), plus a per-character cache, since wrapping measures one character at a time.
import { displayWidth } from '../../report/display-width.js';

export { displayWidth as textWidth, padToWidth, truncateToWidth } from '../../report/display-width.js';

const charWidths = new Map<string, number>();

export function charWidth(char: string): number {
  let width = charWidths.get(char);
  if (width === undefined) {
    width = displayWidth(char);
    charWidths.set(char, width);
  }
  return width;
}
