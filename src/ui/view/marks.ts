// The marks a check's status is shown with (as the text report: ! is "could not check").
import type { CheckStatus } from '../../checks/result.js';

export const STATUS_MARKS: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skip: '-', error: '!' };
