// The checks of the last action: a spinner while one runs, then ✓ / ✗ / - / ! with its message.
// Also the resources the step made or changed, and its own failure, one line each.
import React from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import type { Lang } from '../../config/language.js';
import type { StepChange } from '../../steps/context.js';
import { say, type Text as Bilingual } from '../../i18n/text.js';
import type { CheckRow, StepFailureInfo } from '../state/types.js';
import { STATUS_MARKS } from '../view/marks.js';
import { styleProps, useTheme } from '../theme.js';
import { FitLine } from './FitLine.js';

const TONE = { pass: 'ok', fail: 'bad', skip: 'dim', error: 'warn' } as const;
const CHANGE_MARK = { created: '+', updated: '~', unchanged: '=', verified: '✓' } as const;

interface ChecksListProps {
  rows: CheckRow[];
  changes: StepChange[];
  failure?: StepFailureInfo;
  artifact?: { ok: boolean; message: Bilingual };
  lang: Lang;
  /** At most this many change lines (the rest are counted). */
  maxChanges: number;
  /** Columns available. */
  width: number;
}

/** How many lines ChecksList draws for these props. */
export function checksListHeight(props: Pick<ChecksListProps, 'rows' | 'changes' | 'failure' | 'artifact' | 'maxChanges'>): number {
  const changes = Math.min(props.changes.length, props.maxChanges) + (props.changes.length > props.maxChanges ? 1 : 0);
  return changes + (props.failure ? 1 : 0) + props.rows.length + (props.artifact ? 1 : 0);
}

export function ChecksList({ rows, changes, failure, artifact, lang, maxChanges, width }: ChecksListProps) {
  const theme = useTheme();
  const firstPending = rows.findIndex((r) => r.status === 'pending');
  const idWidth = Math.max(0, ...rows.map((r) => r.id.length));
  const dim = styleProps('dim', theme);
  return (
    <Box flexDirection="column">
      {changes.slice(0, maxChanges).map((change, index) => (
        <FitLine
          key={`change-${index}`}
          width={width}
          parts={[{ text: `${CHANGE_MARK[change.state]} ${say(lang, change.note)}${change.state === 'unchanged' ? (lang === 'ja' ? ' (実行済み)' : ' (already done)') : ''}`, style: dim }]}
        />
      ))}
      {changes.length > maxChanges && <Text {...dim}>{lang === 'ja' ? `… ほか ${changes.length - maxChanges} 件` : `… ${changes.length - maxChanges} more`}</Text>}
      {failure && <FitLine width={width} parts={[{ text: `✗ ${say(lang, failure.text)}`, style: styleProps('bad', theme) }]} />}
      {rows.map((row, index) => {
        const text = { text: ` ${row.id.padEnd(idWidth)}  ${say(lang, row.status === 'pending' ? row.title : row.message ?? row.title)}`, style: row.status === 'pending' ? dim : {} };
        if (row.status !== 'pending') {
          return <FitLine key={row.id} width={width} parts={[{ text: STATUS_MARKS[row.status], style: styleProps(TONE[row.status], theme) }, text]} />;
        }
        return (
          <Box key={row.id}>
            {index === firstPending && theme.animate ? <Spinner type="dots" /> : <Text {...dim}>…</Text>}
            <FitLine width={width - 1} parts={[text]} />
          </Box>
        );
      })}
      {artifact && (
        <FitLine width={width} parts={[{ text: artifact.ok ? '✓' : '✗', style: styleProps(artifact.ok ? 'ok' : 'bad', theme) }, { text: ` ${say(lang, artifact.message)}` }]} />
      )}
    </Box>
  );
}
