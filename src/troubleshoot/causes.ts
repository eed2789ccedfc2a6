// The cause ids the troubleshooter can tell apart, per problem. lesson.yaml `problems[].causes`
// holds their titles (the lesson is the source of truth); a unit test keeps both lists in sync.
import type { ProblemId } from '../lesson/ids.js';
import type { Lesson } from '../lesson/index.js';
import type { Text } from '../i18n/text.js';

export const CAUSE_IDS = {
  'localstack-not-starting': [
    'nothing-listening', 'not-localstack', 'service-unavailable', 'endpoint-variable', 'requires-account', 'docker-socket-missing', 'docker-missing',
  ],
  'lambda-not-executing': [
    'function-missing', 'state-not-active', 'handler-not-in-zip', 'wrong-runtime', 'function-error', 'cannot-reach-s3', 'wrong-bucket-env', 'timeout',
    'sharp-wrong-platform', 'configuration-differs',
  ],
  'trigger-not-firing': [
    'no-notification', 'wrong-function-arn', 'wrong-events', 'filter-excludes-upload', 'permission-missing', 'permission-wrong-source',
    'function-name-mismatch', 'function-failing',
  ],
} as const satisfies Record<ProblemId, readonly string[]>;

export type CauseId<P extends ProblemId = ProblemId> = (typeof CAUSE_IDS)[P][number];

/**
 * The lesson's title for a problem and one of its causes (the id itself when the lesson lacks it),
 * with placeholders such as `{port}` filled from `vars` (a diagnosis's own values).
 */
export function causeTitles(lesson: Lesson, problem: ProblemId, cause: string, vars: Record<string, string> = {}): { problem: Text; cause: Text } {
  const def = lesson.problems.find((p) => p.id === problem);
  const c = def?.causes.find((x) => x.id === cause);
  return { problem: def?.title ?? { en: problem, ja: problem }, cause: fillTitle(c?.title ?? { en: cause, ja: cause }, vars) };
}

/** `{name}` placeholders of a lesson text filled from `vars`; unknown ones are left as written. */
export function fillTitle(text: Text, vars: Record<string, string>): Text {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
  return { en: fill(text.en), ja: fill(text.ja) };
}

/** The placeholder values an endpoint gives: `{port}`. */
export function endpointVars(url: string): Record<string, string> {
  try {
    const u = new URL(url);
    return { port: u.port || (u.protocol === 'https:' ? '443' : '80') };
  } catch {
    return {};
  }
}
