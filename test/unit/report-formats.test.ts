// Reporters: the text closing line, JSON against the committed schema, JUnit as parseable XML.
import { describe, expect, it } from '@jest/globals';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CheckResult } from '../../src/checks/result.js';
import type { CheckRun, ReportOptions } from '../../src/report/check-run.js';
import { formatTextReport } from '../../src/report/text.js';
import { formatJsonReport } from '../../src/report/json.js';
import { formatJunitReport } from '../../src/report/junit.js';
import { schemaValidator } from '../helpers/schemas.js';


const t = (en: string, ja = en) => ({ en, ja });
const result = (id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult => ({
  id, title: t(`title of ${id}`, `${id} のタイトル`), status, message: t(`${id} is ${status}`, `${id} は ${status}`), evidence: [], durationMs: 12.4, ...extra,
});

const run: CheckRun = {
  lesson: 'serverless-basics',
  endpoint: 'http://127.0.0.1:4566',
  startedAt: '2026-11-28T13:00:00.000Z',
  durationMs: 1234.5,
  results: [
    result('localstack-running', 'pass'),
    result('bucket-created', 'fail', { evidence: [{ label: 'HeadBucket', value: '404 <Not Found> & "gone"' }], problem: 'trigger-not-firing' }),
    result('function-deployed', 'error', { evidence: [{ label: 'GetFunction', value: 'connect ECONNREFUSED\nsecond line' }] }),
    result('scripts-clean', 'skip'),
  ],
};
const options: ReportOptions = { lang: 'en', color: false, toolVersion: '0.1.0' };

describe('text report', () => {
  it('has one line per check with its mark and ends with the fixed summary line', () => {
    const text = formatTextReport(run, options);
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('1 passed, 1 failed, 1 skipped, 1 could not check');
    expect(text).toMatch(/^✓ localstack-running {2}localstack-running is pass$/m);
    expect(text).toMatch(/^✗ bucket-created +bucket-created is fail$/m);
    expect(text).toMatch(/^! function-deployed +function-deployed is error$/m);
    expect(text).toMatch(/^- scripts-clean +scripts-clean is skip$/m);
    expect(text).toContain('    HeadBucket: 404 <Not Found> & "gone"');
    expect(text).toContain('      second line');
    expect(text).toContain('(1 could not be checked: not counted as failed)');
    expect(text).not.toContain('\u001b[');
  });

  it('speaks Japanese and omits "skipped" when nothing was skipped', () => {
    const text = formatTextReport({ ...run, results: run.results.slice(0, 2) }, { ...options, lang: 'ja' });
    expect(text).toContain('bucket-created は fail');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed');
  });

  it('colours marks only when asked', () => {
    expect(formatTextReport(run, { ...options, color: true })).toContain('\u001b[32m✓\u001b[0m');
  });
});

describe('JSON report', () => {
  const validate = schemaValidator('check-report');

  it('validates against the committed schema', () => {
    const json = JSON.parse(formatJsonReport(run, options));
    expect(validate(json) ? [] : validate.errors).toEqual([]);
    expect(json.summary).toEqual({ passed: 1, failed: 1, skipped: 1, errors: 1 });
    expect(json.results[1]).toMatchObject({ id: 'bucket-created', status: 'fail', problem: 'trigger-not-firing', durationMs: 12 });
  });

  it('is rejected by the schema when a status or id is not one of the contract', () => {
    const json = JSON.parse(formatJsonReport(run, options));
    json.results[0].status = 'passed';
    expect(validate(json)).toBe(false);
    const other = JSON.parse(formatJsonReport(run, options));
    other.results[0].id = 'bucket-create';
    expect(validate(other)).toBe(false);
  });
});

describe('JUnit report', () => {
  it('parses as XML with one testcase per check, failures and errors carrying the message', () => {
    const xml = formatJunitReport([{ name: 'alice', run }, { name: 'bob', run: { ...run, results: run.results.slice(0, 1) } }], options);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml);
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: { name: string }) => s.name)).toEqual(['alice', 'bob']);
    expect(suites[0].testcase).toHaveLength(4);
    expect(suites[1].testcase).toHaveLength(1);
    expect(doc.testsuites.tests).toBe('5');
    const [, failed, errored, skipped] = suites[0].testcase;
    expect(failed.failure.message).toBe('bucket-created is fail');
    expect(failed.failure['#text']).toBe('HeadBucket: 404 <Not Found> & "gone"');
    expect(errored.error.type).toBe('could-not-check');
    expect(skipped.skipped).toBeDefined();
    expect(suites[0].failures).toBe('1');
    expect(suites[0].errors).toBe('1');
  });
});
