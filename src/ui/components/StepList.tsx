// The six steps on one line, each with its status; the current one in brackets.
import React from 'react';
import { Text } from 'ink';
import type { StepState } from '../state/types.js';
import { styleProps, useTheme } from '../theme.js';

export const STEP_MARKS: Record<StepState, string> = { todo: '·', running: '…', done: '✓', failed: '✗', lost: '!' };
const STEP_TONE = { todo: 'dim', running: 'warn', done: 'ok', failed: 'bad', lost: 'warn' } as const;

interface StepListProps {
  steps: { number: number; id: string; state: StepState }[];
  current: number;
}

export function StepList({ steps, current }: StepListProps) {
  const theme = useTheme();
  return (
    <Text wrap="wrap">
      {steps.map((step, index) => {
        const here = index === current;
        const label = `${STEP_MARKS[step.state]} ${step.number} ${step.id}`;
        return (
          <Text key={step.id}>
            {index > 0 ? '  ' : ''}
            <Text {...styleProps(here ? 'accent' : STEP_TONE[step.state], theme)}>{here ? `[${label}]` : label}</Text>
          </Text>
        );
      })}
    </Text>
  );
}
