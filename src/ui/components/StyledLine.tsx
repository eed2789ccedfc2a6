// One pre-wrapped line of styled segments.
import React from 'react';
import { Text } from 'ink';
import type { Line } from '../text/wrap.js';
import { styleProps, useTheme } from '../theme.js';

/** @param line segments already wrapped to the width (never wrapped again: `truncate`). */
export function StyledLine({ line }: { line: Line }) {
  const theme = useTheme();
  if (line.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate">
      {line.map((segment, index) => (
        <Text key={index} {...styleProps(segment.style, theme)}>
          {segment.text}
        </Text>
      ))}
    </Text>
  );
}
