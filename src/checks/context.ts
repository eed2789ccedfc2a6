// What a check gets: the same context as a step, plus whether it may write.
import type { StepContext } from '../steps/context.js';

export interface CheckContext extends StepContext {
  /** Instructors who must not write into a learner's bucket: checks that upload or invoke are skipped. */
  readOnly: boolean;
}

/** Objects the checks write live under this prefix, with unique names, and are removed afterwards. */
export const CHECK_PREFIX = 'serverless-tutorial-check/';
