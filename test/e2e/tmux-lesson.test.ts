// The built binary in a real 80×24 terminal, the whole lesson in Japanese and in English, from the
// opening page to the closing page, as a learner goes through it: the opening page and its
// preparation checklist, help, steps 1–5 with `r` (quitting after step 3 and coming back), step 6
// typed by hand with a mistake (.JPG), the troubleshooting panel, the detail view, the fix with
// its question, and the closing page. Every screen is captured and must pass screenProblems
// (width, whole footer labels, kinsoku). The UI talks to a built-in endpoint run as a child on a
// free port (`serverless-tutorial endpoint --port N`), through --endpoint.
//
// With SAVE_SCREENS=<dir> the screens in SAVED are written there (docs/screens/capture.mjs does that).
// Needs `npm run build` and tmux.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { spawnCli, type SpawnedCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/endpoint.js';
import { unusedPort } from '../helpers/ports.js';
import { awsCli, hasAwsCli } from '../helpers/aws-cli.js';
import { hasTmux, screenProblems, tmuxServer, type Terminal } from '../helpers/tmux.js';
import { loadDefaultLesson } from '../../src/lesson/index.js';
import { pageTitle } from '../../src/ui/text/markdown.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const COLUMNS = 80;
const ROWS = 24;
const server = tmuxServer(`st-screens-e2e-${process.pid}`);
const dirs: string[] = [];
const endpoints: SpawnedCli[] = [];
const saveDir = process.env.SAVE_SCREENS;
/** The screens docs/screens keeps (the test checks every one it sees). */
const SAVED = new Set(['opening', 'preparation', 'help', 'step-1', 'running-step', 'failure-diagnosis', 'detail', 'fix-question', 'closing', 'next-time']);

