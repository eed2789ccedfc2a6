// The env block at step 1: the line that sets up the learner's other terminal for the endpoint in
// use (in the form they started the runner with), and one line saying what it sets. Pure: the
// screens decide where it goes.
import type { Lang } from '../../config/language.js';
import type { Lesson } from '../../lesson/index.js';
import { envBlock } from '../../config/shell-env.js';
import type { Invocation } from '../../config/invocation.js';
import { say } from '../../i18n/text.js';
import { wrapSegments, type Line } from '../text/wrap.js';
import { commandLines } from './command-lines.js';

export function envBlockLines(lesson: Lesson, endpointUrl: string, lang: Lang, width: number, invocation?: Invocation): Line[] {
  const block = envBlock(endpointUrl, lesson.resources.region, invocation);
  return [...wrapSegments([{ text: say(lang, block.about), style: 'dim' }], width), ...commandLines(block.command, width)];
}
