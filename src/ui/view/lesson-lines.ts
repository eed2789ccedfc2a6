// The current step as lines: its text (the lesson's markdown) and the commands to do it by hand.
import type { Lang } from '../../config/language.js';
import type { Lesson, Step, StepCommand } from '../../lesson/index.js';
import type { EndpointKind } from '../../aws/health.js';
import { say } from '../../i18n/text.js';
import { renderMarkdown } from '../text/markdown.js';
import { textWidth } from '../text/width.js';
import { wrapSegments, type Line } from '../text/wrap.js';

/** Commands for this kind of endpoint: Docker-only ones on LocalStack, built-in-only ones on the built-in endpoint. */
export function commandsFor(step: Step, kind: EndpointKind): StepCommand[] {
  if (kind === 'unknown') return step.commands;
  const wanted = kind === 'builtin' ? 'builtin' : 'docker';
  return step.commands.filter((c) => !c.variant || c.variant === wanted);
}

/**
 * A command too wide for the screen is broken at spaces with a trailing ` \`, so copying the
 * lines still pastes one shell command. A command that fits is printed exactly as it is typed.
 */
export function commandLines(command: string, width: number): Line[] {
  if (textWidth(command) <= width) return [[{ text: command, style: 'command' }]];
  const lines: string[] = [];
  let current = '';
  for (const word of command.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && textWidth(candidate) > width - 2) {
      lines.push(`${current} \\`);
      current = `  ${word}`;
    } else {
      current = candidate;
    }
  }
  lines.push(current);
  return lines.map((text) => [{ text, style: 'command' }]);
}

const VARIANT_NOTE: Record<string, { en: string; ja: string }> = {
  docker: { en: '(LocalStack in Docker) ', ja: '(Docker の LocalStack) ' },
  builtin: { en: '(built-in endpoint) ', ja: '(内蔵エンドポイント) ' },
};

export function lessonLines(lesson: Lesson, step: Step, lang: Lang, kind: EndpointKind, width: number): Line[] {
  const lines = renderMarkdown(say(lang, step.body), width, true);
  lines.push([], [{ text: lang === 'ja' ? '手で実行する場合 (別のターミナルで):' : 'To do it by hand (in another terminal):', style: 'heading' }]);
  for (const command of commandsFor(step, kind)) {
    const note = (kind === 'unknown' && command.variant ? say(lang, VARIANT_NOTE[command.variant]) : '') + (command.about ? say(lang, command.about) : '');
    if (note) lines.push(...wrapSegments([{ text: note, style: 'dim' }], width));
    lines.push(...commandLines(command.run, width));
  }
  const files = lesson.files.filter((f) => step.commands.some((c) => c.run.includes(`file://${f.name}`)));
  if (files.length > 0) {
    lines.push([]);
    const text = lang === 'ja'
      ? `使うファイル: ${files.map((f) => f.name).join('、')} (serverless-tutorial init で作業フォルダーに書き出せます)`
      : `Files these use: ${files.map((f) => f.name).join(', ')} (serverless-tutorial init writes them into your folder)`;
    lines.push(...wrapSegments([{ text, style: 'dim' }], width));
  }
  return lines;
}
