// The current step as lines: its text (the lesson's markdown) and the commands to do it by hand.
import type { Lang } from '../../config/language.js';
import type { Lesson, Step, StepCommand } from '../../lesson/index.js';
import type { EndpointKind } from '../../aws/health.js';
import { say } from '../../i18n/text.js';
import { renderMarkdown } from '../text/markdown.js';
import { wrapSegments, type Line } from '../text/wrap.js';
import { commandLines } from './command-lines.js';
import { envBlockLines } from './env-lines.js';
import { isEnvCommand } from '../../config/shell-env.js';
import { asTyped, runnerCommand, type Invocation } from '../../config/invocation.js';

export { commandLines };

/** Commands for this kind of endpoint: Docker-only ones on LocalStack, built-in-only ones on the built-in endpoint. */
export function commandsFor(step: Step, kind: EndpointKind): StepCommand[] {
  if (kind === 'unknown') return step.commands;
  const wanted = kind === 'builtin' ? 'builtin' : 'docker';
  return step.commands.filter((c) => !c.variant || c.variant === wanted);
}

const VARIANT_NOTE: Record<string, { en: string; ja: string }> = {
  docker: { en: '(LocalStack in Docker) ', ja: '(Docker の LocalStack) ' },
  builtin: { en: '(built-in endpoint) ', ja: '(内蔵エンドポイント) ' },
};

/**
 * `endpointUrl` (the endpoint in use) turns the lesson's env line into the exact line for it.
 * Runner commands are shown in the form the learner started the runner with (`invocation`).
 */
export function lessonLines(lesson: Lesson, step: Step, lang: Lang, kind: EndpointKind, width: number, endpointUrl?: string, invocation?: Invocation): Line[] {
  const lines = renderMarkdown(asTyped(say(lang, step.body), invocation), width, true);
  lines.push([], [{ text: lang === 'ja' ? '手で実行する場合 (別のターミナルで):' : 'To do it by hand (in another terminal):', style: 'heading' }]);
  for (const command of commandsFor(step, kind)) {
    if (endpointUrl && isEnvCommand(command.run)) {
      lines.push(...envBlockLines(lesson, endpointUrl, lang, width, invocation));
      continue;
    }
    const note = (kind === 'unknown' && command.variant ? say(lang, VARIANT_NOTE[command.variant]) : '') + (command.about ? say(lang, command.about) : '');
    if (note) lines.push(...wrapSegments([{ text: note, style: 'dim' }], width));
    lines.push(...commandLines(asTyped(command.run, invocation), width));
  }
  const files = lesson.files.filter((f) => step.commands.some((c) => c.run.includes(`file://${f.name}`)));
  if (files.length > 0) {
    lines.push([]);
    const init = runnerCommand('init', invocation);
    const text = lang === 'ja'
      ? `使うファイル: ${files.map((f) => f.name).join('、')} (${init} で作業フォルダーに書き出せます)`
      : `Files these use: ${files.map((f) => f.name).join(', ')} (${init} writes them into your folder)`;
    lines.push(...wrapSegments([{ text, style: 'dim' }], width));
  }
  return lines;
}
