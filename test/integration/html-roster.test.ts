// The class report as a page: rendered from a real class check (three built-in endpoints) and
// opened from a file in headless Chromium (Debian's package) as an instructor would. Checks what a
// person sees — the heatmap's cells and colours, a failure's message revealed by a click, totals —
// that the page needs no network, and saves docs/roster-report.png.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { loadDefaultLesson, type Lesson } from '../../src/lesson/index.js';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import { checkClass, type LearnerRun } from '../../src/roster/check-class.js';
import type { ClassReport } from '../../src/report/roster-model.js';
import { formatRosterHtml } from '../../src/report/html-roster.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { contextFor } from '../helpers/lesson-context.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';

const SCREENSHOT = fileURLToPath(new URL('../../docs/roster-report.png', import.meta.url));

describe('the HTML class report in headless Chromium', () => {
  let lesson: Lesson;
  let complete: TestEndpoint;
  let half: TestEndpoint;
  let browser: Browser;
  let page: Page;
  let runs: LearnerRun[];
  const requested: string[] = [];

  beforeAll(async () => {
    expect(hasChromium()).toBe(true); // .ci/run installs Debian's chromium
    lesson = await loadDefaultLesson();
    complete = await startTestEndpoint();
    half = await startTestEndpoint();
    const stopped = await startTestEndpoint();
    await stopped.dispose();
    const completeCtx = await contextFor(lesson, complete.url, tempDir('st-state-'));
    for (const step of lesson.steps) await STEP_ACTIONS[step.action](completeCtx);
    completeCtx.aws.destroy();
    const halfCtx = await contextFor(lesson, half.url, tempDir('st-state-'));
    for (const step of lesson.steps.filter((s) => s.number <= 2)) await STEP_ACTIONS[step.action](halfCtx);
    halfCtx.aws.destroy();

    const learners = [
      { name: 'aiko', endpoint: complete.url, line: 1 },
      { name: '田中 太郎', endpoint: half.url, line: 2 },
      { name: 'chika', endpoint: stopped.url, line: 3 },
    ];
    const began = performance.now();
    runs = await checkClass(learners, { lesson, stateDir: tempDir('st-state-'), cwd: tempDir('st-cwd-'), readOnly: false });
    const report: ClassReport = {
      lesson: lesson.id,
      roster: 'class.csv',
      checks: lesson.checks.map((c) => ({ id: c.id, number: c.number, title: c.title })),
      readOnly: false,
      startedAt: new Date().toISOString(),
      durationMs: performance.now() - began,
      learners: runs,
      rejected: [{ line: 4, text: 'dai', reason: { en: 'expected 2 fields (name,endpoint), found 1', ja: '項目は 2 つ (name,endpoint) のはずですが 1 つあります' } }],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'st-html-')), 'class.html');
    writeFileSync(file, formatRosterHtml(report, { lang: 'en', color: false, toolVersion: '0.1.0' }));

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(pathToFileURL(file).href);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await complete?.dispose();
    await half?.dispose();
  });

  it('shows the heatmap learners × checks with a mark and colour per cell', async () => {
    const rows: (string | null)[][] = [];
    for (const tr of await page.locator('#heatmap tbody tr').all()) {
      rows.push([await tr.locator('td.name').textContent(), (await tr.locator('td.cell').allTextContents()).join(''), await tr.locator('td.verdict').textContent()]);
    }
    expect(rows).toEqual([
      ['aiko', '✓✓✓✓✓✓✓', 'pass'],
      ['田中 太郎', '✓✓✗✗✗✗–', 'FAIL'],
      ['chika', '✗!!!!!!', 'FAIL'],
    ]);
    // Runs in the page: the browser's getComputedStyle (this project's TypeScript has no DOM types).
    type Styles = { getComputedStyle(element: unknown): { backgroundColor: string } };
    const colour = (selector: string) => page.locator(selector).first().evaluate((el) => (globalThis as unknown as Styles).getComputedStyle(el).backgroundColor);
    expect(await colour('td.cell.pass')).toBe('rgb(27, 127, 59)');
    expect(await colour('td.cell.fail')).toBe('rgb(198, 40, 40)');
    expect(await colour('td.cell.error')).toBe('rgb(178, 106, 0)');
    const headers = await page.locator('#heatmap thead th').allTextContents();
    expect(headers).toEqual(['learner', '1', '2', '3', '4', '5', '6', '7', 'result', 'endpoint']);
  });

  it('shows class totals per check and the class summary', async () => {
    expect(await page.locator('#heatmap tfoot td').allTextContents()).toEqual(['passed', '2/3', '2/3', '1/3', '1/3', '1/3', '1/3', '1/3', '1/3', '']);
    expect(await page.locator('#class-summary').textContent()).toBe('1 of 3 learners passed every check; 2 failed');
  });

  it("reveals a failure's message and evidence only after a click on its cell", async () => {
    const detail = page.locator('#detail');
    expect(await detail.isVisible()).toBe(false);
    await page.locator('tr[data-learner="田中 太郎"] td.cell[data-check="function-deployed"]').click();
    expect(await detail.isVisible()).toBe(true);
    const text = await detail.innerText();
    expect(text).toContain('田中 太郎 — 3 function-deployed: fail');
    expect(text).toContain('Function image-processor does not exist.');
    expect(text).toContain('GetFunction');
    expect(text).toContain('Common problem: lambda-not-executing');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await page.locator('tr[data-learner="chika"] td.cell[data-check="bucket-created"]').click();
    expect(await detail.innerText()).toContain('could not check: nothing answers at');
  });

  it('lists failing learners with their failures folded until opened, and the skipped roster row', async () => {
    const folded = page.locator('details[data-learner="chika"]');
    // chika's endpoint is down: the troubleshooter's diagnosis heads the entry.
    const diagnosis = runs[2].diagnosis;
    expect(diagnosis?.problem).toBe('localstack-not-starting');
    expect(await folded.locator('summary').innerText()).toBe(`chika — localstack-not-starting (${diagnosis?.cause})`);
    expect(await folded.locator('p').first().isVisible()).toBe(false);
    await folded.locator('summary').click();
    expect(await folded.locator('p').first().isVisible()).toBe(true);
    expect(await folded.locator('p.diag').innerText()).toContain(`The endpoint ${runs[2].learner.endpoint} does not answer`);
    expect(await page.getByText('line 4:').isVisible()).toBe(true);
  });

  it('needed nothing but the file itself', () => {
    expect(requested.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(requested).toHaveLength(1);
  });
});
