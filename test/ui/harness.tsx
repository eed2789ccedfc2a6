// Renders the guided UI with ink-testing-library over a real session (the built-in endpoint, real
// SDK clients, the real troubleshooter), and helpers that wait for the next frames after a key.
import React from 'react';
import { render } from 'ink-testing-library';
import { openSession, type SessionOptions } from '../../src/commands/session.js';
import { diagnose, closeStartedEndpoints } from '../../src/troubleshoot/index.js';
import { createLessonServices, type LessonServices } from '../../src/ui/services.js';
import { App, type AppProps } from '../../src/ui/components/App.js';
import { ThemeProvider } from '../../src/ui/theme.js';
import type { Lang } from '../../src/config/language.js';
import { unusedPort } from '../helpers/ports.js';

export const KEYS = { escape: '\u001b', tab: '\t', down: '\u001b[B', up: '\u001b[A', pageDown: '\u001b[6~', pageUp: '\u001b[5~' } as const;

export async function lessonServices(options: { endpoint: string; stateDir: string; lang?: Lang; embedded?: boolean }): Promise<LessonServices> {
  const notes: string[] = [];
  const sessionOptions: SessionOptions = { endpoint: options.endpoint, stateDir: options.stateDir, lang: options.lang ?? 'en', color: false, ...(options.embedded ? { embedded: true } : {}) };
  const session = await openSession(sessionOptions, (text) => void notes.push(text.trim()));
  return createLessonServices({
    session,
    notes,
    reopen: (overrides) => openSession({ ...sessionOptions, ...overrides }, (text) => void notes.push(text.trim())),
    diagnose: (ctx, results) => diagnose(ctx, results),
  });
}

export interface UiHandle {
  frame(): string;
  frames: string[];
  /** Types keys, then yields so Ink handles them (ink-testing-library needs a tick after input). */
  press(...keys: string[]): Promise<void>;
  /** Resolves with the first frame matching `pattern`; fails with the last frame after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when `condition` holds (polled), fails after `timeoutMs`. */
  until(condition: () => boolean, timeoutMs?: number): Promise<void>;
  quitCalls: number;
  unmount(): void;
}

const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

export function renderUi(services: LessonServices, props: Partial<AppProps> = {}): UiHandle {
  const handle = { quitCalls: 0 } as UiHandle;
  const instance = render(
    <ThemeProvider theme={{ color: false, animate: true }}>
      <App services={services} lang="en" size={{ columns: 100, rows: 60 }} onQuit={() => (handle.quitCalls += 1)} {...props} />
    </ThemeProvider>,
  );
  handle.frame = () => instance.lastFrame() ?? '';
  handle.frames = instance.frames;
  handle.press = async (...keys) => {
    for (const key of keys) {
      instance.stdin.write(key);
      await tick();
    }
  };
  handle.waitFor = async (pattern, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = instance.lastFrame() ?? '';
      if (pattern.test(frame)) return frame;
      if (Date.now() > deadline) throw new Error(`no frame matched ${pattern} within ${timeoutMs} ms; last frame:\n${frame}`);
      await tick(50);
    }
  };
  handle.until = async (condition, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last frame:\n${instance.lastFrame() ?? ''}`);
      await tick(50);
    }
  };
  handle.unmount = () => instance.unmount();
  return handle;
}

/** A port nothing listens on (bound, then closed). */
export { unusedPort as closedPort };

export { closeStartedEndpoints };
