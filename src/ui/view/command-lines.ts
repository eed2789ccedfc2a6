// A command as screen lines, copyable as one shell command however narrow the screen.
import { textWidth } from '../text/width.js';
import type { Line } from '../text/wrap.js';
import { NO_LINE_END, NO_LINE_START, SOFT_SPLIT_AFTER } from '../text/kinsoku.js';

/** A shell command's words; a quoted part ("…" or '…') stays inside its word, spaces and all. */
function shellWords(command: string): string[] {
  return command.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [command];
}

/**
 * Where to cut a word that does not fit in `room` columns: after a separator (/ : - , . =) if one is
 * near the end, never so that the next line starts with closing punctuation or this one ends with
 * an opening bracket.
 */
function cutInWord(word: string, room: number): number {
  const fine = (cut: number) => !NO_LINE_START.has(word[cut]) && !NO_LINE_END.has(word[cut - 1]);
  for (let cut = room; cut > room / 2; cut--) if (SOFT_SPLIT_AFTER.has(word[cut - 1]) && fine(cut)) return cut;
  for (let cut = room; cut > 1; cut--) if (fine(cut)) return cut;
  return room;
}

/**
 * A command too wide for the screen is broken at spaces with a trailing ` \`, so copying the
 * lines still pastes one shell command. A word wider than the line is cut with a `\` and goes on
 * at the start of the next line (the shell joins the two halves), never inside single quotes.
 * A command that fits is printed exactly as it is typed.
 */
export function commandLines(command: string, width: number): Line[] {
  if (textWidth(command) <= width) return [[{ text: command, style: 'command' }]];
  const room = Math.max(8, width - 2); // room for " \"
  const lines: string[] = [];
  let current = '';
  const flush = (next: string) => {
    lines.push(`${current} \\`);
    current = next;
  };
  for (const word of shellWords(command)) {
    const candidate = current.trim() ? `${current} ${word}` : current + word;
    if (textWidth(candidate) <= room) {
      current = candidate;
      continue;
    }
    if (current.trim()) flush('  ');
    let rest = word;
    const quoted = word.includes("'");
    while (!quoted && textWidth(current + rest) > room) {
      const take = cutInWord(rest, Math.max(1, room - textWidth(current) - 1));
      current += rest.slice(0, take);
      rest = rest.slice(take);
      lines.push(`${current}\\`);
      current = '';
    }
    current += rest;
  }
  lines.push(current);
  return lines.map((text) => [{ text, style: 'command' }]);
}
