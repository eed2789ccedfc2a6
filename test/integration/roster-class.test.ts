// Done-when for the class check: three built-in endpoints — one where the lesson is complete (by
// the step actions), one half done (through deploy), one stopped — checked as a roster. Asserts
// the table, the JSON (against the committed schema), the JUnit, and the CLI's exit code; the
// stopped learner fails check 1 and every other check of theirs is "could not check", not fail.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { loadDefaultLesson, type Lesson } from '../../src/lesson/index.js';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import { checkClass, type LearnerRun } from '../../src/roster/check-class.js';
import { parseRoster } from '../../src/roster/parse.js';
import type { ClassReport } from '../../src/report/roster-model.js';
import { formatRosterText } from '../../src/report/roster-text.js';
import { formatRosterJson } from '../../src/report/roster-json.js';
import { formatJunitReport } from '../../src/report/junit.js';
import { displayWidth } from '../../src/report/display-width.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { contextFor } from '../helpers/lesson-context.js';
import { runCli } from '../helpers/cli.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;
const options = { lang: 'en' as const, color: false, toolVersion: '0.1.0' };

describe('check --roster against three built-in endpoints', () => {
  let lesson: Lesson;
  let complete: TestEndpoint;
  let half: TestEndpoint;
  let stoppedUrl: string;
  let work: string;
  let rosterFile: string;
  let runs: LearnerRun[];
  let report: ClassReport;

  beforeAll(async () => {
    lesson = await loadDefaultLesson();
    work = tempDir('st-roster-');
    complete = await startTestEndpoint();
    half = await startTestEndpoint();
    const stopped = await startTestEndpoint();
    stoppedUrl = stopped.url;
    await stopped.dispose(); // nothing listens there any more

    const completeCtx = await contextFor(lesson, complete.url, tempDir('st-state-'));
    for (const step of lesson.steps) await STEP_ACTIONS[step.action](completeCtx);
    completeCtx.aws.destroy();
    const halfCtx = await contextFor(lesson, half.url, tempDir('st-state-'));
    for (const step of lesson.steps.filter((s) => s.number <= 4)) await STEP_ACTIONS[step.action](halfCtx);
    halfCtx.aws.destroy();

    rosterFile = join(work, 'class.csv');
    writeFileSync(
      rosterFile,
      [
        'name,endpoint',
        '# week 2 day 4, room B',
        `aiko,${complete.url}`,
        `"Brown, Ben",${half.url}`,
        'no endpoint here',
        `chika,${stoppedUrl}`,
        `mallory,https://s3.amazonaws.com`,
        '',
      ].join('\n'),
    );
    const roster = parseRoster(readFileSync(rosterFile, 'utf8'));
    const began = performance.now();
    runs = await checkClass(roster.learners, { lesson, stateDir: join(work, '.serverless-tutorial'), cwd: work, readOnly: false, concurrency: 3 });
    report = {
      lesson: lesson.id,
      roster: 'class.csv',
      checks: lesson.checks.map((c) => ({ id: c.id, number: c.number, title: c.title })),
      readOnly: false,
      startedAt: new Date().toISOString(),
      durationMs: performance.now() - began,
      learners: runs,
      rejected: roster.rejected,
    };
  }, 300_000);

  afterAll(async () => {
    await complete?.dispose();
    await half?.dispose();
  });

  const statuses = (name: string) => runs.find((r) => r.learner.name === name)!.run.results.map((r) => r.status);

  it('checks each learner at their own endpoint, in roster order, with the right verdicts', () => {
    expect(runs.map((r) => [r.learner.name, r.learner.endpoint, r.learner.line])).toEqual([
      ['aiko', complete.url, 3],
      ['Brown, Ben', half.url, 4],
      ['chika', stoppedUrl, 6],
    ]);
    expect(statuses('aiko')).toEqual(['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass']);
    // Half done (through deploy): no trigger, nothing processed yet; scripts-clean waits (skip)
    // until the rest holds, so re-running the steps does not repair what the diagnosis looks at.
    expect(statuses('Brown, Ben')).toEqual(['pass', 'pass', 'pass', 'pass', 'fail', 'fail', 'skip']);
    // Stopped: check 1 fails (the learner's endpoint is down), the rest could not be checked.
    expect(statuses('chika')).toEqual(['fail', 'error', 'error', 'error', 'error', 'error', 'error']);
    expect(runs.map((r) => r.passed)).toEqual([true, false, false]);
    expect(runs.some((r) => r.timedOut)).toBe(false);
  });

  it('prints a table learners × checks within 80 columns, with the legend, first failures and totals', () => {
    const text = formatRosterText(report, options);
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect({ line, width: displayWidth(line) <= 80 }).toEqual({ line, width: true });
    expect(text).toMatch(/^learner +1 2 3 4 5 6 7 {2}result +endpoint$/m);
    expect(text).toMatch(/^aiko +✓ ✓ ✓ ✓ ✓ ✓ ✓ {2}pass +http:\/\/127\.0\.0\.1:\d+$/m);
    expect(text).toMatch(/^Brown, Ben +✓ ✓ ✓ ✓ ✗ ✗ - {2}FAIL +http:/m);
    expect(text).toMatch(/^chika +✗ ! ! ! ! ! ! {2}FAIL +http:/m);
    expect(text).toMatch(/^passed +2 2 2 2 1 1 1 {2}1\/3$/m);
    expect(text).toContain('roster line 5 skipped: expected 2 fields (name,endpoint), found 1');
    expect(text).toContain('roster line 7 skipped: https://s3.amazonaws.com is not a local endpoint');
    expect(text).toContain('1 localstack-running  2 bucket-created  3 function-deployed');
    expect(text).toContain("! could not check (not the learner's mistake)");
    // Each failing learner's first diagnosis (the troubleshooter's), else their first failure.
    const ben = runs[1];
    expect(ben.diagnosis?.problem ?? 'trigger-not-firing').toBe('trigger-not-firing');
    expect(text).toContain(ben.diagnosis ? `  Brown, Ben: trigger-not-firing (${ben.diagnosis.cause}) — ` : '  Brown, Ben: 5 trigger-fires [trigger-not-firing] — ');
    const chika = runs[2];
    expect(chika.diagnosis?.problem).toBe('localstack-not-starting');
    // Finding 8 of issue 10: her endpoint not answering is hers, not the instructor's Docker.
    expect(chika.diagnosis?.cause).toBe('nothing-listening');
    expect(text).toContain(`  chika: localstack-not-starting (nothing-listening) — The endpoint\n    ${stoppedUrl} does not answer`);
    expect(chika.diagnosis?.message.en).not.toMatch(/docker/i);
    // Could not check is counted apart from failed.
    expect(lines.at(-2)).toBe('checks: 11 passed, 3 failed, 1 skipped, 6 could not check');
    expect(lines.at(-1)).toBe('learners: 1 passed, 2 failed');
  });

  it('writes JSON with learners[] and a class summary that validates against the roster schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    ajv.addSchema(JSON.parse(readFileSync(new URL('../../schemas/check-report.schema.json', import.meta.url), 'utf8')));
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schemas/roster-report.schema.json', import.meta.url), 'utf8')));
    const json = JSON.parse(formatRosterJson(report, options));
    expect(validate(json) ? [] : validate.errors).toEqual([]);
    expect(json.learners.map((l: { name: string; summary: unknown }) => [l.name, l.summary])).toEqual([
      ['aiko', { passed: 7, failed: 0, skipped: 0, errors: 0 }],
      ['Brown, Ben', { passed: 4, failed: 2, skipped: 1, errors: 0 }],
      ['chika', { passed: 0, failed: 1, skipped: 0, errors: 6 }],
    ]);
    expect(json.summary).toMatchObject({ learners: 3, passed: 1, failed: 2, couldNotCheck: 0, checks: { passed: 11, failed: 3, skipped: 1, errors: 6 } });
    expect(json.summary.perCheck[0]).toEqual({ id: 'localstack-running', number: 1, passed: 2, failed: 1, skipped: 0, errors: 0 });
    expect(json.summary.perCheck[4]).toEqual({ id: 'trigger-fires', number: 5, passed: 1, failed: 1, skipped: 0, errors: 1 });
    expect(json.rejectedRows.map((r: { line: number }) => r.line)).toEqual([5, 7]);
    // The schema is a real contract: a learner without results is rejected.
    delete json.learners[0].results;
    expect(validate(json)).toBe(false);
  });

  it('writes JUnit with one testsuite per learner and errors (not failures) for what could not be checked', () => {
    const xml = formatJunitReport(runs.map((r) => ({ name: r.learner.name, run: r.run })), options);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suites = doc.testsuites.testsuite as { name: string; tests: string; failures: string; errors: string; testcase: { failure?: unknown; error?: unknown }[] }[];
    expect(suites.map((s) => [s.name, s.tests, s.failures, s.errors])).toEqual([
      ['aiko', '7', '0', '0'],
      ['Brown, Ben', '7', '2', '0'],
      ['chika', '7', '1', '6'],
    ]);
    expect(suites[2].testcase[0].failure).toBeDefined();
    expect(suites[2].testcase.slice(1).every((c) => c.error !== undefined && c.failure === undefined)).toBe(true);
  });

  it('the CLI exits 1 when any learner fails, prints the table, and reports bad rows without stopping', async () => {
    const run = await runCli(['check', '--roster', rosterFile, '--read-only', '--no-color'], { cwd: work, timeoutMs: 120_000 });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: expect.stringContaining('chika: FAIL') });
    expect(run.stdout).toMatch(/^aiko +✓ ✓ ✓ - - ✓ - {2}pass/m);
    expect(run.stdout).toMatch(/^Brown, Ben +✓ ✓ ✓ - - ✗ - {2}FAIL/m);
    // Nothing answers for chika, so even the checks --read-only would skip could not be checked.
    expect(run.stdout).toMatch(/^chika +✗ ! ! ! ! ! ! {2}FAIL/m);
    expect(run.stdout).toContain('(read-only)');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('learners: 1 passed, 2 failed');
  }, 150_000);

  it('the CLI exits 0 when every learner passes, and 2 for a roster with no usable row', async () => {
    const good = join(work, 'good.csv');
    writeFileSync(good, `aiko,${complete.url}\n`);
    const ok = await runCli(['check', '--roster', good, '--read-only', '--format', 'json'], { cwd: work, timeoutMs: 120_000 });
    expect({ code: ok.code, stderr: ok.stderr.includes('aiko: pass') }).toEqual({ code: 0, stderr: true });
    expect(JSON.parse(ok.stdout).summary).toMatchObject({ learners: 1, passed: 1, failed: 0 });

    const zero = await runCli(['check', '--roster', good, '--concurrency', '0'], { cwd: work });
    expect({ code: zero.code, stderr: zero.stderr.includes("option '--concurrency <n>' argument '0' is invalid") }).toEqual({ code: 2, stderr: true });

    const bad = join(work, 'bad.csv');
    writeFileSync(bad, '# nobody yet\nname,endpoint\njust-a-name\n,http://127.0.0.1:4566\n');
    const usage = await runCli(['check', '--roster', bad], { cwd: work });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('has no usable row');
    expect(usage.stderr).toContain('line 3: expected 2 fields');
    expect(usage.stderr).toContain('line 4: the name is empty');
    expect(usage.stdout).toBe('');

    const both = await runCli(['check', '--roster', good, '--embedded'], { cwd: work });
    expect({ code: both.code, stderr: both.stderr.includes('leave out --endpoint and --embedded') }).toEqual({ code: 2, stderr: true });
    const missing = await runCli(['check', '--roster', join(work, 'nope.csv')], { cwd: work });
    expect({ code: missing.code, stderr: missing.stderr.trim() }).toEqual({ code: 2, stderr: `Cannot read the roster ${join(work, 'nope.csv')} (ENOENT).` });
  }, 150_000);

  it('an empty learner\'s first diagnosis follows the lesson\'s order, and a stopped endpoint never probes the instructor\'s Docker (finding 8)', async () => {
    const empty = await startTestEndpoint();
    try {
      const file = join(work, 'finding-8.csv');
      writeFileSync(file, `dan,${empty.url}\nchika,${stoppedUrl}\n`);
      // The instructor's own Docker engine is down (a stand-in docker on PATH says so): it must not matter.
      const standin = new URL('../fixtures/docker/', import.meta.url).pathname;
      const run = await runCli(['check', '--roster', file, '--read-only', '--no-color', '--format', 'json'], {
        cwd: work, timeoutMs: 120_000, env: { PATH: `${standin}:/usr/bin:/bin`, STANDIN_DOCKER_SCENARIO: 'engine-down' },
      });
      const json = JSON.parse(run.stdout);
      const dan = json.learners.find((l: { name: string }) => l.name === 'dan');
      // Nothing done yet: step 2's bucket is what is missing first, not step 4's function.
      expect(dan.results.map((r: { status: string }) => r.status).slice(0, 3)).toEqual(['pass', 'fail', 'fail']);
      expect(dan.diagnosis).toBeUndefined();
      const text = await runCli(['check', '--roster', file, '--read-only', '--no-color'], {
        cwd: work, timeoutMs: 120_000, env: { PATH: `${standin}:/usr/bin:/bin`, STANDIN_DOCKER_SCENARIO: 'engine-down' },
      });
      expect(text.stdout).toContain('  dan: 2 bucket-created — Bucket product-images does not exist.');
      const chika = json.learners.find((l: { name: string }) => l.name === 'chika');
      expect(chika.diagnosis).toMatchObject({ problem: 'localstack-not-starting', cause: 'nothing-listening' });
      expect(chika.diagnosis.message).toContain(`The endpoint ${stoppedUrl} does not answer (ECONNREFUSED)`);
      expect(chika.diagnosis.message).not.toMatch(/docker/i);
    } finally {
      await empty.dispose();
    }
  }, 150_000);

  it('writes one endpoint as a one-row HTML heatmap too (--format html without a roster)', async () => {
    const file = join(work, 'one.html');
    const run = await runCli(['check', '--endpoint', complete.url, '--read-only', '--format', 'html', '--output', file], { cwd: work, timeoutMs: 120_000 });
    expect(run.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html.match(/<td class="cell pass"/g)).toHaveLength(4);
    expect(html.match(/<td class="cell skip"/g)).toHaveLength(3);
    expect(html).toContain(`<tr data-learner="${complete.url}" data-verdict="pass">`);
  }, 150_000);
});
