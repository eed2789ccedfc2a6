// One run of the checklist against one endpoint: what every reporter formats.
import type { Lang } from '../config/language.js';
import type { CheckResult } from '../checks/result.js';
import type { Text } from '../i18n/text.js';

export interface CheckRun {
  lesson: string;
  endpoint: string;
  /** e.g. "built-in endpoint" or "LocalStack", when known. */
  endpointKind?: Text;
  startedAt: string;
  durationMs: number;
  results: CheckResult[];
}

export interface ReportOptions {
  lang: Lang;
  color: boolean;
  toolVersion: string;
}
