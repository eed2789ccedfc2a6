// Building a Diagnosis: the lesson's titles come with the ids, so every message can name them.
import type { ProblemId } from '../lesson/ids.js';
import type { Evidence } from '../checks/result.js';
import type { Text } from '../i18n/text.js';
import type { CauseId } from './causes.js';
import type { Diagnosis, Fix } from './types.js';

export function diagnosis<P extends ProblemId>(
  problem: P,
  cause: CauseId<P>,
  message: Text,
  evidence: Evidence[],
  fixes: Fix[],
  checks: string[],
): Diagnosis {
  return { problem, cause, message, evidence: evidence.filter((e) => e.value !== ''), fixes, checks };
}
