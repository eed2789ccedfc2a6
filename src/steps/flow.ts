// The lesson's flow, shared by `run` and the guided UI: perform one step and the checks after it,
// confirm what earlier steps made is still there, and find where to resume.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Step } from '../lesson/index.js';
import type { CheckContext } from '../checks/context.js';
import type { CheckResult, Evidence } from '../checks/result.js';
import { runChecks } from '../checks/run-checks.js';
import type { Progress, ProgressStore } from '../progress/store.js';
import type { Text } from '../i18n/text.js';
import { buildDir, StepFailure, type StepOutcome } from './context.js';
import { STEP_ACTIONS } from './index.js';
import { listZipEntries } from './packaging/read-zip.js';

export interface ArtifactVerdict {
  ok: boolean;
  message: Text;
  evidence: Evidence[];
}

/** A step's build artefact (step 3's function.zip) exists and holds the entries the lesson names. */
export async function verifyArtifact(ctx: CheckContext, step: Step): Promise<ArtifactVerdict | undefined> {
  if (!step.artifact) return undefined;
  const path = join(buildDir(ctx.stateDir), step.artifact.file);
  if (!existsSync(path)) {
    return { ok: false, message: { en: `${step.artifact.file} has not been built yet (${path})`, ja: `${step.artifact.file} はまだビルドされていません (${path})` }, evidence: [] };
  }
  const entries = await listZipEntries(path).catch(() => undefined);
  const missing = entries ? step.artifact.contains.filter((name) => !entries.includes(name)) : step.artifact.contains;
  const evidence = [{ label: step.artifact.file, value: entries ? { en: `${entries.length} entries`, ja: `${entries.length} 個のファイル` } : { en: 'not a readable zip', ja: 'zip として読み取れません' } }];
  if (missing.length > 0) {
    return { ok: false, message: { en: `${step.artifact.file} lacks ${missing.join(', ')}`, ja: `${step.artifact.file} に ${missing.join('、')} がありません` }, evidence };
  }
  return { ok: true, message: { en: `${step.artifact.file} holds ${step.artifact.contains.join(', ')}`, ja: `${step.artifact.file} に ${step.artifact.contains.join('、')} が入っています` }, evidence };
}

export interface StepConfirmation {
  ok: boolean;
  checks: CheckResult[];
  artifact?: ArtifactVerdict;
}

/** Runs what confirms a step is done: its checks, and its artefact if it has one. */
export async function confirmStep(ctx: CheckContext, step: Step, onResult?: (r: CheckResult) => void): Promise<StepConfirmation> {
  const checks = await runChecks(ctx, step.checks, onResult);
  const artifact = await verifyArtifact(ctx, step);
  const ok = checks.every((c) => c.status === 'pass' || c.status === 'skip') && (artifact?.ok ?? true);
  return { ok, checks, ...(artifact ? { artifact } : {}) };
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
    // The checks still run: they show what is missing, and give the run its summary.
    const confirmation = await confirmStep(ctx, step, (r) => hooks.onCheck?.(step, r));
    return { run: { step, failure: error, confirmation, ok: false }, progress };
  }
  hooks.onOutcome?.(step, outcome);
  const confirmation = await confirmStep(ctx, step, (r) => hooks.onCheck?.(step, r));
  const next = confirmation.ok ? store.markDone({ ...progress, endpoint: ctx.endpoint.url }, step.id, outcome.details) : progress;
  return { run: { step, outcome, confirmation, ok: confirmation.ok }, progress: next };
}

/**
 * The checks and artefacts of every step before `step`: what must already hold before doing it.
 * Read-only: re-confirming only looks (checks that upload or re-run steps are skipped here).
 */
export async function confirmEarlierSteps(ctx: CheckContext, steps: readonly Step[], step: Step): Promise<{ firstMissing?: Step; confirmation?: StepConfirmation }> {
  for (const earlier of steps.filter((s) => s.number < step.number)) {
    const confirmation = await confirmStep({ ...ctx, readOnly: true }, earlier);
    if (!confirmation.ok) return { firstMissing: earlier, confirmation };
  }
  return {};
}

export interface ResumePoint {
  /** The first step that is not done (undefined when the lesson is complete). */
  step?: Step;
  /** Steps progress.json called done that the endpoint no longer confirms (e.g. LocalStack restarted without persistence). */
  lost: Step[];
}

/** Where to continue: the first step not done, re-confirming (read-only) steps marked done against the endpoint. */
export async function findResumePoint(ctx: CheckContext, steps: readonly Step[], progress: Progress): Promise<ResumePoint> {
  const lost: Step[] = [];
  for (const step of steps) {
    if (progress.steps[step.id]?.status !== 'done') return { step, lost };
    const confirmation = await confirmStep({ ...ctx, readOnly: true }, step);
    if (!confirmation.ok) {
      lost.push(step);
      return { step, lost };
    }
  }
  return { lost };
}
