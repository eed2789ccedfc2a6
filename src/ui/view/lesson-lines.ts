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
import { asTyped, endpointStartCommand, isEndpointStartCommand, runnerCommand, type Invocation } from '../../config/invocation.js';
import { SCREEN } from '../messages.js';

/** Commands for this kind of endpoint: Docker-only ones on LocalStack, built-in-only ones on the built-in endpoint. */
export function commandsFor(step: Step, kind: EndpointKind): StepCommand[] {
  if (kind === 'unknown') return step.commands;
  const wanted = kind === 'builtin' ? 'builtin' : 'docker';
  return step.commands.filter((c) => !c.variant || c.variant === wanted);
}

const VARIANT_NOTE = { docker: SCREEN.variantDocker, builtin: SCREEN.variantBuiltin } as const;

/**
 * `endpointUrl` (the endpoint in use) turns the lesson's env line into the exact line for it, and
 * the command that starts the built-in endpoint into one for its port.
 * Runner commands are shown in the form the learner started the runner with (`invocation`).
 */
export function lessonLines(lesson: Lesson, step: Step, lang: Lang, kind: EndpointKind, width: number, endpointUrl?: string, invocation?: Invocation): Line[] {
  const lines = renderMarkdown(asTyped(say(lang, step.body), invocation), width, { dropTitle: true });
  lines.push([], [{ text: say(lang, SCREEN.byHand), style: 'heading' }]);
  for (const command of commandsFor(step, kind)) {
    if (endpointUrl && isEnvCommand(command.run)) {
      lines.push(...envBlockLines(lesson, endpointUrl, lang, width, invocation));
      continue;
    }
    const note = [kind === 'unknown' && command.variant ? say(lang, VARIANT_NOTE[command.variant]) : '', command.about ? say(lang, command.about) : ''].filter(Boolean).join(' ');
    if (note) lines.push(...wrapSegments([{ text: note, style: 'dim' }], width));
    // The built-in endpoint is started on the port of the endpoint in use, not always on 4566.
    const shown = endpointUrl && isEndpointStartCommand(command.run) ? endpointStartCommand(endpointUrl, invocation) : asTyped(command.run, invocation);
    lines.push(...commandLines(shown, width));
  }
  const files = lesson.files.filter((f) => step.commands.some((c) => c.run.includes(`file://${f.name}`)));
  if (files.length > 0) {
    lines.push([]);
    lines.push(...wrapSegments([{ text: say(lang, SCREEN.filesUsed(files.map((f) => f.name), runnerCommand('init', invocation))), style: 'dim' }], width));
  }
  return lines;
}
