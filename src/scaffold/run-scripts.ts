// Runs the learner's own hand scripts (backend/scripts/aws/*.sh, as `init` writes them) against an
// endpoint, each twice: the second run proves it is safe to re-run. Used by the scripts-clean check.
import { runBounded } from '../process/run-bounded.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LESSON_SCRIPTS, SCRIPTS_DIR } from './lesson-scripts.js';

/** One script run may build and install (npm): generous, but bounded. */
export const SCRIPT_TIMEOUT_MS = 5 * 60_000;
const OUTPUT_TAIL = 4_000;

export interface ScriptRun {
  script: string;
  /** 1 or 2. */
  attempt: number;
  code: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The end of stdout and stderr together, for evidence. */
  outputTail: string;
}

/** The lesson scripts present in `cwd`, in lesson order (relative paths). */
export function presentLessonScripts(cwd: string): { present: string[]; missing: string[] } {
  const present: string[] = [];
  const missing: string[] = [];
  for (const name of LESSON_SCRIPTS) {
    const path = join(SCRIPTS_DIR, name);
    (existsSync(join(cwd, path)) ? present : missing).push(path);
  }
  return { present, missing };
}

// Scripts build into the project's own folders (dist/, function.zip): two runs in one project at
// once (a class check) would build over each other, so runs in the same folder take turns.
const queues = new Map<string, Promise<unknown>>();

function inTurn<T>(key: string, job: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(job, job);
  queues.set(key, next.catch(() => undefined));
  return next;
}

export function runScript(cwd: string, script: string, endpoint: string, attempt: number): Promise<ScriptRun> {
  return inTurn(cwd, () => spawnScript(cwd, script, endpoint, attempt));
}

async function spawnScript(cwd: string, script: string, endpoint: string, attempt: number): Promise<ScriptRun> {
  const began = performance.now();
  const run = await runBounded('bash', [script], {
    cwd,
    env: { ...process.env, AWS_ENDPOINT_URL: endpoint },
    timeoutMs: SCRIPT_TIMEOUT_MS,
    tailChars: OUTPUT_TAIL,
  });
  const output = run.spawnError ? `${run.output}\n${run.spawnError.message}` : run.output;
  return { script, attempt, code: run.code, timedOut: run.timedOut, durationMs: performance.now() - began, outputTail: output.trim() };
}
