// Times `npm test` as CI runs it: the whole command (tool check, typecheck, build, jest) with an
// empty jest cache (CI starts from a fresh clone, so nothing is cached). Slow (minutes), so
// `npm run bench` runs it only when asked: `npm run bench -- --test-suite`, or alone:
//   node bench/test-suite.mjs [RUNS] [--update-durations]
// --update-durations rewrites test/durations.json (the order test/sequencer.mjs gives suites when
// jest has no timings) from the last run's per-file times.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goalRow, goalText } from './goals.mjs';
import { machine, markdownTable, median, reapedChildrenCpuMs, round, writeResult } from './lib.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 1);
const updateDurations = args.includes('--update-durations');

function npmTest(work) {
  const cache = join(work, 'jest-cache');
  const report = join(work, 'jest.json');
  return new Promise((resolve) => {
    const started = performance.now();
    const cpuBefore = reapedChildrenCpuMs() / 1000;
    const loadBefore = machine().loadAverage;
    // npm passes what follows -- to the script's last command, jest.
    const child = spawn('npm', ['test', '--', `--cacheDirectory=${cache}`, '--json', `--outputFile=${report}`], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      let jest;
      try {
        jest = JSON.parse(readFileSync(report, 'utf8'));
      } catch {
        jest = undefined; // stopped before jest wrote its report (tool check, typecheck or build)
      }
      resolve({ code, seconds, cpuSeconds: reapedChildrenCpuMs() / 1000 - cpuBefore, loadBefore, loadAfter: machine().loadAverage, jest });
    });
  });
}

const fileTimes = (jest) =>
  (jest?.testResults ?? [])
    .map((r) => ({ file: relative(root, r.name), seconds: round((r.endTime - r.startTime) / 1000, 1), status: r.status }))
    .sort((a, b) => b.seconds - a.seconds);

const results = [];
for (let i = 0; i < runs; i++) {
  const work = mkdtempSync(join(tmpdir(), 'bench-test-suite-'));
  try {
    const run = await npmTest(work);
    results.push({
      code: run.code,
      minutes: round(run.seconds / 60, 2),
      cpuMinutes: round(run.cpuSeconds / 60, 2),
      loadBefore: run.loadBefore,
      loadAfter: run.loadAfter,
      suites: run.jest ? { total: run.jest.numTotalTestSuites, failed: run.jest.numFailedTestSuites } : undefined,
      tests: run.jest ? { total: run.jest.numTotalTests, passed: run.jest.numPassedTests, failed: run.jest.numFailedTests, skipped: run.jest.numPendingTests } : undefined,
      files: fileTimes(run.jest),
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const passing = results.filter((r) => r.code === 0);
const medianMinutes = passing.length ? round(median(passing.map((r) => r.minutes)), 1) : undefined;
const last = results.at(-1);
if (updateDurations && last?.files.length) {
  const durations = Object.fromEntries(last.files.filter((f) => f.seconds >= 1).map((f) => [f.file, Math.round(f.seconds)]));
  writeFileSync(new URL('../test/durations.json', import.meta.url), JSON.stringify(durations, null, 2) + '\n');
}

const workers = (() => {
  const config = readFileSync(new URL('../jest.config.js', import.meta.url), 'utf8');
  return /maxWorkers:\s*'?([^',\n]+)/.exec(config)?.[1] ?? 'jest default';
})();
const now =
  medianMinutes === undefined
    ? `failed (exit ${last?.code}): not timed`
    : `${medianMinutes} min (${passing.length === 1 ? '1 run' : `median of ${passing.length}`}, ${last.tests?.total ?? '?'} tests, empty jest cache)`;
const rows = results.map((r, i) => [
  i + 1,
  r.code,
  r.minutes,
  r.cpuMinutes,
  r.tests ? `${r.tests.passed}/${r.tests.total} passed, ${r.tests.failed} failed, ${r.tests.skipped} skipped` : '—',
  `${r.loadBefore.join(' ')} → ${r.loadAfter.join(' ')}`,
]);
const slowest = (last?.files ?? []).slice(0, 15).map((f) => [f.file, f.seconds, f.status]);
writeResult(
  'test-suite',
  { runs: results, workers, goals: goalRow('npm-test', now, ...(medianMinutes === undefined ? [] : [medianMinutes])) },
  [
    `\`npm test\` with an empty jest cache, as on CI (jest maxWorkers: ${workers}). Goal ${goalText('npm-test')}.`,
    '',
    markdownTable(['run', 'exit', 'wall min', 'CPU min (all processes)', 'tests', 'load average before → after'], rows),
    '',
    'Slowest files of the last run (seconds, wall, while other files ran beside them):',
    '',
    markdownTable(['file', 's', 'status'], slowest),
  ].join('\n'),
);
process.exitCode = passing.length === results.length ? 0 : 1;
