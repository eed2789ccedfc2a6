// The keys that work now (view/footer-lines.ts), or the question before a fix.
import React from 'react';
import { Box } from 'ink';
import { styleProps, useTheme } from '../theme.js';
import { FitLine } from './FitLine.js';

export function Footer({ lines, confirming, width }: { lines: readonly string[]; confirming: boolean; width: number }) {
  const theme = useTheme();
  const style = styleProps(confirming ? 'warn' : 'dim', theme);
  return (
    <Box flexDirection="column">
      {lines.map((line, index) => (
        <FitLine key={index} width={width} parts={[{ text: line, style }]} />
      ))}
    </Box>
  );
}
