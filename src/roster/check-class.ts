// Checks a whole class: every learner's endpoint gets its own SDK clients and its own deadline,
// `concurrency` learners at a time. One learner's failure or hang never stops the others.
import { join } from 'node:path';
import type { Lesson } from '../lesson/index.js';
import type { CheckId } from '../lesson/ids.js';
import { createAwsClients } from '../aws/clients.js';
import { readHealth } from '../aws/health.js';
import { isLocalEndpoint } from '../config/endpoint.js';
import { localAwsSettings } from '../config/credentials.js';
import { runChecks } from '../checks/run-checks.js';
import type { CheckContext } from '../checks/context.js';
import { allPassed, type CheckResult } from '../checks/result.js';
import type { LambdaArchitecture } from '../steps/packaging/index.js';
import { makeCheckRun, type CheckRun } from '../report/check-run.js';
import { abortOnSignal, LearnerDeadlineError } from './deadline.js';
import { firstDiagnosis, type DiagnosisSummary } from './diagnosis.js';
import type { Learner } from './parse.js';

export const DEFAULT_CONCURRENCY = 8;
/** Long enough for the slowest honest run (re-running every step incl. a build, the trigger's wait). */
export const DEFAULT_LEARNER_DEADLINE_MS = 180_000;
/** After a deadline, how long the abandoned checks get to notice before the learner is reported. */
const ABANDON_GRACE_MS = 1_000;
const DIAGNOSIS_DEADLINE_MS = 15_000;

export interface ClassCheckOptions {
  lesson: Lesson;
  /** The instructor's state dir: each learner's builds go to `<stateDir>/roster/<n>/`. */
  stateDir: string;
  cwd: string;
  readOnly: boolean;
  concurrency?: number;
  deadlineMs?: number;
  functionDir?: string;
  arch?: LambdaArchitecture;
  /** Called as each learner finishes (in finishing order), e.g. for a progress line. */
  onLearner?: (run: LearnerRun) => void;
}

export interface LearnerRun {
  learner: Learner;
  run: CheckRun;
  passed: boolean;
  /** True when the deadline passed before every check finished. */
  timedOut: boolean;
  diagnosis?: DiagnosisSummary;
}

export async function checkClass(learners: readonly Learner[], options: ClassCheckOptions): Promise<LearnerRun[]> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const runs: LearnerRun[] = new Array(learners.length);
  let next = 0;
  const worker = async () => {
    while (next < learners.length) {
      const index = next++;
      runs[index] = await checkLearner(learners[index], index, options);
      options.onLearner?.(runs[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, learners.length) }, worker));
  return runs;
}

export async function checkLearner(learner: Learner, index: number, options: ClassCheckOptions): Promise<LearnerRun> {
  const { lesson } = options;
  const deadlineMs = options.deadlineMs ?? DEFAULT_LEARNER_DEADLINE_MS;
  const startedAt = new Date();
  const began = performance.now();
  const settings = isLocalEndpoint(learner.endpoint) ? localAwsSettings(learner.endpoint) : { endpoint: learner.endpoint, region: lesson.resources.region };
  const controller = new AbortController();
  const aws = await createAwsClients(settings, { onClient: abortOnSignal(controller.signal, () => new LearnerDeadlineError(deadlineMs / 1000)) });
  try {
    const health = await readHealth(learner.endpoint, 2000);
    const ctx: CheckContext = {
      lesson,
      aws,
      endpoint: { url: learner.endpoint, kind: health.kind },
      stateDir: join(options.stateDir, 'roster', String(index + 1)),
      cwd: options.cwd,
      ...(options.functionDir ? { functionDir: options.functionDir } : {}),
      arch: options.arch ?? 'x86_64',
      readOnly: options.readOnly,
    };
    const finished = new Map<string, CheckResult>();
    const ids = lesson.checks.map((c) => c.id as CheckId);
    const work = runChecks(ctx, ids, (result) => {
      if (!controller.signal.aborted) finished.set(result.id, result);
    });
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      work.then(
        () => 'done' as const,
        (error: unknown) => ({ crashed: error }),
      ),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), deadlineMs))),
    ]);
    clearTimeout(timer);
    const timedOut = outcome === 'timeout';
    if (timedOut) {
      controller.abort();
      await Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ABANDON_GRACE_MS))]);
    }
    const results = lesson.checks.map((check): CheckResult => {
      const done = finished.get(check.id);
      if (done) return done;
      const why = timedOut
        ? { en: `could not check: ${learner.name}'s checks did not finish within ${deadlineMs / 1000} s`, ja: `確認できません: ${learner.name} さんの確認が ${deadlineMs / 1000} 秒以内に終わりませんでした` }
        : { en: `could not check: ${String((outcome as { crashed: unknown }).crashed)}`, ja: `確認できません: ${String((outcome as { crashed: unknown }).crashed)}` };
      return { id: check.id, title: check.title, status: 'error', message: why, evidence: [], durationMs: 0 };
    });
    const passed = allPassed(results);
    const diagnosis = passed ? undefined : await diagnoseWithin(ctx, results, timedOut);
    return {
      learner,
      run: makeCheckRun(lesson.id, learner.endpoint, health.kind, startedAt, performance.now() - began, results),
      passed,
      timedOut,
      ...(diagnosis ? { diagnosis } : {}),
    };
  } finally {
    controller.abort();
    aws.destroy();
  }
}

/** A diagnosis is a bonus: it never holds up the class report, and it is not tried on clients already abandoned. */
async function diagnoseWithin(ctx: CheckContext, results: CheckResult[], timedOut: boolean): Promise<DiagnosisSummary | undefined> {
  if (timedOut) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      firstDiagnosis(ctx, results),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), DIAGNOSIS_DEADLINE_MS))),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
