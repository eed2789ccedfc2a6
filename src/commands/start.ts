// `serverless-tutorial [start] [--step <id|n>]`: the guided Ink UI (the default command).
// Without a terminal (pipes, CI) there is no UI to show: it says so and what to run instead
// (exit 2), or with --yes does the steps with the plain reporter of `run`. Ink and React are
// imported here lazily, so no other command loads them.
import type { ProgramIo } from './options.js';
import { findStep } from '../lesson/index.js';
import { colorEnabled } from '../report/colors.js';
import { EXIT_OK, EXIT_USAGE, UserFacingError } from '../errors.js';
import { openSession, type SessionOptions } from './session.js';
import { createSupportsHyperlinks } from 'supports-hyperlinks';

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
  const notes: string[] = [];
  const writeNote = (text: string) => void notes.push(text.trim());
  // Ink and React load while the session opens (the endpoint, the SDK clients). The troubleshooter
  // is loaded on the first failure: it is not needed to draw the first frame.
  const modules = Promise.all([import('../ui/render.js'), import('../ui/services.js')]);
  modules.catch(() => undefined); // if the session fails first, its error is the one reported
  const session = await openSession(options, writeNote);
  const startStep = options.step !== undefined ? findStep(session.lesson, options.step) : undefined;
  const [{ renderLesson }, { createLessonServices }] = await modules;
  let troubleshooterLoaded = false;
  const troubleshooter = async () => {
    troubleshooterLoaded = true;
    return import('../troubleshoot/index.js');
  };
  const services = createLessonServices({
    session,
    notes,
    reopen: (overrides) => openSession({ ...options, ...overrides }, writeNote),
    diagnose: async (ctx, results) => (await troubleshooter()).diagnose(ctx, results),
  });
  try {
    await renderLesson({
      services,
      lang: session.lang,
      theme: { color: colorEnabled(options.color, process.stdout), animate: true, hyperlinks: createSupportsHyperlinks(process.stdout) },
      ...(startStep ? { startStep } : {}),
      yes: options.yes === true,
    });
  } finally {
    await services.close();
    // A fix may have started the built-in endpoint in this process (troubleshoot's start-builtin-endpoint).
    if (troubleshooterLoaded) await (await troubleshooter()).closeStartedEndpoints();
  }
  return EXIT_OK;
}

function notInteractive(): UserFacingError {
  return new UserFacingError(
    {
      en: [
        'The guided lesson needs an interactive terminal, and this is not one (input or output is a pipe, or CI is set).',
        'Instead:',
        '  serverless-tutorial run      do the steps with the checks after each (continues where you stopped)',
        '  serverless-tutorial check    only run the checklist',
        '  serverless-tutorial list     see your progress',
        '(serverless-tutorial --yes does the steps too, like run.)',
      ].join('\n'),
      ja: [
        'ガイド付きのレッスンには対話できる端末が必要ですが、ここはそうではありません (入力か出力がパイプ、または CI が設定されています)。',
        '代わりに次のコマンドを使ってください:',
        '  serverless-tutorial run      ステップを順に実行し、そのつど確認する (続きから)',
        '  serverless-tutorial check    確認ポイントだけをチェックする',
        '  serverless-tutorial list     進み具合を見る',
        '(serverless-tutorial --yes でも run と同じようにステップを実行します)',
      ].join('\n'),
    },
    EXIT_USAGE,
  );
}
