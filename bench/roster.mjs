// A class check as an instructor runs it: 30 learners, each on their own built-in endpoint (30
// endpoint processes on free ports, as learners' machines would be): 10 with the lesson complete,
// 10 half done (through step 2), 10 who did nothing yet. Wall time with the default concurrency vs
// one learner at a time (concurrency 1), and the ratio, in two modes: --read-only (what the
// README recommends for a class) and full (checks 4, 5 and 7 write: invoke, trigger, re-run every
// step). A full check changes the learners' state, so each full run gets a freshly set-up class.
// Each measured run also records the CPU time of the checker (this process) and of the endpoints
// with their function workers: on one machine, (checker + endpoints) / cores is the least wall
// time any checker could take, and the checker's own CPU is the least for a single-threaded one.
// Usage: npm run build && node bench/roster.mjs [learners]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { goalRow } from './goals.mjs';
import { importSource, markdownTable, round, startEndpointProcess, treeCpuMs, writeResult } from './lib.mjs';

const learnersWanted = Number(process.argv[2] ?? 30);
/** Learners set up at once (setting up is not measured; it only makes the bench shorter). */
const SETUP_CONCURRENCY = 4;
const { loadDefaultLesson } = await importSource('src/lesson/index.ts');
const { STEP_ACTIONS } = await importSource('src/steps/index.ts');
const { createAwsClients } = await importSource('src/aws/clients.ts');
const { localAwsSettings } = await importSource('src/config/credentials.ts');
const { checkClass, DEFAULT_CONCURRENCY } = await importSource('src/roster/check-class.ts');

const lesson = await loadDefaultLesson();
const work = mkdtempSync(join(tmpdir(), 'bench-roster-'));
const kinds = { complete: 0, half: 0, fresh: 0 };
let classes = 0;
let checks = 0;

/** A class of learners on fresh endpoints: every third complete, half done, or not started. */
async function setUpClass() {
  const id = ++classes;
  const endpoints = [];
  const learners = [];
  for (const k of Object.keys(kinds)) kinds[k] = 0;
  const setUpLearner = async (i) => {
    const endpoint = await startEndpointProcess(join(work, `class-${id}`, `endpoint-${i}`));
    endpoints[i] = endpoint;
    const kind = i % 3 === 0 ? 'complete' : i % 3 === 1 ? 'half' : 'fresh';
    kinds[kind]++;
    const upTo = kind === 'complete' ? 6 : kind === 'half' ? 2 : 0;
    if (upTo > 0) {
      const aws = await createAwsClients(localAwsSettings(endpoint.url));
      const ctx = { lesson, aws, endpoint: { url: endpoint.url, kind: 'builtin' }, stateDir: join(work, `class-${id}`, `state-${i}`), cwd: work, arch: 'x86_64' };
      for (const step of lesson.steps.filter((s) => s.number <= upTo)) await STEP_ACTIONS[step.action](ctx);
      aws.destroy();
    }
    learners[i] = { name: `learner-${String(i + 1).padStart(2, '0')}-${kind}`, endpoint: endpoint.url, line: i + 1 };
  };
  let next = 0;
  const setter = async () => {
    while (next < learnersWanted) await setUpLearner(next++);
  };
  await Promise.all(Array.from({ length: Math.min(SETUP_CONCURRENCY, learnersWanted) }, setter));
  return { learners, endpoints, close: async () => { for (const e of endpoints) await e.stop(); } };
}

/** One class check, timed, with the CPU the checker and the learners' endpoints (and their functions) spent on it. */
async function classCheck(cls, concurrency, readOnly) {
  const endpointsBefore = cls.endpoints.map((e) => treeCpuMs(e.pid));
  const checkerBefore = process.cpuUsage();
  const started = performance.now();
  const runs = await checkClass(cls.learners, { lesson, stateDir: join(work, `checker-${++checks}`), cwd: work, readOnly, concurrency });
  const ms = performance.now() - started;
  const checker = process.cpuUsage(checkerBefore);
  const endpointsCpuMs = cls.endpoints.reduce((sum, e, i) => sum + treeCpuMs(e.pid) - endpointsBefore[i], 0);
  return {
    ms: round(ms, 0),
    passed: runs.filter((r) => r.passed).length,
    timedOut: runs.filter((r) => r.timedOut).length,
    cpu: { checkerMs: round((checker.user + checker.system) / 1000, 0), endpointsMs: round(endpointsCpuMs, 0) },
  };
}

