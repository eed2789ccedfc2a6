// The class reports' layout on inputs a real class brings: 30 learners, long and Japanese names,
// long endpoints. The table fits 80 columns; the HTML escapes what learners typed.
import { describe, expect, it } from '@jest/globals';
import type { CheckResult, CheckStatus } from '../../src/checks/result.js';
import { CHECK_IDS } from '../../src/lesson/ids.js';
import type { LearnerRun } from '../../src/roster/check-class.js';
import type { ClassReport } from '../../src/report/roster-model.js';
import { formatRosterText } from '../../src/report/roster-text.js';
import { formatRosterHtml } from '../../src/report/html-roster.js';
import { rosterJsonReport } from '../../src/report/roster-json.js';
import { formatJunitReport } from '../../src/report/junit.js';
import { displayWidth, truncateToWidth } from '../../src/report/display-width.js';

const t = (en: string, ja = en) => ({ en, ja });
const STATUSES: CheckStatus[] = ['pass', 'fail', 'skip', 'error'];

function learner(index: number, name: string, endpoint: string, statuses: CheckStatus[]): LearnerRun {
  const results: CheckResult[] = CHECK_IDS.map((id, i) => ({
    id, title: t(id), status: statuses[i], message: t(`${id} is ${statuses[i]} for ${name}: ${'a long explanation '.repeat(6)}`, `${id} は ${statuses[i]}です。${'長い説明文'.repeat(12)}`), evidence: [{ label: 'seen', value: '<b>raw</b> & "quoted"' }], durationMs: 5,
    ...(statuses[i] === 'fail' ? { problem: 'lambda-not-executing' } : {}),
  }));
  const passed = results.every((r) => r.status === 'pass' || r.status === 'skip');
  return { learner: { name, endpoint, line: index + 1 }, run: { lesson: 'serverless-basics', endpoint, startedAt: '2026-11-28T13:00:00.000Z', durationMs: 10, results }, passed, timedOut: false };
}

function classOf(learners: LearnerRun[]): ClassReport {
  return {
    lesson: 'serverless-basics', roster: 'rosters/week-2/day-4/room-b/class.csv',
    checks: CHECK_IDS.map((id, i) => ({ id, number: i + 1, title: t(id) })), readOnly: true,
    startedAt: '2026-11-28T13:00:00.000Z', durationMs: 1000, learners,
    rejected: [{ line: 40, text: 'x', reason: t('expected 2 fields (name,endpoint), found 1', '項目は 2 つ (name,endpoint) のはずですが 1 つあります') }],
  };
}

const names = ['aiko', '田中 太郎', 'Maximilian Alexander von Hohenberg-Schwarzenstein', 'ﾀﾅｶ', 'さとう はなこ さん (午後クラス)'];
const thirty = Array.from({ length: 30 }, (_, i) =>
  learner(i, `${names[i % names.length]}${i >= names.length ? ` ${i}` : ''}`, `http://classroom-pc-${i}.lab.example.internal:4566`, CHECK_IDS.map((_, c) => (i === 0 ? 'pass' : STATUSES[(i + c) % 4]))),
);

describe('roster table', () => {
  for (const lang of ['en', 'ja'] as const) {
    it(`fits 80 columns for 30 learners with long and Japanese names (${lang})`, () => {
      const text = formatRosterText(classOf(thirty), { lang, color: false, toolVersion: '0.1.0' });
      const wide = text.split('\n').filter((line) => displayWidth(line) > 80);
      expect(wide).toEqual([]);
      // Every learner has a row with 7 marks; 30 learners make the cells 3 wide.
      expect(text.split('\n').filter((line) => /(?: {2}[✓✗!-]){7} {2}(pass|FAIL)/.test(line))).toHaveLength(30);
      expect(text).toContain('Maximilian Alexande…');
      expect(text.trimEnd().split('\n').at(-1)).toBe(`learners: 1 passed, 29 failed`);
    });
  }

  it('keeps colour codes out of the width and only when asked', () => {
    const coloured = formatRosterText(classOf(thirty.slice(0, 3)), { lang: 'en', color: true, toolVersion: '0.1.0' });
    expect(coloured).toContain('\u001b[32m✓\u001b[0m');
    expect(formatRosterText(classOf(thirty.slice(0, 3)), { lang: 'en', color: false, toolVersion: '0.1.0' })).not.toContain('\u001b[');
  });

  it('counts display columns for CJK and cuts with an ellipsis', () => {
    expect(displayWidth('田中 太郎')).toBe(9);
    expect(truncateToWidth('田中 太郎', 6)).toBe('田中…');
    expect(displayWidth(truncateToWidth('田中 太郎', 6))).toBeLessThanOrEqual(6);
    expect(truncateToWidth('aiko', 6)).toBe('aiko');
  });
});

