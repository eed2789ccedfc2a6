// One line under the checks: the work in progress (spinner, elapsed time and deadline, what, phase)
// or else the latest notice.
import React from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { Lang } from '../../config/language.js';
import { say } from '../../i18n/text.js';
import type { Busy, Notice } from '../state/types.js';
import { useClock } from '../hooks/use-clock.js';
import { styleProps, useTheme } from '../theme.js';
import { FitLine } from './FitLine.js';
import { NOTICES } from '../messages.js';

interface ActivityLineProps {
  busy?: Busy;
  notice?: Notice;
  watching: boolean;
  diagnosing: boolean;
  lang: Lang;
  /** Columns available. */
  width: number;
}

export function elapsedText(busy: Busy, now: number, lang: Lang): string {
  const elapsed = Math.max(0, Math.floor((now - busy.startedAt) / 1000));
  const left = busy.deadline ? Math.max(0, Math.ceil((busy.deadline - now) / 1000)) : undefined;
  return say(lang, NOTICES.elapsed(elapsed, left));
}

export function ActivityLine({ busy, notice, watching, diagnosing, lang, width }: ActivityLineProps) {
  const theme = useTheme();
  const now = useClock(busy !== undefined && theme.animate);
  const dim = styleProps('dim', theme);
  if (busy) {
    const what = busy.phase ? `${say(lang, busy.label)}: ${say(lang, busy.phase)}` : say(lang, busy.label);
    return (
      <Box>
        {theme.animate ? <Spinner type="dots" /> : <Text>…</Text>}
        <FitLine width={width - 1} parts={[{ text: ` ${elapsedText(busy, now, lang)}`, style: dim }, { text: ` ${what}` }]} />
      </Box>
    );
  }
  if (diagnosing) return <FitLine width={width} parts={[{ text: say(lang, NOTICES.diagnosing), style: dim }]} />;
  const tone = notice?.tone === 'error' ? 'bad' : notice?.tone === 'success' ? 'ok' : 'plain';
  return (
    <FitLine
      width={width}
      parts={[
        ...(watching ? [{ text: `${say(lang, NOTICES.watching)}  `, style: styleProps('warn', theme) }] : []),
        { text: notice ? say(lang, notice.text) : ' ', style: styleProps(tone, theme) },
      ]}
    />
  );
}
