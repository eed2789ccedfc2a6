// Regenerates the text captures in this folder: runs the built CLI (npm run build first) in tmux at
// 80×24, drives it with keys and saves what the screen shows. Usage: node docs/screens/capture.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const socket = `st-screens-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'st-screens-'));
const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function launch(name, args, size = [80, 24]) {
  const env = ['env', '-i', `PATH=${process.env.PATH}`, `HOME=${process.env.HOME}`, 'LANG=C.UTF-8', 'TERM=xterm-256color'];
  const command = [...env, process.execPath, cli, ...args].map((p) => `'${p}'`).join(' ');
  tmux('new-session', '-d', '-s', name, '-x', String(size[0]), '-y', String(size[1]), '-c', work, command);
  tmux('set-option', '-t', name, 'remain-on-exit', 'on');
  const screen = () => tmux('capture-pane', '-p', '-t', name);
  return {
    screen,
    keys: (...keys) => keys.forEach((k) => tmux('send-keys', '-t', name, k)),
    async waitFor(pattern, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (pattern.test(text)) return text;
        if (Date.now() > deadline) throw new Error(`no ${pattern} on screen:\n${text}`);
        await sleep(50);
      }
    },
  };
}

function save(file, text) {
  // Trailing blank lines of the pane say nothing; trailing spaces neither.
  const clean = text.split('\n').map((l) => l.trimEnd()).join('\n').replace(/\n+$/, '\n');
  writeFileSync(join(here, file), clean);
  process.stdout.write(`${file}\n${clean}\n`);
}

async function closedPort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

try {
  for (const lang of ['en', 'ja']) {
    const t = (en, ja) => (lang === 'ja' ? ja : en);
    const term = launch(`lesson-${lang}`, ['--embedded', '--state-dir', join(work, `state-${lang}`), '--lang', lang]);
    save(`start.${lang}.txt`, await term.waitFor(new RegExp(t('Step 1 done', 'ステップ 1 完了'))));
    for (let n = 2; n <= 6; n++) {
      term.keys('n');
      await term.waitFor(new RegExp(`${t('Step', 'ステップ')} ${n}/6[\\s\\S]*${t('r run it', 'r 自動で実行')}`));
      term.keys('r');
      if (n === 6) {
        // The trigger's wait: the long phase with its elapsed time and deadline.
        save(`running-step.${lang}.txt`, await term.waitFor(new RegExp(t('up to \\d+ s left\\) Connect', '残り最大 \\d+ 秒\\) S3'))));
      } else {
        await term.waitFor(new RegExp(t(`Step ${n} done`, `ステップ ${n} 完了`)));
      }
    }
    save(`summary.${lang}.txt`, await term.waitFor(new RegExp(t('Lesson complete', 'レッスン完了'))));
    term.keys('q');

    const port = await closedPort();
    const down = launch(`down-${lang}`, ['--endpoint', `http://127.0.0.1:${port}`, '--state-dir', join(work, `down-${lang}`), '--lang', lang]);
    save(`failure-diagnosis.${lang}.txt`, await down.waitFor(new RegExp(t('Fixes \\(f applies', '修正 \\(f で'))));
    down.keys('q');
  }
} finally {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  rmSync(work, { recursive: true, force: true });
}
