// The guided UI's start-up in a real terminal (tmux): time from launch to the first complete frame
// (header, step list and key bar all drawn) and to "ready" (step 1 checked against the endpoint),
// and the process's memory then, against `node -e 0` launched the same way in the same run.
// Medians. Usage: npm run build && node bench/ui-startup.mjs [runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, markdownTable, median, round, writeResult } from './lib.mjs';

const runs = Number(process.argv[2] ?? 7);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const socket = `st-bench-ui-${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'bench-ui-'));
const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (spawnSync('tmux', ['-V']).status !== 0) {
  process.stderr.write('tmux is not installed: this benchmark needs a real terminal.\n');
  process.exit(1);
}

// A keeper session holds the server up, so remain-on-exit can be set for every pane before it starts
// (a quick `node -e 0` would otherwise be gone before the option is set on its own session).
tmux('new-session', '-d', '-s', 'keeper', 'sleep 3600');
tmux('set-option', '-g', 'remain-on-exit', 'on');

/** Launches `argv` in a fresh 80×24 tmux pane with a clean environment; returns the launch time and pane helpers. */
function launch(name, argv) {
  const env = ['env', '-i', `PATH=${process.env.PATH}`, `HOME=${process.env.HOME}`, 'LANG=C.UTF-8', 'TERM=xterm-256color'];
  const command = [...env, ...argv].map((p) => `'${p}'`).join(' ');
  const started = performance.now();
  tmux('new-session', '-d', '-s', name, '-x', '80', '-y', '24', '-c', work, command);
  return {
    started,
    pid: () => Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim()),
    dead: () => tmux('display-message', '-p', '-t', name, '#{pane_dead}').trim() === '1',
    screen: () => tmux('capture-pane', '-p', '-t', name),
    close: () => spawnSync('tmux', ['-L', socket, 'kill-session', '-t', name]),
  };
}

/** kB from /proc/<pid>/status: VmRSS (now) and VmHWM (peak so far). */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKiB: field('VmRSS'), peakKiB: field('VmHWM') };
}

async function until(condition, timeoutMs, pane) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out; screen:\n${pane?.screen() ?? ''}`);
    await sleep(5);
  }
  return performance.now();
}

const firstFrame = /Serverless basics with LocalStack[\s\S]*\[. 1 localstack\][\s\S]*q quit/;
const ready = /Step 1 done/;

async function measureUi(i) {
  const pane = launch(`ui-${i}`, [process.execPath, cli, '--embedded', '--endpoint', `http://127.0.0.1:${await freePort()}`, '--state-dir', join(work, `state-${i}`), '--lang', 'en']);
  try {
    const frameAt = await until(() => firstFrame.test(pane.screen()), 30_000);
    const pid = pane.pid();
    const atFrame = memory(pid);
    const readyAt = await until(() => ready.test(pane.screen()), 30_000);
    const atReady = memory(pid);
    tmux('send-keys', '-t', `ui-${i}`, 'q');
    await until(pane.dead, 15_000);
    return { firstFrameMs: frameAt - pane.started, readyMs: readyAt - pane.started, rssAtFrameKiB: atFrame.rssKiB, rssAtReadyKiB: atReady.rssKiB, peakKiB: atReady.peakKiB };
  } finally {
    pane.close();
  }
}

async function measureNode(i) {
  // Time: `node -e 0` in a pane launched the same way, until the pane is dead.
  const plain = launch(`node0-${i}`, [process.execPath, '-e', '0']);
  try {
    const deadAt = await until(plain.dead, 30_000, plain);
    // Memory: node's own peak RSS (maxRSS, KiB) on the way out; the terminal does not change it, and
    // a pane that exits at once can lose its output, so this one runs without tmux.
    const peak = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.resourceUsage().maxRSS))'], { encoding: 'utf8' });
    return { exitMs: deadAt - plain.started, peakKiB: Number(peak.stdout) };
  } finally {
    plain.close();
  }
}

const ui = [];
const node = [];
try {
  for (let i = 0; i < runs; i++) {
    // Interleaved, so both see the same machine load.
    node.push(await measureNode(i));
    ui.push(await measureUi(i));
  }
} finally {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  rmSync(work, { recursive: true, force: true });
}

const med = (list, key) => round(median(list.map((r) => r[key])));
const summary = {
  runs,
  terminal: 'tmux 80×24',
  nodeE0: { exitMedianMs: med(node, 'exitMs'), peakRssMedianMiB: round(median(node.map((r) => r.peakKiB)) / 1024) },
  ui: {
    firstFrameMedianMs: med(ui, 'firstFrameMs'),
    readyMedianMs: med(ui, 'readyMs'),
    rssAtFirstFrameMedianMiB: round(median(ui.map((r) => r.rssAtFrameKiB)) / 1024),
    rssAtReadyMedianMiB: round(median(ui.map((r) => r.rssAtReadyKiB)) / 1024),
    peakRssMedianMiB: round(median(ui.map((r) => r.peakKiB)) / 1024),
  },
  raw: { ui, node },
};
summary.ratioFirstFrameToNodeE0 = round(summary.ui.firstFrameMedianMs / summary.nodeE0.exitMedianMs);

const table = markdownTable(
  ['what', 'time ms (median)', 'memory MiB (median)'],
  [
    ['`node -e 0` (launch → exit)', summary.nodeE0.exitMedianMs, `${summary.nodeE0.peakRssMedianMiB} peak`],
    ['UI: launch → first complete frame', summary.ui.firstFrameMedianMs, `${summary.ui.rssAtFirstFrameMedianMiB} RSS`],
    ['UI: launch → ready (step 1 checked)', summary.ui.readyMedianMs, `${summary.ui.rssAtReadyMedianMiB} RSS, ${summary.ui.peakRssMedianMiB} peak`],
  ],
);
writeResult(
  'ui-startup',
  summary,
  `\`serverless-tutorial --embedded\` (the guided UI with the built-in endpoint in-process) in a tmux pane of 80×24, ${runs} runs interleaved with \`node -e 0\` launched the same way; times include tmux starting the pane (polled every 5 ms); \`node -e 0\` memory is its own peak RSS (run outside tmux). First complete frame = header, step list and key bar drawn. First frame / \`node -e 0\`: ${summary.ratioFirstFrameToNodeE0}×.\n\n${table}`,
);
