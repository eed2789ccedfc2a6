// Draws the check lines (view/check-lines.ts): a spinner for the check running now, marks and
// messages cut to one screen line each.
import React from 'react';
import { Box } from 'ink';
import Spinner from 'ink-spinner';
import type { StatusLine } from '../view/check-lines.js';
import { styleProps, useTheme } from '../theme.js';
import { FitLine } from './FitLine.js';

export function ChecksList({ lines, width }: { lines: readonly StatusLine[]; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      {lines.map((line) => {
        const text = { text: ` ${line.text}`, style: styleProps(line.textTone, theme) };
        if (line.spinner && theme.animate) {
          return (
            <Box key={line.key}>
              <Spinner type="dots" />
              <FitLine width={width - 1} parts={[text]} />
            </Box>
          );
        }
        return line.mark ? (
          <FitLine key={line.key} width={width} parts={[{ text: line.mark, style: styleProps(line.markTone, theme) }, text]} />
        ) : (
          <FitLine key={line.key} width={width} parts={[{ text: line.text, style: styleProps(line.textTone, theme) }]} />
        );
      })}
    </Box>
  );
}
