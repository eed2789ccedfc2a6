// `serverless-tutorial [start] [--step <id|n>]`: the guided Ink UI (the default command).
// Without a terminal (pipes, CI) there is no UI to show: it says so and what to run instead
// (exit 2), or with --yes does the steps with the plain reporter of `run`. Ink and React are
// imported here lazily, so no other command loads them.
import type { ProgramIo } from './options.js';
import { findStep, loadDefaultLesson } from '../lesson/index.js';
import { resolveLang } from '../config/language.js';
import { guardRealAws, resolveEndpoint } from '../config/endpoint.js';
import { colorEnabled } from '../report/colors.js';
import { EXIT_OK, EXIT_USAGE, UserFacingError } from '../errors.js';
import type { SessionOptions } from './session.js';
import { createSupportsHyperlinks } from 'supports-hyperlinks';
import { runnerCommand } from '../config/invocation.js';

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
    // Doing the steps changes the endpoint: only when asked (--yes), never because stdin is a pipe.
    if (!options.yes) throw notInteractive();
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
      theme: { color: colorEnabled(options.color, process.stdout), animate: true, hyperlinks: createSupportsHyperlinks(process.stdout) },
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

function notInteractive(): UserFacingError {
  // The commands as this learner types them (npx, a global install, node …), in one column.
  const [run, check, list, yes] = ['run', 'check', 'list', '--yes'].map((c) => runnerCommand(c));
  const width = Math.max(run.length, check.length, list.length) + 2;
  const row = (command: string, what: string) => `  ${command.padEnd(width)}${what}`;
  return new UserFacingError(
    {
      en: [
        'The guided lesson needs an interactive terminal, and this is not one (input or output is a pipe, or CI is set).',
        'Instead:',
        row(run, 'do the steps with the checks after each (continues where you stopped)'),
        row(check, 'only run the checklist'),
        row(list, 'see your progress'),
        `(${yes} does the steps too, like run.)`,
      ].join('\n'),
      ja: [
        'ガイド付きのレッスンには対話できる端末が必要ですが、ここはそうではありません (入力か出力がパイプ、または CI が設定されています)。',
        '代わりに次のコマンドを使ってください:',
        row(run, 'ステップを順に実行し、そのつど確認する (続きから)'),
        row(check, '確認ポイントだけをチェックする'),
        row(list, '進み具合を見る'),
        `(${yes} でも run と同じようにステップを実行します)`,
      ].join('\n'),
    },
    EXIT_USAGE,
  );
}
