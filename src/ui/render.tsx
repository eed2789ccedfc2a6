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
  /** A promise that rejects to end the UI with that error (the session failed to open). */
  failure?: Promise<unknown>;
}

/** Renders the lesson UI on the terminal and resolves when the learner quits. */
export async function renderLesson(options: RenderLessonOptions): Promise<void> {
  const instance = render(
    <ThemeProvider theme={options.theme}>
      <App services={options.services} lang={options.lang} {...(options.startStep ? { startStep: options.startStep } : {})} yes={options.yes ?? false} />
    </ThemeProvider>,
    { exitOnCtrlC: true, patchConsole: true },
  );
  // The session failing to open ends the UI with its error (printed by the CLI, as before the UI).
  const sessionFailed = new Promise<{ error: unknown }>((resolve) => void options.failure?.catch((error: unknown) => resolve({ error })));
  const outcome = await Promise.race([instance.waitUntilExit().then(() => undefined), sessionFailed]);
  if (outcome) {
    // Nothing of the lesson happened yet: the error reads on its own. An empty tree takes the frame
    // away as a render of its own, so a render still pending (the spinner's next frame) cannot draw
    // over the error after it; unmount writes it out, and its promise waits until it is written.
    instance.rerender(<></>);
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    throw outcome.error;
  }
}
