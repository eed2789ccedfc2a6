// `serverless-tutorial list`: the lesson's steps and the saved progress (not re-confirmed: `run`
// and `check` look at the endpoint; this only reads progress.json).
import type { CommonOptions, ProgramIo } from './options.js';
import { resolveLang } from '../config/language.js';
import { resolveStateDir } from '../config/state-dir.js';
import { loadDefaultLesson } from '../lesson/index.js';
import { ProgressStore } from '../progress/store.js';
import { say } from '../i18n/text.js';
import { EXIT_OK } from '../errors.js';
import { runnerCommand } from '../config/invocation.js';

export async function listCommand(options: CommonOptions, io: ProgramIo): Promise<number> {
  const lang = resolveLang(options.lang);
  const lesson = await loadDefaultLesson();
  const store = new ProgressStore(resolveStateDir(options.stateDir));
  const { progress, warning } = store.load(lesson.id);
  if (warning) io.stderr(`${say(lang, warning)}\n`);
  const out = (line: string) => io.stdout(`${line}\n`);
  out(say(lang, lesson.title));
  const next = lesson.steps.find((s) => progress.steps[s.id]?.status !== 'done');
  for (const step of lesson.steps) {
    const done = progress.steps[step.id];
    const mark = done ? '✓' : step === next ? '→' : ' ';
    const when = done ? `  (${done.completedAt.slice(0, 16).replace('T', ' ')})` : '';
    out(`${mark} ${step.number}. ${step.id.padEnd(10)} ${say(lang, step.title)}${when}`);
  }
  const doneCount = lesson.steps.filter((s) => progress.steps[s.id]).length;
  out('');
  out(say(lang, {
    en: `${doneCount}/${lesson.steps.length} steps done (saved in ${store.file}${progress.endpoint ? `, against ${progress.endpoint}` : ''}).`,
    ja: `${lesson.steps.length} ステップ中 ${doneCount} 完了 (${store.file} に保存${progress.endpoint ? `、接続先 ${progress.endpoint}` : ''})。`,
  }));
  out(next
    ? say(lang, { en: `Next: ${runnerCommand(`run --step ${next.id}`)}`, ja: `次: ${runnerCommand(`run --step ${next.id}`)}` })
    : say(lang, { en: `All steps done. ${runnerCommand('check')} confirms them against the endpoint.`, ja: `すべて完了です。${runnerCommand('check')} でエンドポイントの状態を確認できます。` }));
  return EXIT_OK;
}
