// `serverless-tutorial reset [--step <s>] [--resources]`: forget progress (all, or from a step on);
// with --resources also delete what those steps made, after saying what and asking (or --yes).
import { createInterface } from 'node:readline/promises';
import type { ProgramIo } from './options.js';
import { findStep } from '../lesson/index.js';
import { planUndo, type UndoPlan } from '../steps/undo.js';
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

    if (options.resources) {
      const ctx = session.stepContext();
      // Undo later steps first: the trigger before the function, the function before the bucket.
      const plans: UndoPlan[] = [];
      for (const step of [...steps].reverse()) plans.push(await planUndo(ctx, step.action));
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
    session.progress.forget(progress, steps.map((s) => s.id));
    out(say(lang, {
      en: from.number === 1 ? 'Progress forgotten: the lesson starts again at step 1.' : `Progress from step ${from.number} (${from.id}) on forgotten.`,
      ja: from.number === 1 ? '進捗を消去しました。レッスンはステップ 1 からになります。' : `ステップ ${from.number} (${from.id}) 以降の進捗を消去しました。`,
    }));
    return EXIT_OK;
  } finally {
    await session.close();
  }
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
