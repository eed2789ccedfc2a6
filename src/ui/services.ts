// What the guided UI does, as plain functions over a lesson session: the same step, check and
// troubleshooting modules `run`, `check` and `doctor` use. No Ink here; the hooks call these.
import type { Lesson, Step } from '../lesson/index.js';
import type { CheckContext } from '../checks/context.js';
import type { CheckResult } from '../checks/result.js';
import type { Progress } from '../progress/store.js';
import type { Text } from '../i18n/text.js';
import type { ProgressEvent } from '../steps/context.js';
import type { Diagnosis, Fix, FixResult } from '../troubleshoot/types.js';
import { confirmStep, findResumePoint, performStep, type ResumePoint, type StepConfirmation, type StepHooks, type StepRun } from '../steps/flow.js';
import { readHealth } from '../aws/health.js';
import type { Session, SessionOptions } from '../commands/session.js';
import type { EndpointInfo } from './state/types.js';
import type { PreflightReport } from '../lesson/preflight.js';

export type Diagnose = (ctx: CheckContext, results: CheckResult[]) => Promise<Diagnosis[]>;

/** Opens a replacement session (another endpoint); start.ts passes commands/session's openSession. */
export type Reopen = (overrides: Partial<SessionOptions>) => Promise<Session>;

export interface LessonServices {
  readonly lesson: Lesson;
  endpoint(): EndpointInfo;
  /** Notes the session wrote for the person (built-in endpoint started on …), oldest first. */
  takeNotes(): string[];
  progress(): Progress;
  /** Where to continue, re-confirmed against the endpoint (read-only). */
  resume(): Promise<ResumePoint>;
  perform(step: Step, hooks: StepHooks, onProgress: (event: ProgressEvent) => void): Promise<StepRun>;
  /** The step's checks (and artefact); records the step as done when they pass. */
  check(step: Step, onResult: (result: CheckResult) => void): Promise<StepConfirmation>;
  /** Undefined until the troubleshooter is wired: the panel then shows the checks' own evidence. */
  diagnose?: (results: CheckResult[]) => Promise<Diagnosis[]>;
  /** Offers that are not a diagnosis: switching to the built-in endpoint when nothing answers. */
  offers(results: CheckResult[], diagnoses: Diagnosis[]): Promise<Fix[]>;
  applyFix(fix: Fix): Promise<FixResult>;
  /** The preparation checklist (the tools on this machine), as `doctor` reports it. */
  preflight(): Promise<PreflightReport>;
  /** Time since the lesson was started and the trigger latency step 6 measured. */
  timing(): { durationMs: number; triggerLatencyMs?: number };
  close(): Promise<void>;
}

export interface ServicesOptions {
  session: Session;
  reopen: Reopen;
  diagnose?: Diagnose;
  /** Where the session writes its notes; the UI shows them (shared with `reopen`). */
  notes?: string[];
}

export const SWITCH_TO_BUILTIN_FIX_ID = 'use-builtin-endpoint';

export function createLessonServices(options: ServicesOptions): LessonServices {
  let session = options.session;
  const notes = options.notes ?? [];
  const loaded = session.progress.load(session.lesson.id);
  if (loaded.warning) notes.push(loaded.warning[session.lang]);
  let progress = loaded.progress;

  const context = (onProgress?: (event: ProgressEvent) => void): CheckContext => ({ ...session.stepContext(onProgress), readOnly: false });

  /** Moves the lesson to another endpoint: a new session, then the old one is released. */
  const moveTo = async (overrides: Partial<SessionOptions>): Promise<void> => {
    const next = await options.reopen(overrides);
    const previous = session;
    session = next;
    progress = session.progress.load(session.lesson.id).progress;
    await previous.close();
  };

  const switchToBuiltin: Fix = {
    id: SWITCH_TO_BUILTIN_FIX_ID,
    title: { en: 'Switch to the built-in endpoint (served on port 4566 while this runs)', ja: '内蔵エンドポイントに切り替える (実行中は 4566 番ポートで応答)' },
    command: 'npx serverless-tutorial endpoint',
    impact: 'none',
    apply: async () => {
      await moveTo({ embedded: true, endpoint: undefined });
      const url = session.endpoint.url;
      return {
        message: {
          en: `Now using the built-in endpoint at ${url}. awslocal in another terminal reaches it while this runs.`,
          ja: `内蔵エンドポイント (${url}) に切り替えました。実行中は別のターミナルの awslocal からも使えます。`,
        },
        endpoint: url,
      };
    },
  };

  return {
    get lesson() {
      return session.lesson;
    },
    endpoint: () => ({ url: session.endpoint.url, kind: session.endpoint.kind, source: session.endpoint.source }),
    takeNotes: () => notes.splice(0),
    progress: () => progress,
    resume: () => findResumePoint(context(), session.lesson.steps, progress),
    perform: async (step, hooks, onProgress) => {
      const result = await performStep(context(onProgress), step, session.progress, progress, hooks);
      progress = result.progress;
      return result.run;
    },
    check: async (step, onResult) => {
      const ctx = context();
      const confirmation = await confirmStep(ctx, step, onResult);
      if (confirmation.ok) progress = session.progress.markDone({ ...progress, endpoint: ctx.endpoint.url }, step.id, progress.steps[step.id]?.details);
      return confirmation;
    },
    ...(options.diagnose ? { diagnose: (results: CheckResult[]) => options.diagnose!(context(), results) } : {}),
    offers: async (results, diagnoses) => {
      if (session.endpoint.source === 'embedded') return [];
      const endpointFailed = results.some((r) => r.id === 'localstack-running' && r.status !== 'pass' && r.status !== 'skip');
      if (!endpointFailed) return [];
      // The troubleshooter may already offer the built-in endpoint; do not offer it twice.
      if (diagnoses.some((d) => d.fixes.some((f) => /builtin|embedded/.test(f.id)))) return [];
      return (await readHealth(session.endpoint.url, 1500)).unreachable ? [switchToBuiltin] : [];
    },
    applyFix: async (fix) => {
      const result = await fix.apply(context());
      // A fix that started an endpoint elsewhere (e.g. the built-in one): follow it.
      if (result.endpoint && result.endpoint !== session.endpoint.url) await moveTo({ endpoint: result.endpoint, embedded: false });
      return result;
    },
    // Loaded on first use: it runs the tools (aws, docker) and is not needed for the first frame.
    preflight: async () => (await import('../lesson/preflight.js')).runPreflight(process.env, { entries: session.lesson.preflight, timeoutMs: 5000 }),
    timing: () => {
      const started = Date.parse(progress.startedAt);
      const last = session.lesson.steps[session.lesson.steps.length - 1];
      const finished = progress.steps[last.id]?.completedAt;
      const latency = progress.steps[last.id]?.details?.triggerLatencyMs;
      return {
        durationMs: Math.max(0, (finished ? Date.parse(finished) : Date.now()) - started),
        ...(typeof latency === 'number' ? { triggerLatencyMs: latency } : {}),
      };
    },
    close: () => session.close(),
  };
}

/** The page to read when the lesson is done. */
export function closingPage(lesson: Lesson): Text {
  return lesson.pages.closing;
}
