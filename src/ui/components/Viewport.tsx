// A window of `height` lines onto a longer list, scrolled by the state's `scroll`.
import React from 'react';
import { Box, Text } from 'ink';
import type { Line } from '../text/wrap.js';
import { StyledLine } from './StyledLine.js';
import { styleProps, useTheme } from '../theme.js';

/** The first line shown: `scroll`, kept inside the text. */
export function clampScroll(scroll: number, total: number, height: number): number {
  return Math.max(0, Math.min(scroll, total - height));
}

interface ViewportProps {
  /** All lines of the content. */
  lines: Line[];
  /** Lines shown; at least 1. */
  height: number;
  /** Index of the first line wanted (clamped). */
  scroll: number;
  /** The last line when more follows: how many lines, and the keys that show them. */
  moreLabel: (count: number) => string;
}

export function Viewport({ lines, height, scroll, moreLabel }: ViewportProps) {
  const theme = useTheme();
  const fits = lines.length <= height;
  const room = fits ? height : Math.max(1, height - 1);
  const first = clampScroll(scroll, lines.length, room);
  const shown = lines.slice(first, first + room);
  const below = lines.length - (first + shown.length);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {shown.map((line, index) => (
        <StyledLine key={first + index} line={line} />
      ))}
      {!fits && (
        <Text {...styleProps('dim', theme)} wrap="truncate">
          {below > 0 ? `${first > 0 ? '↑ ' : ''}${moreLabel(below)}` : '↑ (k)'}
        </Text>
      )}
    </Box>
  );
}
