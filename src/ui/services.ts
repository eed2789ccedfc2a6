// What the guided UI does, as plain functions over a lesson session: the same step, check and
// troubleshooting modules `run`, `check` and `doctor` use. No Ink here; the hooks call these.
import type { Lesson, Step } from '../lesson/index.js';
import type { CheckContext } from '../checks/context.js';
import type { CheckResult } from '../checks/result.js';
import type { Progress } from '../progress/store.js';
import type { Text } from '../i18n/text.js';
import type { ProgressEvent } from '../steps/context.js';
import type { Diagnosis, Fix, FixResult } from '../troubleshoot/types.js';
import { cacheEstablishment, confirmStep, findResumePoint, performStep, rememberChecks, type ResumePoint, type StepConfirmation, type StepHooks, type StepRun } from '../steps/flow.js';
import { establishCovered } from '../progress/establish.js';
import type { StepStatus } from '../progress/store.js';
import { readHealth } from '../aws/health.js';
import { isLoopbackUrl } from '../troubleshoot/probes/tcp.js';
import type { Session, SessionOptions } from '../commands/session.js';
import type { EndpointInfo } from './state/types.js';
import { runnerCommand } from '../config/invocation.js';
import type { PreflightReport } from '../lesson/preflight.js';
import type { Lang } from '../config/language.js';
import type { ShopPage } from '../shop/page-server.js';

export type Diagnose = (ctx: CheckContext, results: CheckResult[]) => Promise<Diagnosis[]>;

/** Opens a replacement session (another endpoint); start.ts passes commands/session's openSession. */
export type Reopen = (overrides: Partial<SessionOptions>) => Promise<Session>;

export interface LessonServices {
  readonly lesson: Lesson;
  endpoint(): EndpointInfo;
  /** Notes the session wrote for the person (built-in endpoint started on …), oldest first. */
  takeNotes(): string[];
  /** The progress as the runner holds it: the saved file until resume() establishes the steps. Async: the guided UI asks before its session is open. */
  progress(): Promise<Progress>;
  /** Every step established from the endpoint and the files (read-only), and where to continue. */
  resume(): Promise<ResumePoint>;
  /** The status of every step a check run covers (all its checks among `results`), so the step bar agrees with the checks. */
  covered(results: CheckResult[], artifact?: StepConfirmation['artifact']): Record<string, StepStatus>;
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
  /** Serves the shop page (once; until close) and opens it in the browser when there is one. */
  openShop(lang: Lang): Promise<{ url: string; opened: boolean }>;
  /** Time since the lesson's clock started (progress.json; `reset` restarts it) and the trigger latency step 6 measured. */
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
  let shop: Promise<ShopPage> | undefined;

  const context = (onProgress?: (event: ProgressEvent) => void): CheckContext => ({ ...session.stepContext(onProgress), readOnly: false });

  /** Moves the lesson to another endpoint: a new session, then the old one is released. */
  const moveTo = async (overrides: Partial<SessionOptions>): Promise<void> => {
    const next = await options.reopen(overrides);
    const previous = session;
    session = next;
    progress = session.progress.load(session.lesson.id).progress;
    await previous.close();
  };

  /** Serves the built-in endpoint on the lesson's own address (never another one), and says so. */
  const switchToBuiltin = (url: string): Fix => {
    const port = new URL(url).port || '80';
    return {
      id: SWITCH_TO_BUILTIN_FIX_ID,
      title: { en: `Switch to the built-in endpoint, served at ${url} while this runs`, ja: `内蔵エンドポイントに切り替える (実行中は ${url} で応答)` },
      command: runnerCommand(`--endpoint ${url} --embedded`),
      impact: 'none',
      apply: async () => {
        await moveTo({ embedded: true, endpoint: url });
        const now = session.endpoint.url;
        return {
          message: {
            en: `Now using the built-in endpoint at ${now} (port ${port}, the address your commands already use). awslocal in another terminal reaches it while this runs.`,
            ja: `内蔵エンドポイント (${now}) に切り替えました (ポート ${port}。コマンドの接続先はそのままで使えます)。実行中は別のターミナルの awslocal からも使えます。`,
          },
          endpoint: now,
        };
      },
    };
  };

