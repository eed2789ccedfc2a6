// The built binary in a real terminal: tmux runs `node dist/cli.js --embedded`, the test types keys
// (send-keys) and reads the screen (capture-pane) as a learner would. The whole lesson in English
// and in Japanese, each quitting in the middle and resuming where it stopped. Needs `npm run build`.
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/endpoint.js';
import { unusedPort } from '../helpers/ports.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `st-ui-e2e-${process.pid}`;
const dirs: string[] = [];

afterAll(() => {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });

interface Terminal {
  screen(): string;
  /** The screen with its colours and attributes as escape sequences. */
  styled(): string;
  keys(...keys: string[]): void;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the program has exited (the pane is kept, dead). */
  exited(timeoutMs?: number): Promise<void>;
}

/** Starts the CLI in a new tmux window of 100×30 with a clean environment (no CI: Ink would draw only the last frame). */
function launch(name: string, args: string[], cwd: string, extraEnv: string[] = []): Terminal {
  const env = ['env', '-i', `PATH=${process.env.PATH}`, `HOME=${process.env.HOME}`, 'LANG=C.UTF-8', 'TERM=xterm-256color', ...extraEnv];
  // The exit status is printed after the program, for tests that expect it to end by itself.
  const command = `${[...env, process.execPath, CLI, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ')}; echo "[exit $?]"`;
  const exists = spawnSync('tmux', ['-L', socket, 'has-session', '-t', name]).status === 0;
  if (exists) tmux('kill-session', '-t', name);
  tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', '-c', cwd, command);
  tmux('set-option', '-t', name, 'remain-on-exit', 'on');
  const screen = () => tmux('capture-pane', '-p', '-t', name);
  return {
    screen,
    styled: () => tmux('capture-pane', '-e', '-p', '-t', name),
    keys: (...keys) => {
      for (const key of keys) tmux('send-keys', '-t', name, key);
    },
    waitFor: async (pattern, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (pattern.test(text)) return text;
        if (Date.now() > deadline) throw new Error(`screen did not show ${pattern} within ${timeoutMs} ms:\n${text}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    exited: async (timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (tmux('display-message', '-p', '-t', name, '#{pane_dead}').trim() !== '1') {
        if (Date.now() > deadline) throw new Error(`the program did not exit within ${timeoutMs} ms:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

interface Words {
  lang: 'en' | 'ja';
  stepHeading: (n: number) => RegExp;
  stepDone: (n: number) => RegExp;
  idle: RegExp;
  complete: RegExp;
  checklist: RegExp;
  latency: RegExp;
}

const EN: Words = {
  lang: 'en',
  stepHeading: (n) => new RegExp(`Step ${n}/6`),
  stepDone: (n) => new RegExp(`Step ${n} done`),
  idle: /r run it for me/,
  complete: /Lesson complete/,
  checklist: /Checklist: 7 of 7 passed/,
  latency: /Trigger latency \(upload → processed copy\): \d+ ms/,
};

const JA: Words = {
  lang: 'ja',
  stepHeading: (n) => new RegExp(`ステップ ${n}/6`),
  stepDone: (n) => new RegExp(`ステップ ${n} 完了`),
  idle: /r 自動で実行/,
  complete: /レッスン完了/,
  checklist: /確認ポイント: 7 個中 7 個 OK/,
  latency: /トリガーの遅延 \(アップロード → 処理済み画像\): \d+ ms/,
};

async function runStep(term: Terminal, words: Words, n: number): Promise<void> {
  term.keys('n');
  await term.waitFor(new RegExp(`${words.stepHeading(n).source}[\\s\\S]*${words.idle.source}`));
  term.keys('r');
  if (n < 6) await term.waitFor(words.stepDone(n), 120_000);
}

async function wholeLesson(words: Words): Promise<void> {
  const work = tempDir('st-tmux-');
  dirs.push(work);
  // --embedded serves on the endpoint's address: a free port, never 4566 (other tests run at the same time).
  const args = ['--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', join(work, 'state'), '--lang', words.lang];
  // Start: step 1 is checked at once against the built-in endpoint
  let term = launch(`lesson-${words.lang}`, args, work);
  let screen = await term.waitFor(words.stepDone(1));
  expect(screen).toContain(words.lang === 'ja' ? '内蔵エンドポイント' : 'built-in endpoint');
  expect(screen).toMatch(/\[✓ 1 localstack\]/);
  await runStep(term, words, 2);
  await runStep(term, words, 3);
  // Quit in the middle: progress is saved
  term.keys('q');
  await term.exited();

  // Start again: it resumes at step 4, with steps 1–3 re-confirmed against the endpoint
  term = launch(`lesson-${words.lang}`, args, work);
  screen = await term.waitFor(new RegExp(`${words.stepHeading(4).source}[\\s\\S]*${words.idle.source}`));
  expect(screen).toContain('✓ 1 localstack  ✓ 2 bucket  ✓ 3 function  [· 4 deploy]');
  term.keys('r');
  await term.waitFor(words.stepDone(4), 120_000);
  await runStep(term, words, 5);
  await runStep(term, words, 6);
  screen = await term.waitFor(words.complete, 120_000);
  expect(screen).toMatch(words.checklist);
  expect(screen).toContain('✓ 1 localstack  ✓ 2 bucket  ✓ 3 function  ✓ 4 deploy  ✓ 5 invoke  ✓ 6 trigger');
  // The latency line is further down the summary: scroll to it
  let seen = screen;
  for (let i = 0; i < 10 && !words.latency.test(seen); i++) {
    term.keys('j');
    seen = await term.waitFor(/./);
  }
  expect(seen).toMatch(words.latency);
  term.keys('q');
  await term.exited();
}

(hasTmux ? describe : describe.skip)('the guided UI in a real terminal (tmux)', () => {
  it('English: all six steps to the summary, quitting after step 3 and resuming', async () => {
    await wholeLesson(EN);
  }, 420_000);

  it('colours on a terminal; none with NO_COLOR or --no-color', async () => {
    const work = tempDir('st-tmux-color-');
    dirs.push(work);
    const sgr = /\u001b\[[0-9;]*m/;
    const runs: [string, string[], string[], boolean][] = [
      ['color-default', [], [], true],
      ['color-env', [], ['NO_COLOR=1'], false],
      ['color-flag', ['--no-color'], [], false],
    ];
    for (const [name, flags, env, colored] of runs) {
      const term = launch(name, ['--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', join(work, name), '--lang', 'en', ...flags], work, env);
      await term.waitFor(EN.stepDone(1));
      expect({ name, colored: sgr.test(term.styled()) }).toEqual({ name, colored });
      term.keys('q');
      await term.exited();
    }
  }, 120_000);

  it('a session that cannot open (the port taken by another program) ends the UI with the reason, exit 2', async () => {
    const work = tempDir('st-tmux-busy-');
    dirs.push(work);
    const port = await unusedPort();
    // Not an endpoint: the built-in one must not start elsewhere, and says what holds the port.
    const holder = createServer((socket) => socket.on('error', () => undefined).end('hello\n'));
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const term = launch('busy', ['--embedded', '--endpoint', `http://127.0.0.1:${port}`, '--state-dir', join(work, 'state'), '--lang', 'en'], work);
      await term.exited(60_000);
      const screen = term.screen().replace(/\n/g, '');
      expect(screen).toContain(`Port ${port} (http://127.0.0.1:${port}) is taken by something that is neither LocalStack nor the built-in endpoint`);
      expect(screen).toContain('[exit 2]');
      // The UI's frame was cleared: the reason reads on its own.
      expect(screen).not.toContain('q quit');
    } finally {
      holder.close();
    }
  }, 90_000);

  it('Japanese: all six steps to the summary, quitting after step 3 and resuming', async () => {
    await wholeLesson(JA);
  }, 420_000);
});
