// One pre-wrapped line of styled segments.
import React from 'react';
import { Text } from 'ink';
import type { Line } from '../text/wrap.js';
import { styleProps, useTheme } from '../theme.js';

/** OSC 8: the terminal opens `href` on a click; the text is shown as it is (no width of its own). */
export function hyperlink(text: string, href: string): string {
  return `\u001b]8;;${href}\u0007${text}\u001b]8;;\u0007`;
}

/** @param line segments already wrapped to the width (never wrapped again: `truncate`). */
export function StyledLine({ line }: { line: Line }) {
  const theme = useTheme();
  if (line.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate">
      {line.map((segment, index) => (
        <Text key={index} {...styleProps(segment.style, theme)}>
          {theme.hyperlinks && segment.href ? hyperlink(segment.text, segment.href) : segment.text}
        </Text>
      ))}
    </Text>
  );
}
