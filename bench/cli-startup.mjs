// Commands that should cost little more than starting Node: `--version` and `--help`, launched as
// processes and timed to exit, interleaved with `node -e 0` in the same run; `--version` also
// through `npx` from the packed package (npm's own start included). Medians; the ratios are
// medians of the run-by-run ratios to the `node -e 0` beside each run.
// Usage: npm run build && node bench/cli-startup.mjs [runs]
//   BENCH_CLI=<another build's dist/cli.js> adds rows for that build; BENCH_NPX=0 leaves out npx.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goalRow, goalText } from './goals.mjs';
import { markdownTable, median, npxFromPackedTarball, pairedRatio, round, writeResult } from './lib.mjs';

const runs = Number(process.argv[2] ?? 15);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bench-cli-'));
const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };

/** Wall time of one run, launch to exit, in ms (its output discarded). */
function timed(argv) {
  const started = performance.now();
  const run = spawnSync(argv[0], argv.slice(1), { cwd: work, env, stdio: 'ignore' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${argv.join(' ')} exited ${run.status}`);
  return ms;
}

const commands = [
  { key: 'version', label: '`node dist/cli.js --version`', argv: [process.execPath, cli, '--version'] },
  { key: 'help', label: '`node dist/cli.js --help`', argv: [process.execPath, cli, '--help'] },
];
if (process.env.BENCH_CLI) {
  commands.push({ key: 'other-version', label: `\`node ${process.env.BENCH_CLI} --version\``, argv: [process.execPath, process.env.BENCH_CLI, '--version'] });
}
let npx;
const node = [];
const times = {};
try {
  if (process.env.BENCH_NPX !== '0') {
    npx = npxFromPackedTarball(work);
    commands.push({ key: 'npx-version', label: '`npx` (packed package) `--version`', argv: [...npx.argv, '--version'] });
  }
  for (const c of commands) times[c.key] = [];
  timed([process.execPath, '-e', '0']); // warm-up, not counted
  for (let i = 0; i < runs; i++) {
    node.push(timed([process.execPath, '-e', '0']));
    for (const c of commands) times[c.key].push(timed(c.argv));
  }
} finally {
  npx?.cleanup();
  rmSync(work, { recursive: true, force: true });
}

const rows = Object.fromEntries(commands.map((c) => [c.key, { label: c.label, medianMs: round(median(times[c.key])), toNodeE0: round(pairedRatio(times[c.key], node)) }]));
const nodeE0MedianMs = round(median(node));
const version = rows.version;
const goals = goalRow('version', `${version.medianMs} ms, ${version.toNodeE0}×`, version.toNodeE0);
const table = markdownTable(
  ['what', 'time ms (median)', '× `node -e 0`'],
  [['`node -e 0`', nodeE0MedianMs, '1'], ...commands.map((c) => [rows[c.key].label, rows[c.key].medianMs, rows[c.key].toNodeE0])],
);
writeResult(
  'cli-startup',
  { runs, nodeE0MedianMs, commands: rows, ...(npx ? { npxFirstInstallMs: round(npx.installMs) } : {}), goals, raw: { node, ...times } },
  `Whole processes, launch to exit (output discarded), ${runs} runs of each interleaved with \`node -e 0\`. Ratios: median of each run's ratio to the \`node -e 0\` before it (goal for \`--version\`: ${goalText('version')}).${npx ? ` npx runs the package packed by \`npm pack\`, installed by a first \`npx\` run before timing (${round(npx.installMs / 1000, 1)} s, not counted).` : ''}\n\n${table}`,
);
