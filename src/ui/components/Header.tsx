// Lesson title, the endpoint and what answers there, and progress n/6 with a bar.
import React from 'react';
import { Box } from 'ink';
import type { Lang } from '../../config/language.js';
import type { EndpointInfo } from '../state/types.js';
import { styleProps, useTheme } from '../theme.js';
import { FitLine } from './FitLine.js';
import { SCREEN } from '../messages.js';

const KIND = SCREEN.endpointKind;

export function progressBar(done: number, total: number, width = 12): string {
  const filled = total === 0 ? 0 : Math.round((done / total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

interface HeaderProps {
  title: string;
  endpoint: EndpointInfo;
  lang: Lang;
  /** Steps done. */
  done: number;
  total: number;
  /** Columns available. */
  width: number;
}

export function Header({ title, endpoint, lang, done, total, width }: HeaderProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column">
      <FitLine width={width} parts={[{ text: title, style: styleProps('accent', theme) }]} />
      <FitLine
        width={width}
        parts={[
          { text: progressBar(done, total), style: styleProps(done === total ? 'ok' : 'plain', theme) },
          { text: ` ${done}/${total}  ` },
          { text: `${endpoint.url} · `, style: styleProps('dim', theme) },
          endpoint.connecting
            ? { text: SCREEN.connecting[lang], style: styleProps('dim', theme) }
            : { text: KIND[endpoint.kind][lang], style: styleProps(endpoint.kind === 'unknown' ? 'warn' : 'plain', theme) },
        ]}
      />
    </Box>
  );
}
