// A class check as an instructor runs it: 30 learners, each on their own built-in endpoint (30
// endpoint processes on free ports, as learners' machines would be): 10 with the lesson complete,
// 10 half done (through step 2), 10 who did nothing yet. Wall time with the default concurrency vs
// one learner at a time (concurrency 1), and the ratio, in two modes: --read-only (what the
// README recommends for a class) and full (checks 4, 5 and 7 write: invoke, trigger, re-run every
// step). A full check changes the learners' state, so each full run gets a freshly set-up class.
// Usage: npm run build && node bench/roster.mjs [learners]
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goalRow } from './goals.mjs';
import { importSource, markdownTable, round, writeResult } from './lib.mjs';

const learnersWanted = Number(process.argv[2] ?? 30);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const { loadDefaultLesson } = await importSource('src/lesson/index.ts');
const { STEP_ACTIONS } = await importSource('src/steps/index.ts');
const { createAwsClients } = await importSource('src/aws/clients.ts');
const { localAwsSettings } = await importSource('src/config/credentials.ts');
const { checkClass, DEFAULT_CONCURRENCY } = await importSource('src/roster/check-class.ts');

/** `serverless-tutorial endpoint --port 0` in its own process; resolves once it prints its URL. */
function startEndpointProcess(dataDir) {
  const child = spawn(process.execPath, [CLI, 'endpoint', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`endpoint did not start: ${out}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const match = /ready: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({ url: match[1], close: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) });
      }
    });
  });
}

const lesson = await loadDefaultLesson();
const work = mkdtempSync(join(tmpdir(), 'bench-roster-'));
const kinds = { complete: 0, half: 0, fresh: 0 };
let classes = 0;

/** A class of learners on fresh endpoints: every third complete, half done, or not started. */
async function setUpClass() {
  const id = ++classes;
  const endpoints = [];
  const learners = [];
  for (const k of Object.keys(kinds)) kinds[k] = 0;
  for (let i = 0; i < learnersWanted; i++) {
    const endpoint = await startEndpointProcess(join(work, `class-${id}`, `endpoint-${i}`));
    endpoints.push(endpoint);
    const kind = i % 3 === 0 ? 'complete' : i % 3 === 1 ? 'half' : 'fresh';
    kinds[kind]++;
    const upTo = kind === 'complete' ? 6 : kind === 'half' ? 2 : 0;
    if (upTo > 0) {
      const aws = await createAwsClients(localAwsSettings(endpoint.url));
      const ctx = { lesson, aws, endpoint: { url: endpoint.url, kind: 'builtin' }, stateDir: join(work, `class-${id}`, `state-${i}`), cwd: work, arch: 'x86_64' };
      for (const step of lesson.steps.filter((s) => s.number <= upTo)) await STEP_ACTIONS[step.action](ctx);
      aws.destroy();
    }
    learners.push({ name: `learner-${String(i + 1).padStart(2, '0')}-${kind}`, endpoint: endpoint.url, line: i + 1 });
  }
  return { learners, close: async () => { for (const e of endpoints) await e.close(); } };
}

async function classCheck(learners, concurrency, readOnly) {
  const started = performance.now();
  const runs = await checkClass(learners, { lesson, stateDir: join(work, `checker-${concurrency}-${readOnly}`), cwd: work, readOnly, concurrency });
  const ms = performance.now() - started;
  return { ms: round(ms, 0), passed: runs.filter((r) => r.passed).length, timedOut: runs.filter((r) => r.timedOut).length };
}

const setupStarted = performance.now();
const shared = await setUpClass();
const setupMs = performance.now() - setupStarted;
// Warm-up (SDK module loading, sharp, the function workers) so neither measured run pays it alone.
await classCheck(shared.learners, DEFAULT_CONCURRENCY, true);
const readOnly = { concurrent: await classCheck(shared.learners, DEFAULT_CONCURRENCY, true), serial: await classCheck(shared.learners, 1, true) };
await shared.close();
const full = {};
for (const [label, concurrency] of [['concurrent', DEFAULT_CONCURRENCY], ['serial', 1]]) {
  const cls = await setUpClass();
  full[label] = await classCheck(cls.learners, concurrency, false);
  await cls.close();
}
rmSync(work, { recursive: true, force: true });
const ratio = (m) => round(m.serial.ms / m.concurrent.ms, 2);
const row = (mode, m) => [
  mode,
  `${round(m.concurrent.ms / 1000, 2)} s (${m.concurrent.passed}/${learnersWanted} passed)`,
  `${round(m.serial.ms / 1000, 2)} s (${m.serial.passed}/${learnersWanted} passed)`,
  `${ratio(m)}×`,
];

writeResult(
  'roster',
  {
    learners: learnersWanted,
    kinds,
    endpoints: 'one process per learner (serverless-tutorial endpoint --port 0)',
    setupMs: round(setupMs, 0),
    defaultConcurrency: DEFAULT_CONCURRENCY,
    readOnly: { ...readOnly, speedup: ratio(readOnly) },
    full: { ...full, speedup: ratio(full) },
    goals: {
      ...goalRow('class-full', `${round(full.concurrent.ms / 1000, 1)} s at concurrency ${DEFAULT_CONCURRENCY}, ${ratio(full)}× over sequential`, full.concurrent.ms / 1000),
      ...goalRow('class-read-only', `${round(readOnly.concurrent.ms / 1000, 2)} s, ${ratio(readOnly)}× over sequential`, readOnly.concurrent.ms / 1000),
    },
  },
  `${learnersWanted} learners, each on their own built-in endpoint process (${kinds.complete} complete, ${kinds.half} half done through step 2, ${kinds.fresh} not started). ` +
    `Read-only skips checks 4, 5 and 7; full runs them (invoke, trigger, re-run every step) and so gets a freshly set-up class per run.\n\n` +
    markdownTable(['mode', `concurrency ${DEFAULT_CONCURRENCY} (default)`, 'concurrency 1', 'speed-up'], [row('--read-only', readOnly), row('full', full)]) +
    `\n\nOne machine with 2 cores runs the checker and all ${learnersWanted} endpoints (and their functions), so CPU-bound work cannot overlap much; on a classroom network, time spent waiting on learners' machines overlaps fully.`,
);
