// Each failing learner's first diagnosis, for the roster table and reports: the troubleshooter's
// `diagnose` over that learner's results, at that learner's endpoint and clients.
import type { CheckContext } from '../checks/context.js';
import type { CheckResult } from '../checks/result.js';
import type { Text } from '../i18n/text.js';
import { diagnose } from '../troubleshoot/index.js';

export interface DiagnosisSummary {
  problem: string;
  cause: string;
  message: Text;
}

export async function firstDiagnosis(ctx: CheckContext, results: CheckResult[]): Promise<DiagnosisSummary | undefined> {
  const [first] = await diagnose(ctx, results);
  return first ? { problem: first.problem, cause: first.cause, message: first.message } : undefined;
}
