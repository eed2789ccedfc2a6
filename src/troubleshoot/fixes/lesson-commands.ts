// The commands a fix shows are the lesson's own (lesson.yaml `steps[].commands`), so a fix and
// the step text never disagree about what to type.
import type { Lesson } from '../../lesson/index.js';
import { asTyped } from '../../config/invocation.js';

/**
 * The lesson's first command starting with `prefix` (e.g. `awslocal lambda add-permission`), else
 * `fallback`; runner commands in the form the learner started the runner with.
 */
export function lessonCommand(lesson: Lesson, prefix: string, fallback = prefix): string {
  for (const step of lesson.steps) {
    const found = step.commands.find((c) => c.run.startsWith(prefix));
    if (found) return asTyped(found.run);
  }
  return asTyped(fallback);
}
