// A real terminal for the built CLI: tmux (on its own socket) runs it, keys go in with send-keys
// and the screen comes back with capture-pane, as a learner sees it. Plus the checks every screen
// of the guided UI must pass (width, whole footer labels, kinsoku).
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
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

/** A plain bash in a terminal, where a learner types commands. */
export interface Shell extends Terminal {
  /**
   * Types `command` as a learner pastes it, then Enter; resolves once it has finished, with its exit
   * status and what it printed (markers printed around it tell where it starts and ends).
   */
  run(command: string, timeoutMs?: number): Promise<{ code: number; output: string }>;
}

export interface TmuxServer {
  /** Starts the CLI in a new window of `columns`×`rows` with a clean environment (no CI: Ink would draw only the last frame). */
  launch(name: string, args: string[], cwd: string, options?: { columns?: number; rows?: number; env?: string[] }): Terminal;
  /**
   * A learner's fresh terminal: `bash --norc` in a clean environment (env -i: PATH with /usr/bin,
   * /bin and node's folder, HOME, LANG, TERM), nothing else from this machine.
   */
  shell(name: string, cwd: string, options: { home: string; columns?: number; rows?: number }): Shell;
  kill(): void;
}

const quoteWord = (part: string) => `'${part.replace(/'/g, `'\\''`)}'`;

const waitUntil = async <T>(what: () => T | undefined, timeoutMs: number, failure: () => string): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = what();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((r) => setTimeout(r, 100));
  }
};

export function tmuxServer(socket: string): TmuxServer {
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  /** A new session `name` (replacing one of that name) running `command`, kept on screen when it ends. */
  const open = (name: string, command: string[], cwd: string, columns = 80, rows = 24): Terminal => {
    if (spawnSync('tmux', ['-L', socket, 'has-session', '-t', name]).status === 0) tmux('kill-session', '-t', name);
    // The exit status is printed after the program (tmux 3.3 leaves #{pane_dead_status} empty here).
    const reporting = ['sh', '-c', '"$@"; echo "[exit $?]"', 'sh', ...command];
    tmux('new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), '-c', cwd, reporting.map(quoteWord).join(' '));
    tmux('set-option', '-t', name, 'remain-on-exit', 'on');
    const screen = () => tmux('capture-pane', '-p', '-t', name);
    return {
      screen,
      styled: () => tmux('capture-pane', '-e', '-p', '-t', name),
      keys: (...keys) => {
        for (const key of keys) tmux('send-keys', '-t', name, key);
      },
      waitFor: (pattern, timeoutMs = 60_000) => {
        let text = '';
        return waitUntil(() => ((text = screen()), pattern.test(text) ? text : undefined), timeoutMs, () => `screen did not show ${pattern} within ${timeoutMs} ms:\n${text}`);
      },
      exitStatus: () => {
        if (tmux('display-message', '-p', '-t', name, '#{pane_dead}').trim() !== '1') return undefined;
        const reported = /\[exit (\d+)\]/.exec(tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name));
        return reported ? Number(reported[1]) : undefined;
      },
      exited: async (timeoutMs = 15_000) => {
        await waitUntil(() => (tmux('display-message', '-p', '-t', name, '#{pane_dead}').trim() === '1' ? true : undefined), timeoutMs, () => `the program did not exit within ${timeoutMs} ms:\n${screen()}`);
      },
    };
  };
  return {
    kill: () => void spawnSync('tmux', ['-L', socket, 'kill-server']),
    launch(name, args, cwd, options = {}) {
      const env = ['env', '-i', `PATH=${process.env.PATH}`, `HOME=${process.env.HOME}`, 'LANG=C.UTF-8', 'TERM=xterm-256color', ...(options.env ?? [])];
      return open(name, [...env, process.execPath, CLI, ...args], cwd, options.columns, options.rows);
    },
    shell(name, cwd, options) {
      const path = [...new Set(['/usr/bin', '/bin', dirname(process.execPath)])].join(':');
      const term = open(name, ['env', '-i', `PATH=${path}`, `HOME=${options.home}`, 'LANG=C.UTF-8', 'TERM=xterm-256color', 'bash', '--norc', '--noprofile'], cwd, options.columns, options.rows);
      let count = 0;
      return {
        ...term,
        run: async (command, timeoutMs = 120_000) => {
          const n = ++count;
          // The typed line shows the markers as printf formats; only their output has the numbers.
          tmux('send-keys', '-t', name, '-l', `printf '__begin_%d__\\n' ${n}; ${command}; printf '\\n__done_%d_%d__\\n' ${n} $?`);
          tmux('send-keys', '-t', name, 'Enter');
          const end = new RegExp(`^__done_${n}_(\\d+)__[ \\t]*$`, 'm');
          const whole = () => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', name);
          let text = '';
          const code = await waitUntil(() => {
            text = whole();
            const match = end.exec(text);
            return match ? Number(match[1]) : undefined;
          }, timeoutMs, () => `${command} did not finish within ${timeoutMs} ms:\n${term.screen()}`);
          const output = text.slice(text.lastIndexOf(`__begin_${n}__\n`) + `__begin_${n}__\n`.length, text.search(end)).replace(/\n$/, '');
          return { code, output };
        },
      };
    },
  };
}

/** One line of a styled capture: its text, and the style its first visible character has. */
export interface StyledLine {
  text: string;
  /** The SGR foreground code in effect ('32' is green), undefined for the default colour. */
  fg?: string;
  dim: boolean;
}

/**
 * A `capture-pane -e` screen as lines with their styles. tmux writes a style only where it
 * changes, so a style carries over into the following lines until the next change.
 */
export function styledLines(styled: string): StyledLine[] {
  let fg: string | undefined;
  let dim = false;
  return styled.replace(/\n$/, '').split('\n').map((raw) => {
    let text = '';
    let first: { fg?: string; dim: boolean } | undefined;
    for (const part of raw.split(/(\u001b\[[0-9;]*[A-Za-z])/)) {
      const sgr = /^\u001b\[([0-9;]*)m$/.exec(part);
      if (sgr) {
        const codes = sgr[1] === '' ? ['0'] : sgr[1].split(';');
        for (let i = 0; i < codes.length; i++) {
          const code = Number(codes[i]);
          if (code === 0) [fg, dim] = [undefined, false];
          else if (code === 2) dim = true;
          else if (code === 22) dim = false;
          else if (code === 39) fg = undefined;
          else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) fg = String(code);
          else if (code === 38 || code === 48) {
            const length = codes[i + 1] === '5' ? 2 : 4; // 38;5;n or 38;2;r;g;b
            if (code === 38) fg = codes.slice(i, i + 1 + length).join(';');
            i += length;
          }
        }
        continue;
      }
      if (part.startsWith('\u001b')) continue;
      if (!first && part.trim()) first = { ...(fg ? { fg } : {}), dim };
      text += part;
    }
    return { text: text.replace(/\s+$/, ''), ...(first ?? { dim: false }) };
  });
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
