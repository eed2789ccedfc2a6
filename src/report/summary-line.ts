// The closing line of every text report: `N passed, N failed` (`, N skipped` and
// `, N could not check` where any). Autograders read it, so its shape is fixed: what could not be
// checked is counted apart, never as failed.
import type { CheckSummary } from '../checks/result.js';

export function summaryLine(summary: CheckSummary): string {
  const parts = [`${summary.passed} passed`, `${summary.failed} failed`];
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
  if (summary.errors > 0) parts.push(`${summary.errors} could not check`);
  return parts.join(', ');
}
