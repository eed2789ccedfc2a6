// What to show for a failure caught where the work goes on (a UI notice, a fix that failed): the
// UserFacingError's own text, a system error explained, else one clean line (no SDK internals).
import { errorDetail } from '../aws/errors.js';
import { UserFacingError } from '../errors.js';
import type { Text } from '../i18n/text.js';
import { explainSystemError, type SystemErrorHints } from './system-error.js';

export function failureText(error: unknown, hints: SystemErrorHints = {}): Text {
  if (error instanceof UserFacingError) return error.text;
  const system = explainSystemError(error, hints);
  if (system) return system.text;
  const detail = errorDetail(error);
  return { en: detail, ja: detail };
}
