// One run of the checklist against one endpoint: what every reporter formats.
import type { Lang } from '../config/language.js';
import type { CheckResult } from '../checks/result.js';
import type { Text } from '../i18n/text.js';
import type { EndpointKind } from '../aws/health.js';

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

const KIND_TEXT: Partial<Record<EndpointKind, Text>> = {
  builtin: { en: 'built-in endpoint', ja: '内蔵エンドポイント' },
  localstack: { en: 'LocalStack', ja: 'LocalStack' },
};

/** A CheckRun for results just gathered, naming the endpoint's kind when it is known. */
export function makeCheckRun(lesson: string, endpoint: string, kind: EndpointKind, startedAt: Date, durationMs: number, results: CheckResult[]): CheckRun {
  const kindText = KIND_TEXT[kind];
  return { lesson, endpoint, ...(kindText ? { endpointKind: kindText } : {}), startedAt: startedAt.toISOString(), durationMs, results };
}
