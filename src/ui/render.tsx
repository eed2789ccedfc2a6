// The one entry point into Ink: start.ts imports this lazily, so only `start` loads Ink and React.
import React from 'react';
import { render } from 'ink';
import type { Lang } from '../config/language.js';
import type { Step } from '../lesson/index.js';
import type { LessonServices } from './services.js';
import { App } from './components/App.js';
import { ThemeProvider, type Theme } from './theme.js';

export interface RenderLessonOptions {
  services: LessonServices;
  lang: Lang;
  theme: Theme;
  startStep?: Step;
  yes?: boolean;
}

/** Renders the lesson UI on the terminal and resolves when the learner quits. */
export async function renderLesson(options: RenderLessonOptions): Promise<void> {
  const instance = render(
    <ThemeProvider theme={options.theme}>
      <App services={options.services} lang={options.lang} {...(options.startStep ? { startStep: options.startStep } : {})} yes={options.yes ?? false} />
    </ThemeProvider>,
    { exitOnCtrlC: true, patchConsole: true },
  );
  await instance.waitUntilExit();
}
