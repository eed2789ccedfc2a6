// The guided UI's start-up in a real terminal (tmux): time from launch to the first complete frame
// (header, step list and key bar drawn) and to "ready" (step 1 checked against the endpoint),
// against `node -e 0` launched the same way, interleaved in the same run. Two ways to start it:
// `node dist/cli.js` and `npx` from the packed package, as learners do (npm's own start included).
// Medians; the ratios are medians of the run-by-run ratios to `node -e 0`.
// Usage: npm run build && node bench/ui-startup.mjs [runs]
//   BENCH_CLI=<another build's dist/cli.js> adds a row for that build; BENCH_NPX=0 leaves out npx.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goalRow, goalText } from './goals.mjs';
import { cpuMs, freePort, markdownTable, median, npxFromPackedTarball, pairedRatio, round, writeResult } from './lib.mjs';

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

// A first start opens on the opening page: the frame is whole when the step bar and the footer are
// drawn; it is ready when step 1's check (run at start) has put its ✓ in the bar.
const firstFrame = /Serverless basics with LocalStack[\s\S]*1 localstack[\s\S]*q quit/;
const ready = /✓ 1 localstack/;

/** One start of the UI; memory only where the pane's process is the runner itself (not npm). */
async function measureUi(name, prefix, i, withMemory) {
  const args = ['--embedded', '--endpoint', `http://127.0.0.1:${await freePort()}`, '--state-dir', join(work, `state-${name}-${i}`), '--lang', 'en'];
  const pane = launch(`${name}-${i}`, [...prefix, ...args]);
  try {
    const frameAt = await until(() => firstFrame.test(pane.screen()), 60_000, pane);
    // CPU time (unlike latency, barely moved by other load on a shared machine), read with the memory.
    const atFrame = withMemory ? { ...memory(pane.pid()), cpuMs: cpuMs(pane.pid()) } : undefined;
    const readyAt = await until(() => ready.test(pane.screen()), 60_000, pane);
    const atReady = withMemory ? memory(pane.pid()) : undefined;
    tmux('send-keys', '-t', `${name}-${i}`, 'q');
    await until(pane.dead, 15_000, pane);
    return { firstFrameMs: frameAt - pane.started, readyMs: readyAt - pane.started, ...(atFrame ? { cpuAtFrameMs: atFrame.cpuMs, rssAtFrameKiB: atFrame.rssKiB, rssAtReadyKiB: atReady.rssKiB, peakKiB: atReady.peakKiB } : {}) };
  } finally {
    pane.close();
  }
}

async function measureNode(i) {
  // Time: `node -e 0` in a pane launched the same way, until the pane is dead.
  const plain = launch(`node0-${i}`, [process.execPath, '-e', '0']);
  try {
    const deadAt = await until(plain.dead, 30_000, plain);
    // Memory and CPU: node's own peak RSS (maxRSS, KiB) and CPU time on the way out; the terminal does not change them, and
    // a pane that exits at once can lose its output, so this one runs without tmux.
    const own = spawnSync(process.execPath, ['-e', 'const u = process.resourceUsage(); process.stdout.write(JSON.stringify([u.maxRSS, (u.userCPUTime + u.systemCPUTime) / 1000]))'], { encoding: 'utf8' });
    const [peakKiB, ownCpuMs] = JSON.parse(own.stdout);
    return { exitMs: deadAt - plain.started, peakKiB, cpuMs: ownCpuMs };
  } finally {
    plain.close();
  }
}

// A keeper session holds the server up, so remain-on-exit can be set for every pane before it starts
// (a quick `node -e 0` would otherwise be gone before the option is set on its own session).
tmux('new-session', '-d', '-s', 'keeper', 'sleep 3600');
tmux('set-option', '-g', 'remain-on-exit', 'on');

const variants = [{ key: 'node', label: '`node dist/cli.js`', prefix: [process.execPath, cli], memory: true }];
if (process.env.BENCH_CLI) variants.push({ key: 'other', label: `\`node ${process.env.BENCH_CLI}\``, prefix: [process.execPath, process.env.BENCH_CLI], memory: true });
let npx;
const node = [];
const ui = Object.fromEntries(variants.map((v) => [v.key, []]));
try {
  if (process.env.BENCH_NPX !== '0') {
    npx = npxFromPackedTarball(work);
    variants.push({ key: 'npx', label: '`npx` from the packed package', prefix: npx.argv, memory: false });
    ui.npx = [];
  }
  for (let i = 0; i < runs; i++) {
    // Interleaved, so every row sees the same machine load.
    node.push(await measureNode(i));
    for (const variant of variants) ui[variant.key].push(await measureUi(variant.key, variant.prefix, i, variant.memory));
  }
} finally {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  npx?.cleanup();
  rmSync(work, { recursive: true, force: true });
}

