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

describe('guided UI screens', () => {
  it('starts at step 1, checks the endpoint at once and shows header, steps, text, commands and keys', async () => {
    // Given a fresh state dir and the built-in endpoint
    const { ui } = await start();
    // When the UI has re-confirmed progress and checked step 1
    const frame = await ui.waitFor(/Step 1 done/);
    // Then every part of the screen is there
    expect(frame).toContain('Serverless basics with LocalStack');
    expect(frame).toContain(`${endpoint.url} · built-in endpoint`);
    expect(frame).toMatch(/██░{10} 1\/6/);
    expect(frame).toContain('[✓ 1 localstack]  · 2 bucket  · 3 function  · 4 deploy  · 5 invoke  · 6 trigger');
    expect(frame).toContain('Step 1/6: Start LocalStack and make sure it answers');
    expect(frame).toContain('To do it by hand (in another terminal):');
    // The built-in endpoint gets the built-in variant of the commands, plain, on their own line.
    expect(frame).toMatch(/^npx serverless-tutorial endpoint$/m);
    expect(frame).not.toMatch(/^docker compose up -d$/m);
    expect(frame).toMatch(/^✓ localstack-running +built-in endpoint answers/m);
    expect(frame).toMatch(/r run it for me {2}c check {2}w watch {2}n next {2}l 日本語 {2}\? help {2}q quit/);
    // No previous step from step 1, and no troubleshooting when nothing failed.
    expect(frame).not.toMatch(/p previous/);
    expect(frame).not.toMatch(/t troubleshoot/);
  });

  it('n and p move between steps; the step list and text follow', async () => {
    const { ui } = await start();
    await ui.waitFor(/Step 1 done/);
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

  it('? shows every key from the table; ? or Esc returns', async () => {
    const { ui } = await start();
    await ui.waitFor(/Step 1 done/);
    await ui.press('?');
    const help = await ui.waitFor(/^Help$/m);
    for (const line of [/^r +do this step for me/m, /^c +check now/m, /^w +watch/m, /^n +next step/m, /^p +previous step/m, /^t +show or hide the troubleshooting/m, /^f +apply the selected fix/m, /^Tab +select the next fix/m, /^l +switch language/m, /^\? +show or hide this help/m, /^q +quit/m, /^Esc +close/m]) {
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
    await ui.waitFor(/Step 1 done/);
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

  it('fits 80×24: no line wider than 80 columns, the text scrolls with j / Space / k', async () => {
    const { ui } = await start({ size: { columns: 80, rows: 24 } }, 'ja');
    const first = await ui.waitFor(/ステップ 1 完了/);
    const lines = first.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(80);
    expect(first).toMatch(/↓ 続き \(j \/ Space\) \(\d+\)/);
    const before = Number(/\((\d+)\)\s*$/m.exec(first.split('\n').find((l) => l.includes('↓')) ?? '')?.[1]);
    await ui.press('j');
    const scrolled = await ui.waitFor(/↑ ↓/);
    const after = Number(/\((\d+)\)\s*$/m.exec(scrolled.split('\n').find((l) => l.includes('↓')) ?? '')?.[1]);
    expect(after).toBe(before - 1);
    await ui.press(' ');
    const paged = ui.frame();
    const pagedLeft = Number(/\((\d+)\)\s*$/m.exec(paged.split('\n').find((l) => l.includes('↓')) ?? '')?.[1] ?? '0');
    expect(pagedLeft).toBeLessThan(after);
    await ui.press(KEYS.pageUp);
    const back = Number(/\((\d+)\)\s*$/m.exec(ui.frame().split('\n').find((l) => l.includes('↓')) ?? '')?.[1]);
    expect(back).toBeGreaterThan(pagedLeft);
    await ui.press('k', KEYS.up);
    expect(ui.frame()).toMatch(/^↓ 続き/m); // back at the top: nothing above
  });

  it('q quits (the app exits; progress was saved as steps finished)', async () => {
    const { ui } = await start();
    await ui.waitFor(/Step 1 done/);
    await ui.press('q');
    await ui.until(() => ui.quitCalls === 1);
    // Keys after quitting do nothing.
    await ui.press('n', 'q');
    expect(ui.quitCalls).toBe(1);
  });
});