/** The least wall time the CPU spent allows on this machine: all cores busy, the checker's own thread never waiting. */
const floorMs = ({ cpu }) => Math.max(cpu.checkerMs, (cpu.checkerMs + cpu.endpointsMs) / cpus().length);

const setupStarted = performance.now();
const shared = await setUpClass();
const setupMs = performance.now() - setupStarted;
// Warm-up (SDK module loading, sharp, the function workers) so neither measured run pays it alone.
await classCheck(shared, DEFAULT_CONCURRENCY, true);
const readOnly = { concurrent: await classCheck(shared, DEFAULT_CONCURRENCY, true), serial: await classCheck(shared, 1, true) };
await shared.close();
const full = {};
for (const [label, concurrency] of [['concurrent', DEFAULT_CONCURRENCY], ['serial', 1]]) {
  const cls = await setUpClass();
  full[label] = await classCheck(cls, concurrency, false);
  await cls.close();
}
rmSync(work, { recursive: true, force: true });
const ratio = (m) => round(m.serial.ms / m.concurrent.ms, 2);
const seconds = (ms, digits = 2) => `${round(ms / 1000, digits)} s`;
const row = (mode, m) => [
  mode,
  `${seconds(m.concurrent.ms)} (${m.concurrent.passed}/${learnersWanted} passed)`,
  `${seconds(m.serial.ms)} (${m.serial.passed}/${learnersWanted} passed)`,
  `${ratio(m)}×`,
  `${seconds(m.concurrent.cpu.checkerMs)} + ${seconds(m.concurrent.cpu.endpointsMs)}`,
  seconds(floorMs(m.concurrent)),
];
/** The goal's "now": wall time, speed-up, and the floor the CPU spent sets (so a miss says whether any checker could meet it here). */
const now = (m, digits) =>
  `${seconds(m.concurrent.ms, digits)} at concurrency ${DEFAULT_CONCURRENCY}, ${ratio(m)}× over sequential; CPU checker ${seconds(m.concurrent.cpu.checkerMs, 1)} + endpoints ${seconds(m.concurrent.cpu.endpointsMs, 1)} → floor ${seconds(floorMs(m.concurrent), digits)} on ${cpus().length} cores`;

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
      ...goalRow('class-full', now(full, 1), full.concurrent.ms / 1000),
      ...goalRow('class-read-only', now(readOnly, 2), readOnly.concurrent.ms / 1000),
    },
  },
  `${learnersWanted} learners, each on their own built-in endpoint process (${kinds.complete} complete, ${kinds.half} half done through step 2, ${kinds.fresh} not started). ` +
    `Read-only skips checks 4, 5 and 7; full runs them (invoke, trigger, re-run every step) and so gets a freshly set-up class per run.\n\n` +
    markdownTable(
      ['mode', `concurrency ${DEFAULT_CONCURRENCY} (default)`, 'concurrency 1', 'speed-up', `CPU at concurrency ${DEFAULT_CONCURRENCY}: checker + endpoints`, 'floor'],
      [row('--read-only', readOnly), row('full', full)],
    ) +
    `\n\nOne machine with ${cpus().length} cores runs the checker and all ${learnersWanted} endpoints (and their functions), so CPU-bound work cannot overlap much; on a classroom network, time spent waiting on learners' machines overlaps fully. ` +
    `"endpoints" is the CPU of the ${learnersWanted} endpoint processes and their function workers during the run; "floor" is the least wall time that CPU allows here: the larger of (checker + endpoints) / ${cpus().length} cores and the checker's own CPU (it runs on one thread).`,
);
