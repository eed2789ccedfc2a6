// A command as screen lines, copyable as one shell command however narrow the screen.
import { textWidth } from '../text/width.js';
import type { Line } from '../text/wrap.js';

/**
 * A command too wide for the screen is broken at spaces with a trailing ` \`, so copying the
 * lines still pastes one shell command. A command that fits is printed exactly as it is typed.
 */
export function commandLines(command: string, width: number): Line[] {
  if (textWidth(command) <= width) return [[{ text: command, style: 'command' }]];
  const lines: string[] = [];
  let current = '';
  for (const word of command.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && textWidth(candidate) > width - 2) {
      lines.push(`${current} \\`);
      current = `  ${word}`;
    } else {
      current = candidate;
    }
  }
  lines.push(current);
  return lines.map((text) => [{ text, style: 'command' }]);
}
