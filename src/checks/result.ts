// What a check reports. `error` means the check could not run (for example the endpoint is down):
// that is never the learner's mistake, so it is kept apart from `fail` everywhere it is shown.
import type { Lang } from '../config/language.js';
import type { Text } from '../i18n/text.js';

export type CheckStatus = 'pass' | 'fail' | 'skip' | 'error';

/**
 * Words for people are a Text (translated where they are made); raw data (an API name, a status
 * line, JSON, a log) is a plain string, the same in every language.
 */
export type Words = string | Text;

export function words(lang: Lang, value: Words): string {
  return typeof value === 'string' ? value : value[lang];
}

export interface Evidence {
  /** What was looked at, e.g. "GetBucketCors" or "イベント通知 / notification". */
  label: Words;
  /** What was seen, verbatim where possible (a status line, a JSON excerpt, a log tail). */
  value: Words;
  /** A log excerpt (Lambda's or a container's): shown trimmed to the lines that matter. */
  log?: boolean;
}

/** Evidence in one language, as the reports and JSON carry it. */
export function evidenceIn(lang: Lang, evidence: Evidence): { label: string; value: string } {
  return { label: words(lang, evidence.label), value: words(lang, evidence.value) };
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
