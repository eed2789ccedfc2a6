// The guided UI's screens and its keys that only move around: start-up, n/p, ?, Esc, l, scrolling,
// q, the 80×24 layout and Japanese. Over a real built-in endpoint; no mocks.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { KEYS, lessonServices, renderUi, type UiHandle } from './harness.js';
import type { LessonServices } from '../../src/ui/services.js';
import { textWidth } from '../../src/ui/text/width.js';

let endpoint: TestEndpoint;
const dirs: string[] = [];
const open: { ui?: UiHandle; services: LessonServices }[] = [];

beforeAll(async () => {
  endpoint = await startTestEndpoint();
});
afterAll(async () => {
  for (const o of open) {
    o.ui?.unmount();
    await o.services.close();
  }
  await endpoint.dispose();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function start(options: Parameters<typeof renderUi>[1] = {}, lang: 'en' | 'ja' = 'en') {
  const stateDir = tempDir('st-ui-');
  dirs.push(stateDir);
  const services = await lessonServices({ endpoint: endpoint.url, stateDir, lang });
  const ui = renderUi(services, { lang, ...options });
  open.push({ ui, services });
  return { ui, services, stateDir };
}

/** Past the opening page (a fresh start opens there) to step 1, whose check ran at start. */
async function toStep1(ui: UiHandle, done = /Step 1 done/): Promise<string> {
  await ui.waitFor(/n start|n はじめる/);
  await ui.press('n');
  return ui.waitFor(done);
}

/** Pages down until `pattern` shows (the page may still grow while it waits). */
async function scrollUntil(ui: UiHandle, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(ui.frame())) {
    if (Date.now() > deadline) throw new Error(`never showed ${pattern}; last frame:\n${ui.frame()}`);
    await ui.press(' ');
  }
  return ui.frame();
}

const moreCount = (frame: string) => Number(/(\d+) more lines|続きが (\d+) 行/.exec(frame)?.slice(1).find(Boolean) ?? '0');

describe('guided UI screens', () => {
  it('a first start opens on the opening page with the live preparation checklist; n goes to step 1', async () => {
    // Given a fresh state dir and the built-in endpoint
    const { ui } = await start();
    // Then the opening page comes first, with its own heading and only the keys that work there
    const opening = await ui.waitFor(/Introduction: serverless and today's plan/);
    expect(opening).toContain('Serverless basics with LocalStack');
    expect(opening).toMatch(/n start {2}l 日本語 {2}\? help {2}q quit/);
    expect(opening).not.toMatch(/r run it for me/);
    expect(opening).toContain('· 1 localstack  · 2 bucket');
    // Its preparation section is the live checklist (the preflight's findings), at the end of the page
    // (the tools are asked in the background: aws --version, docker info… can take seconds)
    const end = await scrollUntil(ui, /^[✓-] AWS CLI v2: [\s\S]*Press n to begin with step 1\./m);
    expect(end).toMatch(/^Before you start$/m);
    expect(end).toMatch(/^[✓-] AWS CLI v2: /m);
    expect(end).toMatch(/^[✓-] The endpoint variable \(AWS_ENDPOINT_URL \/ LOCALSTACK_HOST\): /m);
    expect(end).toMatch(/The\s+built-in\s+endpoint\s+\(--embedded\)\s+always\s+works/);
    expect(end).not.toContain('- The AWS CLI v2 and awslocal: for typing'); // the static stand-in is replaced
    // When n is pressed, step 1 shows with its check, run at start
    await ui.press('n');
    const frame = await ui.waitFor(/Step 1 done/);
    expect(frame).toContain(`${endpoint.url} · built-in endpoint`);
    expect(frame).toMatch(/██░{10} 1\/6/);
    expect(frame).toContain('[✓ 1 localstack]  · 2 bucket  · 3 function  · 4 deploy  · 5 invoke  · 6 trigger');
    expect(frame).toContain('Step 1/6: Start LocalStack and make sure it answers');
    expect(frame).toContain('To do it by hand (in another terminal):');
    // The built-in endpoint gets the built-in variant of the commands, plain, on their own line, for its port.
    expect(frame).toMatch(new RegExp(`^npx serverless-tutorial endpoint --port ${new URL(endpoint.url).port}$`, 'm'));
    expect(frame).not.toMatch(/^docker compose up -d$/m);
    expect(frame).toMatch(/^✓ localstack-running +The built-in endpoint answers; s3 and lambda are usable/m);
    expect(frame).toMatch(/r run it for me {2}c check {2}w watch {2}n next {2}d details {2}o intro {2}l 日本語 {2}\? help {2}q quit/);
    // No previous step from step 1, and no troubleshooting when nothing failed.
    expect(frame).not.toMatch(/p previous/);
    expect(frame).not.toMatch(/t troubleshoot/);
    // o opens the opening page again
    await ui.press('o');
    await ui.waitFor(/Introduction: serverless and today's plan/);
  });

  it('n and p move between steps; the step list and text follow', async () => {
    const { ui } = await start();
    await toStep1(ui);
    await ui.press('n');
    let frame = await ui.waitFor(/Step 2\/6/);
    expect(frame).toContain('[· 2 bucket]');
    expect(frame).toMatch(/^awslocal s3 mb s3:\/\/product-images$/m);
    expect(frame).toContain('Files these use: cors.json, policy.json');
    expect(frame).toMatch(/p previous/);
    await ui.press('n', 'n', 'n', 'n');
    frame = await ui.waitFor(/Step 6\/6/);
    // The last step has no next.
    expect(frame).not.toMatch(/n next/);
    await ui.press('n');
    expect(ui.frame()).toContain('Step 6/6');
    await ui.press('p');
    expect(await ui.waitFor(/Step 5\/6/)).toContain('[· 5 invoke]');
  });

  it('n typed twice before the screen is redrawn (fast fingers, a busy machine) moves two steps', async () => {
    const { ui } = await start();
    await toStep1(ui);
    // One chunk of input, as a terminal delivers keys typed faster than a frame: both count.
    await ui.press('nn');
    // Before the fix both read the step last drawn and the UI stopped at step 2 (this wait timed out).
    expect(await ui.waitFor(/Step 3\/6/)).toContain('[· 3 function]');
    await ui.press('pp');
    expect(await ui.waitFor(/Step 1\/6/)).toContain('[✓ 1 localstack]');
  });

  it('? shows every key from the table; ? or Esc returns', async () => {
    const { ui } = await start();
    await toStep1(ui);
    await ui.press('?');
    const help = await ui.waitFor(/^Help$/m);
    for (const line of [
      /^r +do this step for me/m,
      /^c +check now/m,
      /^w +watch/m,
      /^n +next step/m,
      /^p +previous step/m,
      /^t +show or hide the troubleshooting panel/m,
      /^f +apply the fix marked ›/m,
      /^Tab +mark the next fix; in the details: the next check or diagnosis/m,
      /^d +show a check or a diagnosis whole/m,
      /^o +open the opening page again/m,
      /^e +open the closing page again/m,
      /^l +switch language/m,
      /^Esc +close the help, the details or the troubleshooting panel/m,
      /^\? +show or hide this help/m,
      /^q +quit/m,
    ]) {
      expect(help).toMatch(line);
    }
    await ui.press('?');
    expect(await ui.waitFor(/Step 1\/6/)).not.toContain('Help\n');
    await ui.press('?');
    await ui.waitFor(/^Help$/m);
    await ui.press(KEYS.escape);
    await ui.waitFor(/Step 1\/6/);
  });

  it('l switches between English and Japanese, the step text and keys included', async () => {
    const { ui } = await start();
    await toStep1(ui);
    await ui.press('l');
    const ja = await ui.waitFor(/ステップ 1\/6/);
    expect(ja).toContain('LocalStack で学ぶサーバーレスの基本');
    expect(ja).toContain('内蔵エンドポイント');
    expect(ja).toContain('手で実行する場合 (別のターミナルで):');
    expect(ja).toMatch(/r 自動で実行 {2}c 確認/);
    expect(ja).toContain('l English');
    await ui.press('l');
    await ui.waitFor(/Step 1\/6: Start LocalStack/);
  });

  it('fits 80×24: no line wider than 80 columns; j / Space / k scroll, and Space at the bottom stays there', async () => {
    const { ui } = await start({ size: { columns: 80, rows: 24 } }, 'ja');
    const first = await toStep1(ui, /ステップ 1 が完了しました/);
    const lines = first.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(80);
    expect(first).toMatch(/^↓ 続きが \d+ 行 \(j \/ Space\)$/m);
    const before = moreCount(first);
    await ui.press('j');
    const scrolled = await ui.waitFor(/↑ ↓/);
    const after = moreCount(scrolled);
    expect(after).toBe(before - 1);
    await ui.press(' ');
    const pagedLeft = moreCount(ui.frame());
    expect(pagedLeft).toBeLessThan(after);
    await ui.press(KEYS.pageUp);
    expect(moreCount(ui.frame())).toBeGreaterThan(pagedLeft);
    // Space far past the end: the offset stops at the bottom, so one k moves the text at once.
    await ui.press(...Array.from({ length: 12 }, () => ' '));
    const bottom = await ui.waitFor(/^↑ \(k\)$/m);
    await ui.press('k');
    const up = await ui.waitFor(/↑ ↓ 続きが 1 行/);
    expect(up).not.toBe(bottom);
    await ui.press(...Array.from({ length: 60 }, () => 'k'));
    expect(await ui.waitFor(/^↓ 続きが \d+ 行/m)).not.toMatch(/↑/); // back at the top: nothing above
  });

  it('q quits (the app exits; progress was saved as steps finished)', async () => {
    const { ui } = await start();
    await toStep1(ui);
    await ui.press('q');
    await ui.until(() => ui.quitCalls === 1);
    // Keys after quitting do nothing.
    await ui.press('n', 'q');
    expect(ui.quitCalls).toBe(1);
  });
});