  return {
    get lesson() {
      return session.lesson;
    },
    endpoint: () => ({ url: session.endpoint.url, kind: session.endpoint.kind, source: session.endpoint.source }),
    takeNotes: () => notes.splice(0),
    progress: async () => progress,
    resume: async () => {
      const resume = await findResumePoint(context(), progress);
      progress = cacheEstablishment(session.progress, progress, session.endpoint.url, resume.establishment);
      return resume;
    },
    covered: (results, artifact) =>
      Object.fromEntries(establishCovered(session.lesson, results, artifact).map((s) => [s.step.id, s.status])),
    perform: async (step, hooks, onProgress) => {
      const result = await performStep(context(onProgress), step, session.progress, progress, hooks);
      progress = result.progress;
      return result.run;
    },
    check: async (step, onResult) => {
      const ctx = context();
      const confirmation = await confirmStep(ctx, step, onResult);
      progress = await rememberChecks(ctx, session.progress, progress, confirmation.checks);
      if (confirmation.ok) progress = session.progress.markDone({ ...progress, endpoint: ctx.endpoint.url }, step.id, progress.steps[step.id]?.details, confirmation.artifact?.package?.shown);
      return confirmation;
    },
    ...(options.diagnose ? { diagnose: (results: CheckResult[]) => options.diagnose!(context(), results) } : {}),
    offers: async (results, diagnoses) => {
      if (session.endpoint.source === 'embedded') return [];
      const endpointFailed = results.some((r) => r.id === 'localstack-running' && r.status !== 'pass' && r.status !== 'skip');
      if (!endpointFailed) return [];
      // The troubleshooter may already offer the built-in endpoint; do not offer it twice.
      if (diagnoses.some((d) => d.fixes.some((f) => /builtin|embedded/.test(f.id)))) return [];
      // Only this machine's addresses can be served here; another machine's endpoint is its owner's to start.
      const url = session.endpoint.url;
      if (!isLoopbackUrl(url)) return [];
      return (await readHealth(url, 1500)).unreachable ? [switchToBuiltin(url)] : [];
    },
    applyFix: async (fix) => {
      const before = session;
      const result = await fix.apply(context());
      // A fix that started an endpoint (the built-in one, on this address or the one it names): follow
      // it, and re-read what answers there even when the address is the same.
      // (The switch to the built-in endpoint moves the session itself.)
      if (result.endpoint && session === before) await moveTo({ endpoint: result.endpoint, embedded: false });
      return result;
    },
    // Loaded on first use: it runs the tools (aws, docker) and is not needed for the first frame.
    preflight: async () => (await import('../lesson/preflight.js')).runPreflight(process.env, { entries: session.lesson.preflight, timeoutMs: 5000 }),
    timing: () => {
      const started = Date.parse(progress.startedAt);
      const last = session.lesson.steps[session.lesson.steps.length - 1];
      const record = progress.steps[last.id];
      const finished = record?.status === 'done' ? record.completedAt : undefined;
      const latency = progress.steps[last.id]?.details?.triggerLatencyMs;
      return {
        durationMs: Math.max(0, (finished ? Date.parse(finished) : Date.now()) - started),
        ...(typeof latency === 'number' ? { triggerLatencyMs: latency } : {}),
      };
    },
    openShop: async (lang) => {
      // Loaded on first use: the page server is not needed until the lesson is done.
      const { startShopPageAnyPort } = await import('../shop/page-server.js');
      const { openInBrowser } = await import('../shop/open-browser.js');
      const first = shop === undefined;
      shop ??= startShopPageAnyPort({ lesson: session.lesson, aws: session.aws.settings, lang });
      shop.catch(() => (shop = undefined)); // a failed start can be tried again
      const page = await shop;
      return { url: page.url, opened: first && openInBrowser(page.url) };
    },
    close: async () => {
      const page = await shop?.catch(() => undefined);
      await page?.close();
      await session.close();
    },
  };
}

/** The page to read when the lesson is done. */
export function closingPage(lesson: Lesson): Text {
  return lesson.pages.closing;
}
