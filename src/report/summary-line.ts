// The closing line of every text report: `N passed, N failed` (`, N skipped` where any).
// Autograders read it, so its shape is fixed.
import type { CheckSummary } from '../checks/result.js';

export function summaryLine(summary: CheckSummary): string {
  const base = `${summary.passed} passed, ${summary.failed} failed`;
  return summary.skipped > 0 ? `${base}, ${summary.skipped} skipped` : base;
}