afterAll(async () => {
  if (hasTmux) server.kill();
  for (const endpoint of endpoints) {
    endpoint.child.kill('SIGTERM');
    await endpoint.exited;
  }
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

interface Words {
  lang: 'en' | 'ja';
  step: (n: number) => RegExp;
  done: (n: number) => RegExp;
  idle: RegExp;
  begin: RegExp;
  /** The preparation checklist's summary: the tools have been asked. */
  checked: RegExp;
  help: RegExp;
  panel: RegExp;
  cause: RegExp;
  detail: RegExp;
  question: RegExp;
  complete: RegExp;
  nextTime: RegExp;
  running: RegExp;
}

const EN: Words = {
  lang: 'en',
  step: (n) => new RegExp(`Step ${n}/6`),
  done: (n) => new RegExp(`Step ${n} done`),
  idle: /r run it for me/,
  begin: /Press n to begin with step 1\./,
  checked: /The built-in endpoint \(--embedded\)\s+always\s+works/,
  help: /^Help$/m,
  panel: /Fixes \(f applies the one marked ›\):/,
  cause: /Cause: The filter excludes the upload/,
  detail: /^Details \(\d+\/\d+\): trigger-not-firing \/ filter-excludes-upload$/m,
  question: /Apply notification\.json to the bucket again\? This changes your setup\./,
  complete: /Checklist: 7 of 7 passed/,
  nextTime: /^Getting ready for next time/m,
  running: /\(\d+ s\) Build the Lambda function into a zip: /,
};

const JA: Words = {
  lang: 'ja',
  step: (n) => new RegExp(`ステップ ${n}/6`),
  done: (n) => new RegExp(`ステップ ${n} が完了しました`),
  idle: /r 自動で実行/,
  begin: /n を押すとステップ 1 から始まります。/,
  checked: /内蔵エンドポイント\s*\(--embedded\)\s*は\s*いつでも\s*使えます/,
  help: /^ヘルプ$/m,
  panel: /直し方 \(› の付いたものを f で実行\):/,
  cause: /原因: フィルターがアップロードしたキーに合わない/,
  detail: /^詳細 \(\d+\/\d+\): trigger-not-firing \/ filter-excludes-upload$/m,
  question: /「notification\.json をバケットに設定し直す」を実行しますか？/,
  complete: /確認ポイント: 7 項目中 7 項目 OK/,
  nextTime: /^次回の準備/m,
  running: /\(\d+ 秒\) Lambda 関数をビルドして zip にする: /,
};

/** Every screen seen, checked as it is taken. */
class Screens {
  readonly all: { name: string; text: string }[] = [];
  constructor(private readonly lang: string) {}

  take(name: string, text: string): string {
    this.all.push({ name, text });
    expect({ screen: name, problems: screenProblems(text, COLUMNS) }).toEqual({ screen: name, problems: [] });
    if (saveDir && SAVED.has(name)) {
      const clean = text.split('\n').map((l) => l.trimEnd()).join('\n').replace(/\n+$/, '\n');
      writeFileSync(join(saveDir, `${name}.${this.lang}.txt`), clean);
    }
    return text;
  }
}

/** Presses `key` (Space: a page down, k: a line up) until `pattern` shows; the page may still grow meanwhile. */
async function pressUntil(term: Terminal, key: string, pattern: RegExp, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const screen = term.screen();
    if (pattern.test(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`never showed ${pattern}:\n${screen}`);
    term.keys(key);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startEndpoint(work: string): Promise<string> {
  const port = await unusedPort();
  const endpoint = spawnCli(['endpoint', '--port', String(port), '--state-dir', join(work, 'endpoint-state')], { cwd: work });
  endpoints.push(endpoint);
  await endpoint.waitFor(/Built-in endpoint ready/, 60_000);
  return `http://127.0.0.1:${port}`;
}

async function wholeLesson(words: Words): Promise<void> {
  const lesson = await loadDefaultLesson();
  const work = tempDir('st-tmux-');
  dirs.push(work);
  if (saveDir) mkdirSync(saveDir, { recursive: true });
  const url = await startEndpoint(work);
  const args = ['--endpoint', url, '--state-dir', join(work, 'state'), '--lang', words.lang];
  const shots = new Screens(words.lang);
  const name = `lesson-${words.lang}`;

  // The opening page first, with its own heading; its preparation section is the live checklist.
  let term = server.launch(name, args, work, { columns: COLUMNS, rows: ROWS });
  const openingTitle = pageTitle(lesson.pages.opening[words.lang]) ?? '';
  shots.take('opening', await term.waitFor(new RegExp(`^${escape(openingTitle)}$`, 'm'), 120_000));
  // (the tools are asked in the background once the UI is idle: aws, docker… can take seconds)
  await pressUntil(term, 'Space', new RegExp(`${words.checked.source}[\\s\\S]*${words.begin.source}`));
  const firstTool = new RegExp(`^[✓-] ${escape(lesson.preflight[0].title[words.lang])}: `, 'm');
  shots.take('preparation', await pressUntil(term, 'k', firstTool));
  // Help, and back
  term.keys('?');
  shots.take('help', await term.waitFor(words.help));
  term.keys('?');
  await term.waitFor(new RegExp(`^${escape(openingTitle)}$`, 'm'));

  // Step 1 was checked at start; steps 2 and 3 with r
  term.keys('n');
  shots.take('step-1', await term.waitFor(new RegExp(`${words.step(1).source}[\\s\\S]*${words.done(1).source}`)));
  for (const n of [2, 3]) {
    term.keys('n');
    shots.take(`step-${n}`, await term.waitFor(new RegExp(`${words.step(n).source}[\\s\\S]*${words.idle.source}`)));
    term.keys('r');
    if (n === 3) shots.take('running-step', await term.waitFor(words.running, 120_000));
    shots.take(`step-${n}-done`, await term.waitFor(words.done(n), 180_000));
  }
  // Quit in the middle; starting again resumes at step 4 (not the opening page), progress re-confirmed
  term.keys('q');
  await term.exited();
  term = server.launch(name, args, work, { columns: COLUMNS, rows: ROWS });
  const resumed = shots.take('resumed', await term.waitFor(new RegExp(`${words.step(4).source}[\\s\\S]*${words.idle.source}`), 120_000));
  expect(resumed).toContain('✓ 1 localstack  ✓ 2 bucket  ✓ 3 function  [· 4 deploy]');
  term.keys('r');
  shots.take('step-4-done', await term.waitFor(words.done(4), 180_000));
  term.keys('n');
  await term.waitFor(new RegExp(`${words.step(5).source}[\\s\\S]*${words.idle.source}`));
  term.keys('r');
  shots.take('step-5-done', await term.waitFor(words.done(5), 180_000));

  // Step 6 by hand in another terminal, with the classic mistake: a .JPG filter
  term.keys('n');
  shots.take('step-6', await term.waitFor(new RegExp(`${words.step(6).source}[\\s\\S]*${words.idle.source}`)));
  const notification = JSON.parse(lesson.resources.notification.text) as { LambdaFunctionConfigurations: { Filter: { Key: { FilterRules: { Name: string; Value: string }[] } } }[] };
  for (const rule of notification.LambdaFunctionConfigurations[0].Filter.Key.FilterRules) if (rule.Name === 'suffix') rule.Value = '.JPG';
  writeFileSync(join(work, 'notification.json'), JSON.stringify(notification));
  const { permission, bucket, function: fn } = lesson.resources;
  const byHand = [
    ['lambda', 'add-permission', '--function-name', fn.name, '--statement-id', permission.statementId, '--action', permission.action, '--principal', permission.principal, '--source-arn', permission.sourceArn],
    ['s3api', 'put-bucket-notification-configuration', '--bucket', bucket.name, '--notification-configuration', 'file://notification.json'],
  ];
  for (const command of byHand) expect((await awsCli(url, command, { cwd: work })).code).toBe(0);
  // c: the check fails, and the panel says why and offers the fix
  term.keys('c');
  const panel = shots.take('failure-diagnosis', await term.waitFor(new RegExp(`${words.panel.source}`), 180_000));
  expect(panel).toMatch(words.cause);
  expect(panel).toMatch(/^✗ trigger-fires /m);
  // d: the diagnosis whole; Tab: the next item; Esc: back to the panel
  term.keys('d');
  shots.take('detail', await term.waitFor(words.detail));
  term.keys('Tab');
  shots.take('detail-next', await term.waitFor(/\((\d+)\/\d+\)/));
  term.keys('Escape');
  await term.waitFor(words.panel);
  // f asks first (the fix changes the setup); y applies it, the checks run again and pass
  term.keys('f');
  shots.take('fix-question', await term.waitFor(words.question));
  term.keys('y');
  const closingTitle = pageTitle(lesson.pages.closing[words.lang]) ?? '';
  const closing = shots.take('closing', await term.waitFor(new RegExp(`^${escape(closingTitle)}$`, 'm'), 300_000));
  expect(closing).toContain('✓ 1 localstack  ✓ 2 bucket  ✓ 3 function  ✓ 4 deploy  ✓ 5 invoke  ✓ 6 trigger');
  expect(await pressUntil(term, 'Space', words.complete)).toMatch(words.complete);
  shots.take('next-time', await pressUntil(term, 'Space', words.nextTime));
  term.keys('q');
  await term.exited();

  // The opening and closing pages' first headings were on screen.
  expect(shots.all.some((s) => s.text.split('\n').includes(openingTitle))).toBe(true);
  expect(shots.all.some((s) => s.text.split('\n').includes(closingTitle))).toBe(true);
}

(hasTmux && hasAwsCli ? describe : describe.skip)('the guided UI in a real 80×24 terminal (tmux)', () => {
  it('Japanese: opening page to closing page, a mistake made by hand, its diagnosis, details and fix', async () => {
    await wholeLesson(JA);
  }, 900_000);

  it('English: opening page to closing page, a mistake made by hand, its diagnosis, details and fix', async () => {
    await wholeLesson(EN);
  }, 900_000);

  it('colours on a terminal; none with NO_COLOR or --no-color', async () => {
    const work = tempDir('st-tmux-color-');
    dirs.push(work);
    const url = await startEndpoint(work);
    const sgr = /\u001b\[[0-9;]*m/;
    const runs: [string, string[], string[], boolean][] = [
      ['color-default', [], [], true],
      ['color-env', [], ['NO_COLOR=1'], false],
      ['color-flag', ['--no-color'], [], false],
    ];
    for (const [name, flags, env, colored] of runs) {
      const term = server.launch(name, ['--endpoint', url, '--state-dir', join(work, name), '--lang', 'en', ...flags], work, { env });
      await term.waitFor(/n start/, 120_000);
      expect({ name, colored: sgr.test(term.styled()) }).toEqual({ name, colored });
      term.keys('q');
      await term.exited();
    }
  }, 300_000);

  it('a session that cannot open (the port taken by another program) ends the UI with the reason, exit 2', async () => {
    const work = tempDir('st-tmux-busy-');
    dirs.push(work);
    const port = await unusedPort();
    // Not an endpoint: the built-in one must not start elsewhere, and says what holds the port.
    const holder = createServer((socket) => socket.on('error', () => undefined).end('hello\n'));
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const term = server.launch('busy', ['--embedded', '--endpoint', `http://127.0.0.1:${port}`, '--state-dir', join(work, 'state'), '--lang', 'en'], work, { columns: COLUMNS, rows: ROWS });
      await term.exited(60_000);
      const screen = term.screen().replace(/\n/g, '');
      expect(screen).toContain(`Port ${port} (http://127.0.0.1:${port}) is taken by something that is neither LocalStack nor the built-in endpoint`);
      expect(term.exitStatus()).toBe(2);
      // The UI's frame was cleared: the reason reads on its own.
      expect(screen).not.toContain('q quit');
    } finally {
      holder.close();
    }
  }, 90_000);
});
