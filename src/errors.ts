// Failures a person can cause or fix. They carry a bilingual message and the exit code the CLI
// should end with; the CLI prints them without a stack trace.
import type { Text } from './i18n/text.js';

export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_USAGE = 2;

export class UserFacingError extends Error {
  constructor(
    readonly text: Text,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(text.en);
    this.name = 'UserFacingError';
  }
}
