// The learner's own hands, in Japanese at 80×24: the guided UI in one terminal (tmux), a second
// clean terminal (env -i bash: PATH, HOME, LANG, TERM only; no awslocal, /usr/bin/aws is the AWS
// CLI v2) where the learner types, for steps 1–6, every command the UI shows, copied from the
// screen: the "手で実行する場合" section of each step's page, read page by page (Space), command
// lines told apart from their notes by colour as a learner does (commands are green), a long
// command's wrapped lines (ending in `\`) joined as the shell joins them. After each step's
// commands the learner presses c; the step turns ✓, and in the end the bar shows all six ✓.
// Never r. A command that fails as typed is a product bug (the test says which and what it printed).
//
// Step 3 runs npm install with a fresh HOME: the npm registry must be reachable.
// Needs `npm run build`, tmux and /usr/bin/aws.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hasAwsCli } from '../helpers/aws-cli.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { hasTmux, screenProblems, styledLines, tmuxServer, type Shell, type StyledLine, type Terminal } from '../helpers/tmux.js';
import { loadDefaultLesson, type Lesson, type Step } from '../../src/lesson/index.js';
import { say } from '../../src/i18n/text.js';
import { SCREEN } from '../../src/ui/messages.js';
import { commandsFor } from '../../src/ui/view/lesson-lines.js';
import { pageTitle } from '../../src/ui/text/markdown.js';

const COLUMNS = 80;
const ROWS = 24;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The theme's command style: green. */
const COMMAND_COLOUR = '32';
const IDLE = /r 自動で実行/;
/** The scroll line under the step's text: `↓ 続きが N 行 (j / Space)` (with `↑ ` when scrolled), `↑ (k)` at the end. */
const MORE = new RegExp(`^(?:↑ )?${escape(say('ja', SCREEN.more(0))).replace('0', '(\\d+)')}$`);
const AT_END = /^↑ \(k\)$/;
const hasZip = existsSync('/usr/bin/zip') || existsSync('/bin/zip');

const server = tmuxServer(`st-byhand-e2e-${process.pid}`);

