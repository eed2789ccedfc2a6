// The troubleshooter's model, shared by `doctor`, `run`/`check` and the guided UI.
//
//   diagnose(ctx, results) → Diagnosis[]   which common problem, which cause, evidence, fixes
//   fix.apply(ctx)                          changes the environment; the caller re-runs the checks
import type { ProblemId } from '../lesson/ids.js';
import type { Text } from '../i18n/text.js';
import type { Evidence } from '../checks/result.js';
import type { CheckContext } from '../checks/context.js';

/** What applying a fix does to the learner's things: nothing of theirs, changes something, or deletes something. */
export type FixImpact = 'none' | 'changes' | 'deletes';

export interface Fix {
  /** Stable id, e.g. `start-builtin-endpoint`, `readd-permission`. */
  id: string;
  title: Text;
  /** The equivalent command a learner could type (`awslocal …` or `docker …`), plain and copyable. */
  command: string;
  impact: FixImpact;
  /** Applies the fix. Throws a UserFacingError when it cannot (e.g. no Docker engine). */
  apply(ctx: CheckContext): Promise<FixResult>;
}

export interface FixResult {
  message: Text;
  /** Set when the fix moved the lesson to another endpoint (e.g. started the built-in one). */
  endpoint?: string;
}

export interface Diagnosis {
  problem: ProblemId;
  /** A cause id the lesson lists for this problem, e.g. `nothing-listening`, `permission-missing`. */
  cause: string;
  /** Why, for a person. */
  message: Text;
  evidence: Evidence[];
  /** In the order they should be applied. May be empty (then the message says what to do by hand). */
  fixes: Fix[];
  /** The checks this diagnosis explains. */
  checks: string[];
  /** Values for the placeholders of the lesson's cause title, e.g. `{port}` → the endpoint's port. */
  vars?: Record<string, string>;
}
