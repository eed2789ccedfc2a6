// The guided lesson screen. Lays out the parts and sizes the main area to the terminal; all
// behaviour is in useLesson (state + services) and useKeys (the key-binding table). Every part is
// measured in display columns and rows, so the frame holds at 80×24 and anything larger.
import React, { useEffect, useMemo, useRef } from 'react';
import { Box, useApp } from 'ink';
import type { Lang } from '../../config/language.js';
import type { Step } from '../../lesson/index.js';
import { say } from '../../i18n/text.js';
import type { LessonServices } from '../services.js';
import { useLesson, type ViewportMeasure } from '../hooks/use-lesson.js';
import { useKeys } from '../hooks/use-keys.js';
import { useTerminalSize, type TerminalSize } from '../hooks/use-terminal-size.js';
import { stepsDone } from '../state/selectors.js';
import type { UiState } from '../state/types.js';
import { lessonLines } from '../view/lesson-lines.js';
import { panelLines } from '../view/panel-lines.js';
import { helpLines } from '../view/help-lines.js';
import { closingLines } from '../view/closing-lines.js';
import { openingLines } from '../view/opening-lines.js';
import { detailItems } from '../view/detail-lines.js';
import { checkLines } from '../view/check-lines.js';
import { footerLines } from '../view/footer-lines.js';
import { pageTitle } from '../text/markdown.js';
import type { Line } from '../text/wrap.js';
import { textWidth } from '../text/width.js';
import { SCREEN } from '../messages.js';
import { Header } from './Header.js';
import { StepList } from './StepList.js';
import { Viewport } from './Viewport.js';
import { ChecksList } from './ChecksList.js';
import { ActivityLine } from './ActivityLine.js';
import { Footer } from './Footer.js';
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

const linesNeeded = (text: string, columns: number) => Math.max(1, Math.ceil(textWidth(text) / Math.max(1, columns)));

/** The main area's lines and the title line above them, for the view on screen. */
function mainView(services: LessonServices, state: UiState, width: number): { title: string; lines: Line[] } {
  const lesson = services.lesson;
  const lang = state.lang;
  const step = lesson.steps[state.stepIndex];
  const stepTitle = say(lang, SCREEN.step(step.number, lesson.steps.length, say(lang, step.title)));
  switch (state.view) {
    case 'opening':
      return { title: pageTitle(say(lang, lesson.pages.opening)) ?? say(lang, lesson.title), lines: openingLines(lesson, state.preflight, lang, width, step.number) };
    case 'lesson':
      return { title: stepTitle, lines: lessonLines(lesson, step, lang, state.endpoint.kind, width, state.endpoint.url) };
    case 'panel':
      return { title: stepTitle, lines: panelLines(lesson, state, width) };
    case 'closing':
      return { title: pageTitle(say(lang, lesson.pages.closing)) ?? '', lines: state.summary ? closingLines(lesson, state.summary, lang, width) : [] };
    case 'help':
      return { title: say(lang, SCREEN.help), lines: helpLines(lang, width) };
    case 'detail': {
      const items = detailItems(lesson, state);
      const index = items.length ? state.detailIndex % items.length : 0;
      const item = items[index];
      return { title: say(lang, SCREEN.detail(index + 1, items.length, item?.name ?? '')), lines: item ? item.lines(width) : [] };
    }
  }
}

/** On the opening page only a problem is worth a line ("step 1 done, press n" would mislead there). */
const quietOnOpening = (state: UiState) => (state.view === 'opening' && state.notice?.tone !== 'error' ? undefined : state.notice);

export function App({ services, lang, startStep, yes = false, size, onQuit }: AppProps) {
  const { columns, rows } = useTerminalSize(size);
  const { exit } = useApp();
  const theme = useTheme();
  const viewport = useRef<ViewportMeasure>({ max: 0, page: Math.max(1, rows - 14) });
  const { state, intents, clampScroll } = useLesson({ services, lang, ...(startStep ? { startStep } : {}), yes, viewport });
  useKeys(state, intents);
  useEffect(() => {
    if (!state.quitting) return;
    onQuit?.();
    exit();
  }, [state.quitting, exit, onQuit]);

  const lesson = services.lesson;
  // One column spare: a line that fills the last column makes some terminals wrap it.
  const width = Math.max(20, columns - 1);
  const main = useMemo(() => mainView(services, state, width), [services, state, width]);

  const showChecks = state.view === 'lesson' || state.view === 'panel';
  const statusLines = showChecks ? checkLines({ rows: state.checks, changes: state.changes, ...(state.failure ? { failure: state.failure } : {}), ...(state.artifact ? { artifact: state.artifact } : {}) }, state.lang) : [];
  const footer = footerLines(state, width);
  const stepListText = lesson.steps.map((s) => `[· ${s.number} ${s.id}]`).join('  ');
  const fixed = 2 + linesNeeded(stepListText, columns) + 1 + statusLines.length + 1 + footer.length;
  // One line spare: a frame as tall as the terminal makes Ink redraw the whole screen.
  const mainHeight = Math.max(3, rows - fixed - 1);
  const room = main.lines.length <= mainHeight ? mainHeight : mainHeight - 1;
  viewport.current = { max: Math.max(0, main.lines.length - room), page: Math.max(1, room - 1) };
  // The text got shorter (another view, a wider terminal): keep the offset inside it.
  useEffect(() => {
    if (state.scroll > viewport.current.max) clampScroll();
  });

  const current = state.view === 'lesson' || state.view === 'panel' || (state.view !== 'opening' && state.view !== 'closing' && state.returnView !== 'opening' && state.returnView !== 'closing') ? state.stepIndex : -1;

  return (
    <Box flexDirection="column" width={columns}>
      <Header title={say(state.lang, lesson.title)} endpoint={state.endpoint} lang={state.lang} done={stepsDone(state)} total={lesson.steps.length} width={width} />
      <StepList steps={lesson.steps.map((s) => ({ number: s.number, id: s.id, state: state.steps[s.id] ?? 'todo' }))} current={current} />
      <FitLine width={width} parts={[{ text: main.title, style: styleProps('bold', theme) }]} />
      <Viewport lines={main.lines} height={mainHeight} scroll={state.scroll} moreLabel={(n) => say(state.lang, SCREEN.more(n))} />
      {showChecks && <ChecksList lines={statusLines} width={width} />}
      <ActivityLine busy={state.busy} notice={quietOnOpening(state)} watching={state.watching} diagnosing={state.diagnosing} lang={state.lang} width={width} />
      <Footer lines={footer} confirming={state.confirming} width={width} />
    </Box>
  );
}
