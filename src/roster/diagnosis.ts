// Each failing learner's first diagnosis, for the roster table and reports: the troubleshooter's
// `diagnose` over that learner's results, at that learner's endpoint and clients — as someone
// else's endpoint (nothing on the instructor's machine is looked at) — in the lesson's order.
import type { CheckContext } from '../checks/context.js';
import type { CheckResult } from '../checks/result.js';
import type { Text } from '../i18n/text.js';
import { diagnose, type Diagnosis } from '../troubleshoot/index.js';

export interface DiagnosisSummary {
  problem: string;
  cause: string;
  message: Text;
}

/**
 * The diagnosis of the learner's earliest failing check in the checklist's order. When that check
 * has none (an empty learner: bucket missing, step 2), there is no first diagnosis: the report
 * then shows the check itself, not a later step's cause (function missing, step 4).
 */
export async function firstDiagnosis(ctx: CheckContext, results: CheckResult[]): Promise<DiagnosisSummary | undefined> {
  const order: string[] = ctx.lesson.checks.map((c) => c.id);
  const position = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const firstFailing = Math.min(...results.filter((r) => r.status === 'fail').map((r) => position(r.id)));
  const earliest = (d: Diagnosis) => Math.min(...d.checks.map(position));
  const [first] = [...(await diagnose(ctx, results, { remote: true }))].sort((a, b) => earliest(a) - earliest(b));
  if (!first || earliest(first) > firstFailing) return undefined;
  return { problem: first.problem, cause: first.cause, message: first.message };
}
