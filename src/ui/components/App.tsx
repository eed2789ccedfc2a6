// The guided lesson screen. Lays out the parts and sizes the main area to the terminal; all
// behaviour is in useLesson (state + services) and useKeys (the key-binding table).
import React, { useEffect, useMemo } from 'react';
import { Box, useApp } from 'ink';
import type { Lang } from '../../config/language.js';
import type { Step } from '../../lesson/index.js';
import { say } from '../../i18n/text.js';
import type { LessonServices } from '../services.js';
import { useLesson } from '../hooks/use-lesson.js';
import { useKeys } from '../hooks/use-keys.js';
import { useTerminalSize, type TerminalSize } from '../hooks/use-terminal-size.js';
import { stepsDone } from '../state/selectors.js';
import { lessonLines } from '../view/lesson-lines.js';
import { panelLines } from '../view/panel-lines.js';
import { helpLines } from '../view/help-lines.js';
import { summaryLines } from '../view/summary-lines.js';
import { textWidth } from '../text/width.js';
import { HANG_COLUMNS } from '../text/wrap.js';
import { Header } from './Header.js';
import { StepList } from './StepList.js';
import { Viewport } from './Viewport.js';
import { ChecksList, checksListHeight } from './ChecksList.js';
import { ActivityLine } from './ActivityLine.js';
import { Footer, footerLines } from './Footer.js';
import { FitLine } from './FitLine.js';
import { styleProps, useTheme } from '../theme.js';

export interface AppProps {
  services: LessonServices;
  /** Language to start in (l switches). */
  lang: Lang;
  /** `--step`: open at this step instead of the first unfinished one. */
  startStep?: Step;
  /** `--yes`: apply fixes without asking. Default false. */
  yes?: boolean;
  /** Fixed size instead of the terminal's (tests). Default: the terminal's, 80×24 when unknown. */
  size?: Partial<TerminalSize>;
  /** Called once when the learner quits, just before the app exits. Default: nothing. */
  onQuit?: () => void;
}

const MAX_CHANGE_LINES = 3;

const linesNeeded = (text: string, columns: number) => Math.max(1, Math.ceil(textWidth(text) / Math.max(1, columns)));

export function App({ services, lang, startStep, yes = false, size, onQuit }: AppProps) {
  const { columns, rows } = useTerminalSize(size);
  const { exit } = useApp();
  const theme = useTheme();
  const pageSize = Math.max(3, rows - 12);
  const { state, intents } = useLesson({ services, lang, ...(startStep ? { startStep } : {}), yes, pageSize });
  useKeys(state, intents);
  useEffect(() => {
    if (!state.quitting) return;
    onQuit?.();
    exit();
  }, [state.quitting, exit, onQuit]);

  const lesson = services.lesson;
  const step = lesson.steps[state.stepIndex];
  // Room at the right edge for Japanese punctuation that hangs instead of starting a line.
  const width = Math.max(20, columns - HANG_COLUMNS);
  const mainLines = useMemo(() => {
    switch (state.view) {
      case 'lesson':
        return lessonLines(lesson, step, state.lang, state.endpoint.kind, width, state.endpoint.url);
      case 'panel':
        return panelLines(lesson, state, width);
      case 'help':
        return helpLines(state.lang, width);
      case 'summary':
        return state.summary ? summaryLines(lesson, state.summary, state.lang, width) : [];
    }
  }, [lesson, step, state, width]);

  const showChecks = state.view === 'lesson' || state.view === 'panel';
  const checksProps = { rows: state.checks, changes: state.changes, ...(state.failure ? { failure: state.failure } : {}), ...(state.artifact ? { artifact: state.artifact } : {}), maxChanges: MAX_CHANGE_LINES };
  const stepListText = lesson.steps.map((s) => `[· ${s.number} ${s.id}]`).join('  ');
  const lineWidth = columns - 1;
  const fixed = 2 + linesNeeded(stepListText, columns) + 1 + (showChecks ? checksListHeight(checksProps) : 0) + 1 + footerLines(state, lineWidth).length;
  // One line spare: a frame as tall as the terminal makes Ink redraw the whole screen.
  const mainHeight = Math.max(3, rows - fixed - 1);

  const title =
    state.view === 'summary'
      ? state.lang === 'ja' ? 'まとめ' : 'Summary'
      : state.view === 'help'
        ? state.lang === 'ja' ? 'ヘルプ' : 'Help'
        : `${state.lang === 'ja' ? 'ステップ' : 'Step'} ${step.number}/${lesson.steps.length}: ${say(state.lang, step.title)}`;

  return (
    <Box flexDirection="column" width={columns}>
      <Header title={say(state.lang, lesson.title)} endpoint={state.endpoint} lang={state.lang} done={stepsDone(state)} total={lesson.steps.length} width={lineWidth} />
      <StepList steps={lesson.steps.map((s) => ({ number: s.number, id: s.id, state: state.steps[s.id] ?? 'todo' }))} current={state.view === 'summary' ? -1 : state.stepIndex} />
      <FitLine width={lineWidth} parts={[{ text: title, style: styleProps('bold', theme) }]} />
      <Viewport lines={mainLines} height={mainHeight} scroll={state.scroll} moreLabel={state.lang === 'ja' ? '続き (j / Space)' : 'more (j / Space)'} />
      {showChecks && <ChecksList {...checksProps} lang={state.lang} width={lineWidth} />}
      <ActivityLine busy={state.busy} notice={state.notice} watching={state.watching} diagnosing={state.diagnosing} lang={state.lang} width={lineWidth} />
      <Footer state={state} width={lineWidth} />
    </Box>
  );
}