const med = (list, key) => round(median(list.map((r) => r[key])));
const nodeExit = node.map((r) => r.exitMs);
const rows = Object.fromEntries(
  variants.map((v) => {
    const list = ui[v.key];
    return [
      v.key,
      {
        label: v.label,
        firstFrameMedianMs: med(list, 'firstFrameMs'),
        readyMedianMs: med(list, 'readyMs'),
        firstFrameToNodeE0: round(pairedRatio(list.map((r) => r.firstFrameMs), nodeExit)),
        readyToNodeE0: round(pairedRatio(list.map((r) => r.readyMs), nodeExit)),
        ...(v.memory
          ? {
              cpuAtFirstFrameMedianMs: med(list, 'cpuAtFrameMs'),
              cpuAtFirstFrameToNodeE0: round(pairedRatio(list.map((r) => r.cpuAtFrameMs), node.map((r) => r.cpuMs))),
              rssAtFirstFrameMedianMiB: round(median(list.map((r) => r.rssAtFrameKiB)) / 1024),
              rssAtReadyMedianMiB: round(median(list.map((r) => r.rssAtReadyKiB)) / 1024),
              peakRssMedianMiB: round(median(list.map((r) => r.peakKiB)) / 1024),
            }
          : {}),
      },
    ];
  }),
);
const nodeE0 = { exitMedianMs: round(median(nodeExit)), cpuMedianMs: med(node, 'cpuMs'), peakRssMedianMiB: round(median(node.map((r) => r.peakKiB)) / 1024) };
const direct = rows.node;
// Met only when both ratios are: on a loaded machine the terminal's own start inflates `node -e 0`'s
// latency more than the UI's, so the latency ratio alone reads better than the work done.
const goals = {
  ...goalRow('ui-first-frame', `${direct.firstFrameMedianMs} ms, ${direct.firstFrameToNodeE0}× (CPU ${direct.cpuAtFirstFrameToNodeE0}×)`, Math.max(direct.firstFrameToNodeE0, direct.cpuAtFirstFrameToNodeE0)),
  ...(rows.npx ? goalRow('ui-first-frame-npx', `${rows.npx.firstFrameMedianMs} ms, ${rows.npx.firstFrameToNodeE0}×`) : {}),
};
const table = markdownTable(
  ['what', 'time ms (median)', '× `node -e 0`', 'memory MiB (median)'],
  [
    ['`node -e 0` (launch → exit)', nodeE0.exitMedianMs, '1', `${nodeE0.peakRssMedianMiB} peak`],
    ['`node -e 0`: CPU time', nodeE0.cpuMedianMs, '1', ''],
    ...variants.flatMap((v) => {
      const r = rows[v.key];
      return [
        [`${r.label}: launch → first complete frame`, r.firstFrameMedianMs, r.firstFrameToNodeE0, r.rssAtFirstFrameMedianMiB === undefined ? '' : `${r.rssAtFirstFrameMedianMiB} RSS`],
        ...(r.cpuAtFirstFrameMedianMs === undefined ? [] : [[`${r.label}: CPU time until the first complete frame`, r.cpuAtFirstFrameMedianMs, r.cpuAtFirstFrameToNodeE0, '']]),
        [`${r.label}: launch → ready (step 1 checked)`, r.readyMedianMs, r.readyToNodeE0, r.peakRssMedianMiB === undefined ? '' : `${r.rssAtReadyMedianMiB} RSS, ${r.peakRssMedianMiB} peak`],
      ];
    }),
  ],
);
writeResult(
  'ui-startup',
  { runs, terminal: 'tmux 80×24', nodeE0, ui: rows, ...(npx ? { npxFirstInstallMs: round(npx.installMs) } : {}), goals, raw: { node, ui } },
  `\`serverless-tutorial --embedded\` (the guided UI with the built-in endpoint in-process) in a tmux pane of 80×24, ${runs} runs interleaved with \`node -e 0\` launched the same way; times include tmux starting the pane (polled every 5 ms); \`node -e 0\` memory and CPU time are its own (run outside tmux). CPU time (user + system; the UI's read from /proc at 10 ms resolution when its frame is seen) is barely moved by other load, unlike latency on this shared machine. First complete frame = header, step list and key bar drawn. Ratios: median of each run's ratio to the \`node -e 0\` beside it (goal for the first frame: ${goalText('ui-first-frame')}, counted as met when the CPU ratio is within it too).${npx ? ` npx runs the package packed by \`npm pack\`, installed by a first \`npx\` run before timing (${round(npx.installMs / 1000, 1)} s, not counted).` : ''}\n\n${table}`,
);
