// The whole lesson as a learner without Docker runs it: wall time of
//   node dist/cli.js run --all --embedded   from an empty state dir (build, deploy, invoke, trigger)
//   node dist/cli.js check --embedded       right after, on that state
// medians over fresh state dirs, plus what the build step recorded in progress.json (its
// outcome's details): esbuild time (bundleMs) and the zip's size. The runner's cache (the built
// function, the test image) is the machine's, as on a learner's second lesson; one more run with an
// empty cache (XDG_CACHE_HOME) shows a first start ever, reported beside the medians.
// Usage: npm run build && node bench/lesson-run.mjs [runs]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goalRow } from './goals.mjs';
import { freePort, markdownTable, median, round, writeResult } from './lib.mjs';

const runs = Number(process.argv[2] ?? 3);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs the CLI in `cwd` with a clean environment (no AWS settings from this shell); wall time in ms. */
function cli(args, cwd, extraEnv = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, ms: performance.now() - started, output }));
  });
}

/** One run --all then check from an empty state dir; `emptyCache`: with a cache dir of its own, empty. */
async function lesson(emptyCache) {
  const work = mkdtempSync(join(tmpdir(), 'bench-lesson-'));
  const stateDir = join(work, 'state');
  const env = emptyCache ? { XDG_CACHE_HOME: join(work, 'cache') } : {};
  const at = ['--endpoint', `http://127.0.0.1:${await freePort()}`];
  const run = await cli(['run', '--all', '--embedded', ...at, '--no-color', '--state-dir', stateDir], work, env);
  const check = await cli(['check', '--embedded', ...at, '--no-color', '--state-dir', stateDir], work, env);
  let build = {};
  try {
    build = JSON.parse(readFileSync(join(stateDir, 'progress.json'), 'utf8')).steps?.function?.details ?? {};
  } catch {
    // no progress file: the run failed before the build step; reported through its exit code
  }
  if (run.code !== 0) process.stderr.write(`run --all exited ${run.code}:\n${run.output}\n`);
  if (check.code !== 0) process.stderr.write(`check exited ${check.code}:\n${check.output}\n`);
  rmSync(work, { recursive: true, force: true });
  return { runMs: run.ms, runExit: run.code, checkMs: check.ms, checkExit: check.code, bundleMs: build.bundleMs, zipBytes: build.zipBytes };
}

const cold = await lesson(true);
const samples = [];
for (let i = 0; i < runs; i++) samples.push(await lesson(false));

const values = (field) => samples.map((s) => s[field]).filter((v) => typeof v === 'number');
const medianOf = (field) => (values(field).length ? round(median(values(field))) : 'n/a');
const result = {
  runs,
  runAllMedianMs: medianOf('runMs'),
  checkMedianMs: medianOf('checkMs'),
  esbuildMedianMs: medianOf('bundleMs'),
  zipBytes: samples.at(-1)?.zipBytes ?? 'n/a',
  emptyCache: { runMs: round(cold.runMs), checkMs: round(cold.checkMs), bundleMs: cold.bundleMs, exit: { run: cold.runExit, check: cold.checkExit } },
  exitCodes: samples.map((s) => ({ run: s.runExit, check: s.checkExit })),
  samples: samples.map((s) => ({ runMs: round(s.runMs), checkMs: round(s.checkMs), bundleMs: s.bundleMs, zipBytes: s.zipBytes })),
};
const allOk = [cold, ...samples].every((s) => s.runExit === 0 && s.checkExit === 0);
const seconds = (ms) => (typeof ms === 'number' ? round(ms / 1000, 1) : ms);
result.goals = {
  ...goalRow('lesson-run', `${seconds(result.runAllMedianMs)} s (first start ever, empty cache: ${seconds(cold.runMs)} s)`, seconds(result.runAllMedianMs)),
  ...goalRow('lesson-check', `${seconds(result.checkMedianMs)} s (empty cache: ${seconds(cold.checkMs)} s)`, seconds(result.checkMedianMs)),
};
writeResult('lesson-run', result,
  `The serverless-basics lesson on the built-in endpoint (\`--embedded\`), each run from an empty state dir; medians of ${runs}.` +
  (allOk ? '' : ' **Some runs did not exit 0: see exitCodes in the JSON.**') + '\n\n' +
  markdownTable(['measure', 'median', 'samples'], [
    ['`run --all --embedded` wall time (ms)', result.runAllMedianMs, samples.map((s) => round(s.runMs, 0)).join(', ')],
    ['`check --embedded` wall time (ms)', result.checkMedianMs, samples.map((s) => round(s.checkMs, 0)).join(', ')],
    ['the same with an empty cache (first start ever): run, check (ms)', `${round(cold.runMs, 0)}, ${round(cold.checkMs, 0)}`, 'one run'],
    ['esbuild time in the build step (ms, progress.json details.bundleMs)', result.esbuildMedianMs, samples.map((s) => s.bundleMs ?? 'n/a').join(', ')],
    ['function zip size (bytes, details.zipBytes)', result.zipBytes, samples.map((s) => s.zipBytes ?? 'n/a').join(', ')],
  ]));
