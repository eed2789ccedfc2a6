// A real terminal for the built CLI: tmux (on its own socket) runs it, keys go in with send-keys
// and the screen comes back with capture-pane, as a learner sees it. Plus the checks every screen
// of the guided UI must pass (width, whole footer labels, kinsoku).
import { execFileSync, spawnSync } from 'node:child_process';
import { NO_LINE_END, NO_LINE_START } from '../../src/ui/text/kinsoku.js';
import { textWidth } from '../../src/ui/text/width.js';
import { KEY_BINDINGS } from '../../src/ui/keys.js';
import { CLI } from './cli.js';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

export interface Terminal {
  screen(): string;
  /** The screen with its colours and attributes as escape sequences. */
  styled(): string;
  keys(...keys: string[]): void;
  /** Resolves with the first screen matching `pattern`; fails with the last one after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the program has exited (the pane is kept, dead). */
  exited(timeoutMs?: number): Promise<void>;
  /** The program's exit status once it has exited, else undefined. */
  exitStatus(): number | undefined;
}

export interface TmuxServer {
  /** Starts the CLI in a new window of `columns`×`rows` with a clean environment (no CI: Ink would draw only the last frame). */
  launch(name: string, args: string[], cwd: string, options?: { columns?: number; rows?: number; env?: string[] }): Terminal;
  kill(): void;
}

export function tmuxServer(socket: string): TmuxServer {
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  return {
    kill: () => void spawnSync('tmux', ['-L', socket, 'kill-server']),
    launch(name, args, cwd, options = {}) {
      const env = ['env', '-i', `PATH=${process.env.PATH}`, `HOME=${process.env.HOME}`, 'LANG=C.UTF-8', 'TERM=xterm-256color', ...(options.env ?? [])];
      const command = [...env, process.execPath, CLI, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
      if (spawnSync('tmux', ['-L', socket, 'has-session', '-t', name]).status === 0) tmux('kill-session', '-t', name);
      tmux('new-session', '-d', '-s', name, '-x', String(options.columns ?? 80), '-y', String(options.rows ?? 24), '-c', cwd, command);
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
        exitStatus: () => {
          const [dead, status] = tmux('display-message', '-p', '-t', name, '#{pane_dead} #{pane_dead_status}').trim().split(' ');
          return dead === '1' ? Number(status) : undefined;
        },
        exited: async (timeoutMs = 15_000) => {
          const deadline = Date.now() + timeoutMs;
          while (tmux('display-message', '-p', '-t', name, '#{pane_dead}').trim() !== '1') {
            if (Date.now() > deadline) throw new Error(`the program did not exit within ${timeoutMs} ms:\n${screen()}`);
            await new Promise((r) => setTimeout(r, 100));
          }
        },
      };
    },
  };
}

const KEY_LABELS = new Set(KEY_BINDINGS.map((b) => b.label));

/** A footer line is whole labels ("r 自動で実行  c 確認  …"), each a key from the table and its name. */
function footerLineProblem(line: string): string | undefined {
  const labels = line.trim().split(/ {2,}/);
  const bad = labels.find((label) => {
    const [key, ...name] = label.split(' ');
    return !KEY_LABELS.has(key) || name.join(' ').trim() === '';
  });
  return bad === undefined ? undefined : `footer label "${bad}" is not a whole key label`;
}

const looksLikeFooter = (line: string) => KEY_LABELS.has(line.trim().split(' ')[0]) && / {2}/.test(line.trim());

/**
 * What is wrong with one captured screen of the guided UI: a line wider than the terminal, a
 * footer label split across lines, a line that ends with an opening bracket or starts with
 * closing punctuation or a small kana.
 */
export function screenProblems(screen: string, columns: number): string[] {
  const lines = screen.replace(/\n+$/, '').split('\n');
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (textWidth(line) > columns) problems.push(`line ${i + 1} is ${textWidth(line)} columns wide: ${line}`);
    const text = line.trim();
    if (!text) return;
    const last = [...text].pop() ?? '';
    if (NO_LINE_END.has(last)) problems.push(`line ${i + 1} ends with "${last}": ${line}`);
    const first = [...text][0];
    // A key label ("? help") and a count of what is left ("… 3 more") are not wrapped text.
    if (NO_LINE_START.has(first) && !/^(\?\s|…)/.test(text)) problems.push(`line ${i + 1} starts with "${first}": ${line}`);
  });
  // The footer: the last line is whole labels; so is the line above when it is part of the footer.
  const footer = lines.filter((l) => l.trim() !== '');
  const last = footer[footer.length - 1] ?? '';
  const lastProblem = footerLineProblem(last);
  if (lastProblem) problems.push(`last line: ${lastProblem}: ${last}`);
  const above = footer[footer.length - 2] ?? '';
  if (looksLikeFooter(above)) {
    const problem = footerLineProblem(above);
    if (problem) problems.push(`footer line: ${problem}: ${above}`);
  }
  return problems;
}
