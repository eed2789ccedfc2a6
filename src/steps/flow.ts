// The lesson's flow, shared by `run` and the guided UI: perform one step and the checks after it,
// establish what earlier steps made is there, and find where to resume (progress/establish.ts
// decides what is done, from the endpoint and the files on disk).
import type { Step } from '../lesson/index.js';
import type { CheckContext } from '../checks/context.js';
import type { CheckResult } from '../checks/result.js';
import { runChecks } from '../checks/run-checks.js';
import type { Progress, ProgressStore } from '../progress/store.js';
import { establishSteps, viaOf, type Establishment, type EstablishedStep } from '../progress/establish.js';
import { memosFor } from '../progress/evidence.js';
import { StepFailure, type StepOutcome } from './context.js';
import { STEP_ACTIONS } from './index.js';
import { verifyBuild, type ArtifactVerdict } from './build-verdict.js';
import { REMOVED_BUILD_LABEL } from './build-function.js';

export type { ArtifactVerdict };

export interface StepConfirmation {
  ok: boolean;
  checks: CheckResult[];
  artifact?: ArtifactVerdict;
}

/** Runs what confirms a step is done: its checks, and its artefact if it has one. */
export async function confirmStep(ctx: CheckContext, step: Step, onResult?: (r: CheckResult) => void): Promise<StepConfirmation> {
  const checks = await runChecks(ctx, step.checks, onResult);
  const artifact = step.artifact ? await verifyBuild(ctx) : undefined;
  const ok = checks.every((c) => c.status === 'pass' || c.status === 'skip') && (artifact?.ok ?? true);
  return { ok, checks, ...(artifact ? { artifact } : {}) };
}

/**
 * Remembers the outcomes of the checks that wrote (with what they tested), so read-only
 * establishment agrees with them later. Best effort: what cannot be read or saved is skipped.
 */
export async function rememberChecks(ctx: CheckContext, store: ProgressStore, progress: Progress, checks: readonly CheckResult[]): Promise<Progress> {
  try {
    return store.recordChecks(progress, await memosFor(ctx, checks));
  } catch {
    return progress; // a state dir that cannot be written costs only the memo
  }
}

export interface StepRun {
  step: Step;
  outcome?: StepOutcome;
  failure?: StepFailure;
  confirmation?: StepConfirmation;
  ok: boolean;
}

export interface StepHooks {
  onStepStart?(step: Step): void;
  onOutcome?(step: Step, outcome: StepOutcome): void;
  onFailure?(step: Step, failure: StepFailure): void;
  onCheck?(step: Step, result: CheckResult): void;
}

/** Does one step, then its checks; records it in progress only when both succeed. */
export async function performStep(
  ctx: CheckContext,
  step: Step,
  store: ProgressStore,
  progress: Progress,
  hooks: StepHooks = {},
): Promise<{ run: StepRun; progress: Progress }> {
  hooks.onStepStart?.(step);
  let outcome: StepOutcome;
  try {
    outcome = await STEP_ACTIONS[step.action](ctx);
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    hooks.onFailure?.(step, error);
    // The checks still run: they show what is missing, and give the run its summary. A step that
    // builds an artefact made none: nothing on disk is reported as its result.
    const checks = await runChecks(ctx, step.checks, (r) => hooks.onCheck?.(step, r));
    const confirmation: StepConfirmation = { ok: false, checks, ...(step.artifact ? { artifact: failedBuildVerdict(step, error) } : {}) };
    return { run: { step, failure: error, confirmation, ok: false }, progress: await rememberChecks(ctx, store, progress, checks) };
  }
  hooks.onOutcome?.(step, outcome);
  const confirmation = await confirmStep(ctx, step, (r) => hooks.onCheck?.(step, r));
  let next = await rememberChecks(ctx, store, progress, confirmation.checks);
  if (confirmation.ok) next = store.markDone({ ...next, endpoint: ctx.endpoint.url }, step.id, outcome.details, confirmation.artifact?.package?.shown);
  return { run: { step, outcome, confirmation, ok: confirmation.ok }, progress: next };
}

function failedBuildVerdict(step: Step, failure: StepFailure): ArtifactVerdict {
  const file = step.artifact?.file ?? 'function.zip';
  const removed = failure.evidence.find((e) => e.label === REMOVED_BUILD_LABEL)?.value;
  return {
    ok: false,
    message: removed
      ? { en: `the build failed, so there is no new ${file}; the previous build (${removed}) was removed so that nothing deploys it by mistake`, ja: `ビルドに失敗したため、新しい ${file} はできていません。前回のビルド (${removed}) は、誤ってデプロイされないよう削除しました` }
      : { en: `the build failed, so there is no new ${file}`, ja: `ビルドに失敗したため、新しい ${file} はできていません` },
    evidence: [],
  };
}

/**
 * Every step before `step`, established read-only: what must already hold before doing it.
 * `firstMissing` is the first that is not done, with what was seen.
 */
export async function confirmEarlierSteps(ctx: CheckContext, step: Step, progress: Progress): Promise<{ firstMissing?: EstablishedStep }> {
  const previous = ctx.lesson.steps.filter((s) => s.number < step.number).at(-1);
  if (!previous) return {};
  const established = await establishSteps({ ...ctx, readOnly: true }, progress, previous);
  const firstMissing = established.steps.find((s) => s.status !== 'done');
  return firstMissing ? { firstMissing } : {};
}

export interface ResumePoint {
  /** The first step that is not done (undefined when the lesson is complete). */
  step?: Step;
  /** Steps the saved progress called done that the environment no longer shows (e.g. LocalStack restarted without persistence). */
  lost: Step[];
  establishment: Establishment;
}

/** Where to continue: every step established read-only from the environment; the first not done. */
export async function findResumePoint(ctx: CheckContext, progress: Progress): Promise<ResumePoint> {
  const establishment = await establishSteps({ ...ctx, readOnly: true }, progress);
  const lost = establishment.steps.filter((s) => s.status === 'not-done' && progress.steps[s.step.id]?.status === 'done').map((s) => s.step);
  return { ...(establishment.next ? { step: establishment.next } : {}), lost, establishment };
}

/** Saves what was established as the cache shown next time before the endpoint answers (best effort). */
export function cacheEstablishment(store: ProgressStore, progress: Progress, endpoint: string, establishment: Establishment): Progress {
  try {
    return store.recordEstablished(progress, endpoint, establishment.steps.map((s) => ({ id: s.step.id, status: s.status, via: viaOf(s) })));
  } catch {
    return progress;
  }
}
