// `serverless-tutorial reset [--step <s>] [--resources]`: forget the saved progress (all, or from a
// step on; all restarts the lesson's clock); with --resources also delete what those steps made,
// after saying what and asking (or --yes). Steps are established from the environment, so what is
// left at the endpoint still counts: the output says so.
import { createInterface } from 'node:readline/promises';
import type { ProgramIo } from './options.js';
import { findStep } from '../lesson/index.js';
import { planUndo, type UndoPlan } from '../steps/undo.js';
import { packagePlaces, showPath } from '../steps/function-package.js';
import type { StepContext } from '../steps/context.js';
import { existsSync } from 'node:fs';
import { runnerCommand } from '../config/invocation.js';
import { say } from '../i18n/text.js';
import { EXIT_OK, EXIT_USAGE, UserFacingError } from '../errors.js';
import { openSession, type SessionOptions } from './session.js';

export interface ResetOptions extends SessionOptions {
  step?: string;
  resources?: boolean;
}

export async function resetCommand(options: ResetOptions, io: ProgramIo): Promise<number> {
  const session = await openSession(options, io.stderr);
  try {
    const { lang, lesson } = session;
    const out = (line: string) => io.stdout(`${line}\n`);
    const from = options.step !== undefined ? findStep(lesson, options.step) : lesson.steps[0];
    const steps = lesson.steps.filter((s) => s.number >= from.number);

    const ctx = session.stepContext();
    // Undo later steps first: the trigger before the function, the function before the bucket.
    const plans: UndoPlan[] = [];
    const planning = async () => {
      for (const step of [...steps].reverse()) plans.push(await planUndo(ctx, step.action));
    };
    if (options.resources) {
      await planning();
      const doomed = plans.flatMap((p) => p.describe);
      if (doomed.length === 0) {
        out(say(lang, { en: `Nothing the lesson made is left at ${session.endpoint.url}.`, ja: `${session.endpoint.url} にはレッスンで作ったものは残っていません。` }));
      } else {
        out(say(lang, { en: `This deletes, at ${session.endpoint.url}:`, ja: `${session.endpoint.url} から次を削除します:` }));
        for (const item of doomed) out(`  - ${say(lang, item)}`);
        if (!(await confirm(options.yes ?? false, lang))) {
          out(say(lang, { en: 'Nothing was deleted.', ja: '何も削除していません。' }));
          return EXIT_OK;
        }
        for (const plan of plans) await plan.apply();
        out(say(lang, { en: 'Deleted.', ja: '削除しました。' }));
      }
    }

    const { progress } = session.progress.load(lesson.id);
    const restart = from.number === 1;
    session.progress.reset(progress, steps.map((s) => s.id), restart);
    out(say(lang, {
      en: restart ? "Progress forgotten: the lesson starts again at step 1, and its clock starts now." : `Progress from step ${from.number} (${from.id}) on forgotten.`,
      ja: restart ? '進捗を消去しました。レッスンはステップ 1 からで、時間の計測も今から始まります。' : `ステップ ${from.number} (${from.id}) 以降の進捗を消去しました。`,
    }));
    // Whether a step is done is read from the endpoint and the files: what is still there still counts.
    const left = options.resources ? [] : await planning().then(() => plans.flatMap((p) => p.describe), () => []);
    if (left.length > 0) {
      out(say(lang, {
        en: `What those steps made is still there (at ${session.endpoint.url} or on disk), so they count as done again when next checked. To do them again from scratch: ${runnerCommand(`reset${options.step !== undefined ? ` --step ${from.id}` : ''} --resources`)}`,
        ja: `それらのステップで作ったものは (${session.endpoint.url} や手元に) 残っているので、次に確認したときには完了として数えられます。最初からやり直すには: ${runnerCommand(`reset${options.step !== undefined ? ` --step ${from.id}` : ''} --resources`)}`,
      }));
    }
    const own = steps.some((s) => s.artifact) ? ownPackages(ctx) : [];
    if (options.resources && own.length > 0) {
      out(say(lang, {
        en: `Your own ${own.join(', ')} is not deleted (the runner never deletes your files); it still counts for step 3 while it holds.`,
        ja: `あなたの ${own.join('、')} は削除していません (ランナーはあなたのファイルを消しません)。中身が正しい限り、ステップ 3 は完了として数えられます。`,
      }));
    }
    return EXIT_OK;
  } finally {
    await session.close();
  }
}

/** The learner's own function packages that exist (not the runner's build, which --resources removes). */
function ownPackages(ctx: StepContext): string[] {
  return packagePlaces(ctx).filter((p) => p.origin !== 'runner-build' && existsSync(p.path)).map((p) => showPath(ctx.cwd, p.path));
}

async function confirm(yes: boolean, lang: 'ja' | 'en'): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    throw new UserFacingError(
      {
        en: 'Deleting needs a yes: run again with --yes (there is no terminal to ask in).',
        ja: '削除には確認が必要です。--yes を付けてもう一度実行してください (確認を表示できる端末がありません)。',
      },
      EXIT_USAGE,
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(lang === 'ja' ? '削除してよいですか? [y/N] ' : 'Delete these? [y/N] ');
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