/** Why a command shown is not typed here (printed, so a skip is never silent), or undefined. */
function skipReason(command: string): string | undefined {
  if (/^docker compose /.test(command)) return 'LocalStack in Docker: no Docker engine here (the built-in endpoint stands in)';
  // A learner runs this one in a third terminal and leaves it running; here the endpoint the UI
  // was given (--endpoint) already runs in the test's process, on its own free port.
  if (/ endpoint( --port \d+)?$/.test(command)) return 'starts the built-in endpoint in another terminal: the test already runs it';
  // The step offers two ways to make the same zip: zip, or bestzip where zip is missing.
  if (/bestzip/.test(command) && hasZip) return 'the way to zip without zip: zip is installed here, so the zip line made it';
  if (/^\(cd dist && zip /.test(command) && !hasZip) return 'zip is not installed here: the bestzip line makes the zip';
  return undefined;
}

/** The step bar in the header: `✓ 1 localstack  [· 2 bucket]  · 3 function  …`. */
const barOf = (screen: string, lesson: Lesson): string =>
  screen.split('\n').find((line) => new RegExp(lesson.steps.map((s) => `${s.number} ${escape(s.id)}`).join('.*')).test(line)) ?? '';

/** A step's mark in the bar: ✓ done, · to do, ✗ failed (in brackets when it is the current step). */
const barMark = (screen: string, lesson: Lesson, step: Step): string | undefined =>
  new RegExp(`(?:^|\\s)\\[?(\\S) ${step.number} ${escape(step.id)}\\]?(?:\\s|$)`).exec(barOf(screen, lesson))?.[1];

const allDone = (lesson: Lesson) => new RegExp(`^${lesson.steps.map((s) => `\\[?✓ ${s.number} ${escape(s.id)}\\]?`).join(' {2}')}$`, 'm');

interface View {
  lines: StyledLine[];
  /** Lines of the text below the screen. */
  below: number;
  scrolled: boolean;
}

/** The step text's window on the screen: the lines between the step's title and the scroll line. */
function viewOf(term: Terminal, title: string): View {
  const lines = styledLines(term.styled());
  const top = lines.findIndex((l) => l.text === title);
  const bottom = lines.findIndex((l, i) => i > top && (MORE.test(l.text) || AT_END.test(l.text)));
  if (top < 0 || bottom < 0) throw new Error(`no step text between "${title}" and a scroll line on the screen:\n${term.screen()}`);
  const more = MORE.exec(lines[bottom].text);
  return { lines: lines.slice(top + 1, bottom), below: more ? Number(more[1]) : 0, scrolled: lines[bottom].text.startsWith('↑') };
}

/**
 * The step's whole text as a learner reads it, page by page with Space. Each line seen is placed
 * by its distance from the end of the text (the scroll line says how much is below), so the
 * pages fit together whatever they overlap.
 */
async function readWholeStep(term: Terminal, title: string): Promise<StyledLine[]> {
  const fromEnd = new Map<number, StyledLine>();
  let view = viewOf(term, title);
  expect(view.scrolled).toBe(false); // a step's page opens at its top
  for (;;) {
    view.lines.forEach((line, i) => fromEnd.set(view.below + view.lines.length - 1 - i, line));
    if (view.below === 0) break;
    const before = view.below;
    term.keys('Space');
    const deadline = Date.now() + 30_000;
    while ((view = viewOf(term, title)).below >= before) {
      if (Date.now() > deadline) throw new Error(`Space did not scroll:\n${term.screen()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const total = Math.max(...fromEnd.keys()) + 1;
  const text = Array.from({ length: total }, (_, i) => fromEnd.get(total - 1 - i));
  expect(text.filter((line) => line === undefined)).toEqual([]);
  return text as StyledLine[];
}

/** The commands of the "手で実行する場合" section: its green lines, a wrapped command's lines joined. */
function commandsShown(text: StyledLine[]): string[] {
  const heading = text.findIndex((l) => l.text === say('ja', SCREEN.byHand));
  expect(heading).toBeGreaterThan(0);
  const commands: string[] = [];
  let pending: string | undefined;
  for (const line of text.slice(heading + 1)) {
    if (pending === undefined && (line.fg !== COMMAND_COLOUR || line.dim)) continue;
    // The shell drops a backslash and its newline: the next line goes on exactly where this ends.
    const joined = (pending ?? '') + line.text;
    if (joined.endsWith('\\')) pending = joined.slice(0, -1);
    else {
      commands.push(joined);
      pending = undefined;
    }
  }
  expect(pending).toBeUndefined();
  return commands;
}

/** When the step's checks last passed (the UI records it as it shows ✓): c has run to the end when it moves. */
function establishedAt(stateDir: string, step: Step): string | undefined {
  try {
    const progress = JSON.parse(readFileSync(join(stateDir, 'progress.json'), 'utf8')) as { steps?: Record<string, { establishedAt?: string }> };
    return progress.steps?.[step.id]?.establishedAt;
  } catch {
    return undefined; // not written yet, or being replaced
  }
}

/** Presses c and waits until the step's checks have passed (or fails with the screen when one did not). */
async function checkStep(term: Terminal, lesson: Lesson, stateDir: string, step: Step, timeoutMs: number): Promise<void> {
  const before = establishedAt(stateDir, step);
  term.keys('c');
  const deadline = Date.now() + timeoutMs;
  while (establishedAt(stateDir, step) === before) {
    const screen = term.screen();
    if (barMark(screen, lesson, step) === '✗' || /^✗ /m.test(screen)) throw new Error(`step ${step.number}'s check failed after the commands typed by hand:\n${screen}`);
    if (Date.now() > deadline) throw new Error(`step ${step.number}'s check did not pass within ${timeoutMs} ms:\n${screen}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Typed {
  step: number;
  command: string;
  code: number;
  output: string;
}

/** Types one command; a command the step says to run again until something shows is run again (a while). */
async function type(shell: Shell, step: Step, command: string): Promise<Typed> {
  // Step 3's npm installs download from the registry with an empty cache.
  const timeoutMs = step.id === 'function' ? 600_000 : 120_000;
  const waitsFor = step.id === 'trigger' && /s3 ls s3:\/\/\S+\/processed\/$/.test(command) ? 'trigger-test.jpg' : undefined;
  for (let attempt = 1; ; attempt++) {
    const { code, output } = await shell.run(command, timeoutMs);
    // The trigger runs the function asynchronously: the learner types it again until it shows.
    if (!waitsFor || output.includes(waitsFor) || code !== 0 || attempt === 30) return { step: step.number, command, code, output };
  }
}

(hasTmux && hasAwsCli ? describe : describe.skip)('the whole lesson typed by hand from the screen, in a second clean terminal (tmux, 80×24, ja)', () => {
  let lesson: Lesson;
  let endpoint: TestEndpoint;
  let work: string;
  let home: string;

  beforeAll(async () => {
    lesson = await loadDefaultLesson();
    endpoint = await startTestEndpoint();
    work = tempDir('st-byhand-');
    home = tempDir('st-byhand-home-');
  });
  afterAll(async () => {
    if (hasTmux) server.kill();
    await endpoint?.dispose();
    for (const dir of [work, home]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every command the UI shows for steps 1–6, typed as shown, then c: every step turns ✓ without r', async () => {
    const stateDir = join(work, 'state');
    const ui = server.launch('ui', ['--endpoint', endpoint.url, '--state-dir', stateDir, '--lang', 'ja'], work, { columns: COLUMNS, rows: ROWS });
    const shell = server.shell('shell', work, { home, columns: COLUMNS, rows: ROWS });
    // A first start opens on the opening page; n goes to step 1.
    await ui.waitFor(/n はじめる/, 120_000);
    ui.keys('n');

    const typed: Typed[] = [];
    for (const step of lesson.steps) {
      const title = say('ja', SCREEN.step(step.number, lesson.steps.length, say('ja', step.title)));
      const page = await ui.waitFor(new RegExp(`^${escape(title)}$[\\s\\S]*${IDLE.source}`, 'm'), 120_000);
      expect({ step: step.number, problems: screenProblems(page, COLUMNS) }).toEqual({ step: step.number, problems: [] });
      // Step 1 is done as soon as the endpoint answers; the others wait for the learner's commands.
      if (step.number > 1) expect({ step: step.number, mark: barMark(page, lesson, step) }).toEqual({ step: step.number, mark: '·' });

      const commands = commandsShown(await readWholeStep(ui, title));
      // One command read for each the step shows on the built-in endpoint: none lost, none split.
      expect({ step: step.number, commands: commands.length }).toEqual({ step: step.number, commands: commandsFor(step, 'builtin').length });
      for (const command of commands) {
        const reason = skipReason(command);
        if (reason) {
          console.log(`tmux-by-hand: step ${step.number}: not typed: ${command} — ${reason}`);
          continue;
        }
        const result = await type(shell, step, command);
        typed.push(result);
        // A command shown that fails as typed is the product's fault: name it and what it printed.
        const tail = result.code === 0 ? '' : result.output.split('\n').slice(-30).join('\n');
        expect({ step: step.number, command, code: result.code, output: tail }).toEqual({ step: step.number, command, code: 0, output: '' });
      }
      if (step.number === 1) {
        // After the env block the shell is set up for the UI's endpoint, as the line promised.
        expect(typed.some((t) => t.command.startsWith('eval ') && t.command.includes(`env --endpoint ${endpoint.url}`))).toBe(true);
      }

      // Step 6's checks re-run the lesson's scripts (idempotence): minutes on a busy machine.
      await checkStep(ui, lesson, stateDir, step, step.number === lesson.steps.length ? 900_000 : 300_000);
      const mark = new RegExp(`\\[?✓ ${step.number} ${escape(step.id)}\\]?`);
      const checked = await ui.waitFor(mark, 60_000);
      expect({ step: step.number, bar: barOf(checked, lesson) }).toEqual({ step: step.number, bar: expect.stringMatching(mark) });
      if (step.number < lesson.steps.length) {
        await ui.waitFor(IDLE);
        ui.keys('n');
      }
    }
    // The last step's ✓ opens the closing page; the bar in the header has every step ✓.
    const closingTitle = pageTitle(lesson.pages.closing.ja) ?? '';
    const closing = await ui.waitFor(new RegExp(`^${escape(closingTitle)}$`, 'm'), 120_000);
    expect(closing).toMatch(allDone(lesson));
    // What the commands made is what the checks looked at.
    expect(typed.find((t) => t.command.startsWith('unzip -l'))?.output).toMatch(/^ +\d+ +[\d-]+ [\d:]+ +index\.js$/m);
    expect(typed.find((t) => t.command === 'cat out.json')?.output).toContain('processed/test.jpg');
    ui.keys('q');
    await ui.exited();
  }, 1_800_000);
});
