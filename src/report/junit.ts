// JUnit XML: one testsuite per learner (or per endpoint), one testcase per check. Failures carry
// the message; checks that could not run are <error>, skipped ones <skipped>.
import { XMLBuilder } from 'fast-xml-parser';
import { summarize } from '../checks/result.js';
import { say } from '../i18n/text.js';
import type { CheckRun, ReportOptions } from './check-run.js';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export interface NamedRun {
  /** The testsuite name: a learner's name, or the endpoint URL. */
  name: string;
  run: CheckRun;
}

function testsuite({ name, run }: NamedRun, options: ReportOptions) {
  const summary = summarize(run.results);
  return {
    '@_name': name,
    '@_tests': run.results.length,
    '@_failures': summary.failed,
    '@_errors': summary.errors,
    '@_skipped': summary.skipped,
    '@_time': seconds(run.durationMs),
    '@_timestamp': run.startedAt,
    properties: { property: [{ '@_name': 'endpoint', '@_value': run.endpoint }, { '@_name': 'lesson', '@_value': run.lesson }] },
    testcase: run.results.map((r) => {
      const message = say(options.lang, r.message);
      const detail = r.evidence.map((e) => `${e.label}: ${e.value}`).join('\n');
      const body = { '@_message': message, '#text': detail || message };
      return {
        '@_classname': `${run.lesson}.${name}`,
        '@_name': `${r.id}: ${say(options.lang, r.title)}`,
        '@_time': seconds(r.durationMs),
        ...(r.status === 'fail' ? { failure: { ...body, '@_type': r.problem ?? 'check-failed' } } : {}),
        ...(r.status === 'error' ? { error: { ...body, '@_type': 'could-not-check' } } : {}),
        ...(r.status === 'skip' ? { skipped: { '@_message': message } } : {}),
      };
    }),
  };
}

export function formatJunitReport(runs: NamedRun[], options: ReportOptions): string {
  const all = runs.flatMap((r) => r.run.results);
  const summary = summarize(all);
  const document = {
    testsuites: {
      '@_name': 'serverless-tutorial',
      '@_tests': all.length,
      '@_failures': summary.failed,
      '@_errors': summary.errors,
      '@_skipped': summary.skipped,
      '@_time': seconds(runs.reduce((t, r) => t + r.run.durationMs, 0)),
      testsuite: runs.map((r) => testsuite(r, options)),
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document) as string}`;
}