describe('roster HTML', () => {
  it('escapes names, messages and evidence, and carries no external reference', () => {
    const hostile = learner(0, '<img src=x onerror=alert(1)>', 'http://10.0.0.1:4566', ['fail', 'error', 'error', 'error', 'error', 'error', 'error']);
    const html = formatRosterHtml(classOf([hostile]), { lang: 'en', color: false, toolVersion: '0.1.0' });
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;raw&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain("default-src 'none'");
  });
});

describe('could not check is counted apart from failed, in every format (finding 8)', () => {
  const all = (status: CheckStatus): CheckStatus[] => CHECK_IDS.map(() => status);
  const report = classOf([
    learner(0, 'aiko', 'http://10.0.0.11:4566', all('pass')),
    learner(1, 'ben', 'http://10.0.0.12:4566', ['pass', 'fail', 'error', 'error', 'error', 'error', 'error']),
    // Reached, but nothing could be checked (e.g. the class check's deadline): not their failure.
    learner(2, 'chika', 'http://10.0.0.13:4566', ['pass', 'error', 'error', 'error', 'error', 'error', 'error']),
  ]);
  const options = { lang: 'en' as const, color: false, toolVersion: '0.1.0' };

  it('text: the totals lines keep failed and could not check apart', () => {
    const lines = formatRosterText(report, options).trimEnd().split('\n');
    expect(lines.at(-2)).toBe('checks: 9 passed, 1 failed, 11 could not check');
    expect(lines.at(-1)).toBe('learners: 1 passed, 1 failed, 1 could not check');
    expect(lines.find((l) => l.startsWith('chika'))).toMatch(/ {2}unknown /);
    expect(lines.find((l) => l.startsWith('ben'))).toMatch(/ {2}FAIL /);
  });

  it('JSON: failed counts only failures; couldNotCheck and errors hold the rest', () => {
    const json = rosterJsonReport(report, options);
    expect(json.summary).toMatchObject({ learners: 3, passed: 1, failed: 1, couldNotCheck: 1, checks: { passed: 9, failed: 1, skipped: 0, errors: 11 } });
    expect(json.learners.map((l) => [l.name, l.verdict, l.summary.failed, l.summary.errors])).toEqual([['aiko', 'pass', 0, 0], ['ben', 'fail', 1, 5], ['chika', 'error', 0, 6]]);
  });

  it('JUnit: <failure> for failures, <error> for could not check, in the counts too', () => {
    const xml = formatJunitReport(report.learners.map((l) => ({ name: l.learner.name, run: l.run })), options);
    expect(xml).toMatch(/<testsuites name="serverless-tutorial" tests="21" failures="1" errors="11"/);
    expect(xml).toMatch(/<testsuite name="chika" tests="7" failures="0" errors="6"/);
  });

  it('HTML: the summary names the learners who could not be checked, apart from those who failed', () => {
    const html = formatRosterHtml(report, options);
    expect(html).toContain('1 of 3 learners passed every check; 1 failed; 1 could not be checked (not counted as failed)');
    expect(html).toContain('<tr data-learner="chika" data-verdict="error">');
    expect(html).toContain('<td class="verdict error">could not check</td>');
  });
});
