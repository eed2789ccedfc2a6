// What a check reports. `error` means the check could not run (for example the endpoint is down):
// that is never the learner's mistake, so it is kept apart from `fail` everywhere it is shown.
import type { Text } from '../i18n/text.js';

export type CheckStatus = 'pass' | 'fail' | 'skip' | 'error';

export interface Evidence {
  /** What was looked at, e.g. "GetBucketCors" or "health". */
  label: string;
  /** What was seen, verbatim where possible (a status line, a JSON excerpt, a log tail). */
  value: string;
}

export interface CheckResult {
  id: string;
  title: Text;
  status: CheckStatus;
  message: Text;
  evidence: Evidence[];
  durationMs: number;
  /** One of the lesson's problem ids, when the failure matches a known problem. */
  problem?: string;
}

export interface CheckSummary {
  passed: number;
  /** Checks that failed: the learner's mistakes. */
  failed: number;
  skipped: number;
  /** Checks that could not run ("could not check"): counted apart, never as failed. */
  errors: number;
}

export function summarize(results: readonly CheckResult[]): CheckSummary {
  const count = (status: CheckStatus) => results.filter((r) => r.status === status).length;
  return { passed: count('pass'), failed: count('fail'), skipped: count('skip'), errors: count('error') };
}

export function allPassed(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.status === 'pass' || r.status === 'skip');
}
