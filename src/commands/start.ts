// `serverless-tutorial [start] [--step <id|n>]`: the guided Ink UI (the default command).
// Without a terminal (pipes, CI) there is no raw mode and no animation: it falls back to the plain
// reporter of `run`. Ink and React are imported here lazily, so no other command loads them.
import type { ProgramIo } from './options.js';
import { findStep, loadDefaultLesson } from '../lesson/index.js';
import { resolveLang } from '../config/language.js';
import { guardRealAws, resolveEndpoint } from '../config/endpoint.js';
import { colorEnabled } from '../report/colors.js';
import { EXIT_OK } from '../errors.js';
import type { SessionOptions } from './session.js';

export interface StartOptions extends SessionOptions {
  step?: string;
}

/** Ink 6 in CI writes only the final frame; a CI run with a terminal still gets the plain reporter. */
function inCi(env: NodeJS.ProcessEnv): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION'].some((key) => key in env && env[key] !== '0' && env[key] !== 'false');
}

export function canRunInteractive(streams: { stdin: { isTTY?: boolean }; stdout: { isTTY?: boolean } } = process, env: NodeJS.ProcessEnv = process.env): boolean {
  return streams.stdin.isTTY === true && streams.stdout.isTTY === true && !inCi(env);
}

export async function startCommand(options: StartOptions, io: ProgramIo): Promise<number> {
  if (!canRunInteractive()) {
    const { runCommand } = await import('./run.js');
    return runCommand(options, io);
  }
  // What can be wrong with the options is found before anything is drawn: --step, the endpoint URL
  // and the real-AWS guard (openSession checks them again; they are cheap).
  const lang = resolveLang(options.lang);
  const lesson = await loadDefaultLesson();
  const startStep = options.step !== undefined ? findStep(lesson, options.step) : undefined;
  const address = resolveEndpoint(options.endpoint);
  if (!options.embedded) guardRealAws(address, options.allowAws);

  const notes: string[] = [];
  const writeNote = (text: string) => void notes.push(text.trim());
  let troubleshooterLoaded = false;
  const troubleshooter = async () => {
    troubleshooterLoaded = true;
    return import('../troubleshoot/index.js');
  };
  const [{ renderLesson }, { connectingServices }] = await Promise.all([import('../ui/render.js'), import('../ui/connecting-services.js')]);
  // The first frame is drawn with the lesson and the endpoint's address; the session (the built-in
  // endpoint, the SDK, the health check) opens right after it, and the header says it is connecting.
  const services = connectingServices({
    lesson,
    // --embedded nearly always serves the built-in endpoint itself; the header says it is a guess.
    endpoint: { url: address.url, kind: options.embedded ? 'builtin' : 'unknown', source: options.embedded ? 'embedded' : address.source },
    notes,
    open: async () => {
      const [{ openSession }, { createLessonServices }] = await Promise.all([import('./session.js'), import('../ui/services.js')]);
      const session = await openSession(options, writeNote);
      return createLessonServices({
        session,
        notes,
        reopen: (overrides) => openSession({ ...options, ...overrides }, writeNote),
        diagnose: async (ctx, results) => (await troubleshooter()).diagnose(ctx, results),
      });
    },
  });
  // A macrotask: it runs once render() below has drawn the first frame.
  const connected = new Promise<unknown>((resolve) => setImmediate(() => resolve(services.connect())));
  connected.catch(() => undefined); // reported by renderLesson, which ends the UI with it
  try {
    await renderLesson({
      services,
      lang,
      theme: { color: colorEnabled(options.color, process.stdout), animate: true },
      ...(startStep ? { startStep } : {}),
      yes: options.yes === true,
      failure: connected,
    });
  } finally {
    await services.close();
    // A fix may have started the built-in endpoint in this process (troubleshoot's start-builtin-endpoint).
    if (troubleshooterLoaded) await (await troubleshooter()).closeStartedEndpoints();
  }
  return EXIT_OK;
}
