// Turns a check's body into a CheckResult: times it, and sorts failures into the right status.
// A StepFailure or a CheckFail is the learner's setup (fail); an endpoint that does not answer is
// "could not check" (error), never the learner's mistake.
import type { CheckId, ProblemId } from '../lesson/ids.js';
import type { Text } from '../i18n/text.js';
import { errorDetail, isUnreachable } from '../aws/errors.js';
import { StepFailure } from '../steps/context.js';
import type { CheckContext } from './context.js';
import type { CheckResult, CheckStatus, Evidence } from './result.js';

export interface CheckVerdict {
  status: Extract<CheckStatus, 'pass' | 'skip'>;
  message: Text;
  evidence?: Evidence[];
}

/** Thrown by a check body when the learner's setup is not as the lesson says. */
export class CheckFail extends Error {
  constructor(
    readonly text: Text,
    readonly problem?: ProblemId,
    readonly evidence: Evidence[] = [],
  ) {
    super(text.en);
    this.name = 'CheckFail';
  }
}

export type CheckBody = (ctx: CheckContext) => Promise<CheckVerdict>;

export interface CheckDefinition {
  id: CheckId;
  /** Checks that need the endpoint report `error` when it is down (all but the first). */
  needsEndpoint: boolean;
  run: CheckBody;
}

export async function runCheck(definition: CheckDefinition, ctx: CheckContext): Promise<CheckResult> {
  const started = performance.now();
  const title = ctx.lesson.checks.find((c) => c.id === definition.id)?.title ?? { en: definition.id, ja: definition.id };
  const finish = (status: CheckStatus, message: Text, evidence: Evidence[] = [], problem?: ProblemId): CheckResult => ({
    id: definition.id,
    title,
    status,
    message,
    evidence,
    durationMs: performance.now() - started,
    ...(problem ? { problem } : {}),
  });
  try {
    const verdict = await definition.run(ctx);
    return finish(verdict.status, verdict.message, verdict.evidence);
  } catch (error) {
    if (error instanceof CheckFail) return finish('fail', error.text, error.evidence, error.problem);
    if (error instanceof StepFailure) {
      // Unreachable endpoint inside a step helper: not the learner's setup, unless this is check 1.
      if (error.unreachable && definition.needsEndpoint) {
        return finish('error', couldNotCheck(ctx.endpoint.url), error.evidence);
      }
      return finish('fail', error.text, error.evidence, error.problem);
    }
    if (isUnreachable(error)) return finish('error', couldNotCheck(ctx.endpoint.url), [{ label: 'error', value: errorDetail(error) }]);
    const detail = errorDetail(error);
    return finish('error', { en: `The check could not finish: ${detail}`, ja: `確認を最後まで実行できませんでした: ${detail}` }, [{ label: 'error', value: detail }]);
  }
}

export function couldNotCheck(endpoint: string): Text {
  return {
    en: `could not check: nothing answers at ${endpoint}`,
    ja: `確認できません: ${endpoint} が応答しません`,
  };
}
