// Whether each step is done, established from what exists at the endpoint and on disk — however
// it got there (the runner, typed commands, init's scripts, another tool). `list`, `run` (where to
// resume, what an asked-for step needs first), the UI's step bar and `check` all use this, so they
// agree.
//
// The rule: a step is done when every check it lists passes (a skip does not count against it) and,
// for step 3, a function package holds (steps/build-verdict.ts). It is "could not check" when the
// endpoint does not answer for a check it needs (and nothing else failed); otherwise it is not done.
// Established read-only (list, start-up, resume), the checks that write are replaced by read-only
// evidence (evidence.ts).
import type { Lesson, Step } from '../lesson/index.js';
import type { CheckContext } from '../checks/context.js';
import { runCheck } from '../checks/define.js';
import { runChecks } from '../checks/run-checks.js';
import type { CheckResult } from '../checks/result.js';
import type { Text } from '../i18n/text.js';
import { verifyBuild, type ArtifactVerdict } from '../steps/build-verdict.js';
import { isWritingCheck, readOnlyVerdict } from './evidence.js';
import type { Progress, StepStatus } from './schema.js';

/** How a check's result in an establishment was reached. */
export type CheckBasis = 'checked' | 'evidence' | 'memo' | 'skipped';

export interface EstablishedCheck extends CheckResult {
  basis: CheckBasis;
}

export interface EstablishedStep {
  step: Step;
  status: StepStatus;
  /** Why: what made it done, or the first thing that is missing. */
  message: Text;
  checks: EstablishedCheck[];
  /** Step 3: the function package verdict. */
  build?: ArtifactVerdict;
}

export interface Establishment {
  steps: EstablishedStep[];
  /** The first step that is not done (undefined when every step is). */
  next?: Step;
}

/**
 * Establishes every step (or those up to `through`). Read-only when `ctx.readOnly`: the checks
 * that write are then answered from evidence and from the memos in `progress`.
 */
export async function establishSteps(ctx: CheckContext, progress: Progress | undefined, through?: Step): Promise<Establishment> {
  const steps = ctx.lesson.steps.filter((s) => !through || s.number <= through.number);
  const wanted = [...new Set(steps.flatMap((s) => s.checks))];
  const results: EstablishedCheck[] = [];
  for (const result of await runChecks(ctx, wanted)) results.push(await settle(ctx, result, progress));
  const build = steps.some((s) => s.artifact) ? await verifyBuild(ctx) : undefined;
  const established = steps.map((step) => establishFromResults(step, results, step.artifact ? build : undefined));
  const next = established.find((s) => s.status !== 'done')?.step;
  return { steps: established, ...(next ? { next } : {}) };
}

/** A read-only skip of a writing check becomes its read-only verdict (memo or evidence). */
async function settle(ctx: CheckContext, result: CheckResult, progress: Progress | undefined): Promise<EstablishedCheck> {
  if (!ctx.readOnly || result.status !== 'skip' || !isWritingCheck(result.id)) return { ...result, basis: result.status === 'skip' ? 'skipped' : 'checked' };
  const id = result.id;
  const memo = progress?.checks[id];
  const settled = await runCheck({ id, needsEndpoint: true, run: (c) => readOnlyVerdict(c, id, memo) }, ctx);
  const fromMemo = settled.evidence.some((e) => e.label === 'established from' && e.value.startsWith(`the ${id} check`));
  return { ...settled, basis: settled.status === 'skip' ? 'skipped' : fromMemo ? 'memo' : 'evidence' };
}

/**
 * One step's status from check results that cover it (and its build verdict), or undefined when
 * the results do not include all its checks. The UI uses this to update every step a check run
 * covers, so the step bar never keeps a ✓ that the checks just took back.
 */
export function establishFromResults(step: Step, results: readonly CheckResult[], build?: ArtifactVerdict): EstablishedStep;
export function establishFromResults(step: Step, results: readonly CheckResult[], build: ArtifactVerdict | undefined, partial: true): EstablishedStep | undefined;
export function establishFromResults(step: Step, results: readonly CheckResult[], build?: ArtifactVerdict, partial?: true): EstablishedStep | undefined {
  const own = step.checks.map((id) => results.find((r) => r.id === id));
  if (partial && (own.some((r) => r === undefined) || (step.artifact && !build))) return undefined;
  const checks = own.filter((r): r is CheckResult => r !== undefined).map((r) => ({ ...r, basis: (r as EstablishedCheck).basis ?? 'checked' }));
  const base = { step, checks, ...(build ? { build } : {}) };
  const errors = checks.filter((r) => r.status === 'error');
  // With nothing answering, check 1 fails (its own verdict) and the rest cannot run: for the other
  // steps that is "could not check", not a failure of theirs.
  const failing = checks.filter((r) => r.status === 'fail' && !(r.id === 'localstack-running' && errors.length > 0));
  if (failing.length > 0) return { ...base, status: 'not-done', message: failing[0].message };
  if (errors.length > 0) return { ...base, status: 'could-not-check', message: errors[0].message };
  if (build && !build.ok) return { ...base, status: build.couldNotCheck ? 'could-not-check' : 'not-done', message: build.message };
  if (checks.length === 0 && !build) return { ...base, status: 'not-done', message: { en: 'nothing establishes this step', ja: 'このステップを確認する手段がありません' } };
  return { ...base, status: 'done', message: build?.message ?? doneMessage(checks) };
}

function doneMessage(checks: readonly EstablishedCheck[]): Text {
  const shown = checks.filter((c) => c.status === 'pass').at(-1);
  return shown?.message ?? { en: 'its checks pass', ja: '確認はすべて通っています' };
}

/** Every step's status for `lesson` from the results of one check run (steps the results cover). */
export function establishCovered(lesson: Lesson, results: readonly CheckResult[], build?: ArtifactVerdict): EstablishedStep[] {
  return lesson.steps
    .map((step) => establishFromResults(step, results, step.artifact ? build : undefined, true))
    .filter((s): s is EstablishedStep => s !== undefined);
}

/** A short "how" for the progress cache: which package, or which evidence. */
export function viaOf(established: EstablishedStep): string | undefined {
  if (established.build?.package) return `${established.build.package.shown} (${established.build.package.origin})`;
  const special = established.checks.filter((c) => c.basis === 'evidence' || c.basis === 'memo').map((c) => `${c.id}: ${c.basis}`);
  return special.length ? special.join(', ') : undefined;
}
