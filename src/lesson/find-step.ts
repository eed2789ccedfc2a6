// Resolves `--step <id|n>`: a step id (any case) or its 1-based number.
import { UserFacingError, EXIT_USAGE } from '../errors.js';
import type { Lesson, Step } from './model.js';

export class UnknownStepError extends UserFacingError {
  constructor(
    readonly requested: string,
    readonly validIds: readonly string[],
    choices: string,
  ) {
    super(
      {
        en: `Unknown step '${requested}'. Give a step id or its number: ${choices}.`,
        ja: `ステップ '${requested}' はありません。ID か番号で指定してください: ${choices}`,
      },
      EXIT_USAGE,
    );
    this.name = 'UnknownStepError';
  }
}

export function findStep(lesson: Lesson, idOrNumber: string | number): Step {
  const wanted = String(idOrNumber).trim();
  const step = /^\d+$/.test(wanted)
    ? lesson.steps.find((candidate) => candidate.number === Number(wanted))
    : lesson.steps.find((candidate) => candidate.id === wanted.toLowerCase());
  if (step) return step;
  const choices = lesson.steps.map((candidate) => `${candidate.number} ${candidate.id}`).join(', ');
  throw new UnknownStepError(wanted, lesson.steps.map((candidate) => candidate.id), choices);
}
