// The UI's behaviour: turns intents (from keys) into calls on the lesson services and dispatches
// what happened to the reducer. Components never call services themselves.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { Lang } from '../../config/language.js';
import type { Step } from '../../lesson/index.js';
import type { CheckResult } from '../../checks/result.js';
import { failureText } from '../../failures/failure-text.js';
import type { LessonServices } from '../services.js';
import type { StepConfirmation } from '../../steps/flow.js';
import type { Intent } from '../keys.js';
import { initialState, uiReducer } from '../state/reducer.js';
import { selectedFix } from '../state/selectors.js';
import type { CheckRow, StepState, UiState } from '../state/types.js';
import { detailItems, detailStart } from '../view/detail-lines.js';
import { NOTICES } from '../messages.js';

/** What the screen tells the keys about the main area: the last first-line it can show, and a page. */
export interface ViewportMeasure {
  max: number;
  page: number;
}

export interface LessonOptions {
  services: LessonServices;
  lang: Lang;
  /** `--step`: open here instead of the resume point. */
  startStep?: Step;
  /** `--yes`: apply fixes without asking. */
  yes?: boolean;
  /** The main area as last drawn (App keeps it current): scrolling stays inside the text. */
  viewport: { readonly current: ViewportMeasure };
}

export type Intents = Record<Intent, () => void>;

const pendingRows = (step: Step, lessonChecks: { id: string; title: { en: string; ja: string } }[]): CheckRow[] =>
  step.checks.map((id) => ({ id, title: lessonChecks.find((c) => c.id === id)?.title ?? { en: id, ja: id }, status: 'pending', evidence: [] }));

const stepDoneText = NOTICES.stepDone;

const failed = (results: readonly CheckResult[]) => results.some((r) => r.status === 'fail' || r.status === 'error');

export function useLesson(options: LessonOptions): { state: UiState; intents: Intents; clampScroll: () => void } {
  const { services } = options;
  const lesson = services.lesson;
  // The opening page first, unless --step names a step; once the saved progress and the endpoint are
  // read, a return (progress saved, or steps done elsewhere) moves on to the step (see 'resumed').
  const openingFirst = !options.startStep;
  const [state, dispatch] = useReducer(
    uiReducer,
    {
      lang: options.lang,
      endpoint: services.endpoint(),
      stepIds: lesson.steps.map((s) => s.id),
      stepIndex: options.startStep ? options.startStep.number - 1 : 0,
      view: openingFirst ? ('opening' as const) : ('lesson' as const),
    },
    initialState,
  );
  const stateRef = useRef(state);
  stateRef.current = state;
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  const safe = useCallback((action: Parameters<typeof dispatch>[0]) => {
    if (mounted.current) dispatch(action);
  }, []);

  const currentStep = () => lesson.steps[stateRef.current.stepIndex];
  const scrollBy = (delta: number) => safe({ type: 'scroll', delta, max: options.viewport.current.max });

  const showNotes = () => {
    const notes = services.takeNotes();
    if (notes.length > 0) safe({ type: 'notice', notice: { text: { en: notes.join(' '), ja: notes.join(' ') }, tone: 'info' } });
  };

  /**
   * After a failure: ask the troubleshooter, and open the panel with what it says. `open` false when
   * the learner opened the panel themselves (t): the answer then fills it without opening it again,
   * so an Esc pressed meanwhile is kept.
   */
  const troubleshoot = async (results: CheckResult[], open = true) => {
    safe({ type: 'diagnosing' });
    const diagnoses = await (services.diagnose?.(results) ?? Promise.resolve([])).catch((error: unknown) => {
      // The checks' own evidence still shows in the panel; say why there is no diagnosis.
      const detail = failureText(error);
      safe({ type: 'notice', notice: { text: NOTICES.troubleshooterFailed(detail), tone: 'error' } });
      return [];
    });
    const offers = await services.offers(results, diagnoses).catch(() => []);
    safe({ type: 'diagnosed', diagnoses, offers, open });
    // Still on the opening page (step 1 is checked at start): say where the explanation is.
    if (open && stateRef.current.view === 'opening') safe({ type: 'notice', notice: { text: NOTICES.failedOnOpening, tone: 'error' } });
  };

  const finishLesson = (checks: CheckRow[]) => {
    safe({ type: 'finished', summary: { checks, ...services.timing() } });
  };

  /** Every other step the results cover follows them: a ✓ the checks just took back does not stay. */
  const followChecks = (current: Step, results: CheckResult[], artifact?: StepConfirmation['artifact']) => {
    for (const [stepId, status] of Object.entries(services.covered(results, artifact))) {
      if (stepId === current.id || status === 'could-not-check') continue;
      safe({ type: 'step-state', stepId, state: status === 'done' ? 'done' : 'failed' });
    }
  };

  const rowsOf = (results: CheckResult[]): CheckRow[] =>
    results.map((r) => ({ id: r.id, title: r.title, status: r.status, message: r.message, evidence: r.evidence, ...(r.problem ? { problem: r.problem } : {}) }));

  const guard = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      safe({ type: 'notice', notice: { text: failureText(error), tone: 'error' } });
    } finally {
      safe({ type: 'idle' });
    }
  };

  const runStep = () =>
    guard(async () => {
      const step = currentStep();
      safe({ type: 'watch', on: false });
      safe({ type: 'busy', busy: { kind: 'step', label: step.title, startedAt: Date.now() } });
      safe({ type: 'step-state', stepId: step.id, state: 'running' });
      // The checks appear (pending) when the step's own work is over and they start.
      safe({ type: 'checks-begin', stepId: step.id, rows: [] });
      const checksStart = () => safe({ type: 'checks-pending', rows: pendingRows(step, lesson.checks) });
      const run = await services.perform(
        step,
        {
          onOutcome: (_s, outcome) => {
            safe({ type: 'step-changes', changes: outcome.changes });
            checksStart();
          },
          onFailure: (_s, failure) => {
            safe({ type: 'step-failure', failure: { text: failure.text, evidence: failure.evidence, ...(failure.problem ? { problem: failure.problem } : {}) } });
            checksStart();
          },
          onCheck: (_s, result) => safe({ type: 'check-result', result }),
        },
        (event) => safe({ type: 'progress', phase: event.phase, ...(event.deadline ? { deadline: event.deadline } : {}) }),
      );
      const artifact = run.confirmation?.artifact;
      if (artifact) safe({ type: 'artifact', artifact: { ok: artifact.ok, message: artifact.message } });
      safe({ type: 'step-state', stepId: step.id, state: run.ok ? 'done' : 'failed' });
      const results = run.confirmation?.checks ?? [];
      followChecks(step, results);
      safe({ type: 'idle' });
      if (!run.ok) await troubleshoot(results);
      else afterSuccess(step, results);
    });

  const afterSuccess = (step: Step, results: CheckResult[]) => {
    if (step.number === lesson.steps.length) {
      finishLesson(rowsOf(results));
      return;
    }
    safe({ type: 'notice', notice: { text: stepDoneText(step.number), tone: 'success' } });
  };

  /** Resolves true when the step's checks passed. */
  const checkStep = async (quietWhenFailing = false): Promise<boolean> => {
    let ok = false;
    await guard(async () => {
      const step = currentStep();
      safe({ type: 'busy', busy: { kind: 'check', label: step.title, startedAt: Date.now() } });
      safe({ type: 'checks-begin', stepId: step.id, rows: pendingRows(step, lesson.checks) });
      const confirmation = await services.check(step, (result) => safe({ type: 'check-result', result }));
      if (confirmation.artifact) safe({ type: 'artifact', artifact: { ok: confirmation.artifact.ok, message: confirmation.artifact.message } });
      safe({ type: 'step-state', stepId: step.id, state: confirmation.ok ? 'done' : 'failed' });
      followChecks(step, confirmation.checks, confirmation.artifact);
      safe({ type: 'idle' });
      ok = confirmation.ok;
      if (confirmation.ok) {
        safe({ type: 'watch', on: false });
        afterSuccess(step, confirmation.checks);
      } else if (!quietWhenFailing) {
        await troubleshoot(confirmation.checks);
      }
    });
    return ok;
  };

  const applyFix = () =>
    guard(async () => {
      const fix = selectedFix(stateRef.current);
      if (!fix) return;
      safe({ type: 'cancel-fix' });
      safe({ type: 'busy', busy: { kind: 'fix', label: fix.title, startedAt: Date.now() } });
      const result = await services.applyFix(fix);
      safe({ type: 'endpoint', endpoint: services.endpoint() });
      safe({ type: 'idle' });
      safe({ type: 'show', view: 'lesson' });
      const ok = await checkStep();
      // What the fix did stays on screen, with the step's news after it.
      const step = currentStep();
      const after = ok ? (step.number === lesson.steps.length ? undefined : stepDoneText(step.number)) : NOTICES.stillFailing;
      safe({ type: 'notice', notice: { text: after ? { en: `${result.message.en} · ${after.en}`, ja: `${result.message.ja} · ${after.ja}` } : result.message, tone: ok ? 'success' : 'info' } });
      showNotes();
    });

  // The opening page's preparation checklist: the tools on this machine, checked once, in the
  // background, when the UI has been idle a moment. Running aws, docker and a pyenv shim costs CPU:
  // at start it would compete with step 1's check (and with an in-process endpoint's answers).
  const preflightStarted = useRef(false);
  useEffect(() => {
    if (state.busy || preflightStarted.current) return;
    const timer = setTimeout(() => {
      preflightStarted.current = true;
      services.preflight().then(
        (report) => safe({ type: 'preflight', report }),
        () => undefined, // the page keeps its "checking" lines; doctor says more
      );
    }, PREFLIGHT_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- services and safe do not change
  }, [state.busy]);

  // Start-up: the saved state first (shown while the endpoint is asked), then every step as the
  // environment establishes it, opening at the first one not done. The first frame is drawn while
  // the session opens (start.ts): the saved progress is read once it is open.
  useEffect(() => {
    void guard(async () => {
      safe({ type: 'busy', busy: { kind: 'starting', label: { en: 'Establishing your progress from the endpoint and your files', ja: 'エンドポイントと手元のファイルから進み具合を確認しています' }, startedAt: Date.now() } });
      const cached = (await services.progress()).steps;
      // Quit while the session was opening: there is nothing to establish for anyone.
      if (!mounted.current) return;
      safe({ type: 'endpoint', endpoint: services.endpoint() });
      for (const step of lesson.steps) if (cached[step.id]?.status === 'done') safe({ type: 'step-state', stepId: step.id, state: 'done' });
      const resume = await services.resume();
      if (!mounted.current) return;
      const steps: Record<string, StepState> = {};
      for (const established of resume.establishment.steps) {
        const id = established.step.id;
        steps[id] = established.status === 'done' ? 'done' : resume.lost.some((s) => s.id === id) ? 'lost' : 'todo';
      }
      // A first start with only the endpoint up begins at step 1, so its page (how the endpoint and
      // the shell are set up) is seen once; otherwise the UI opens at the first step not done.
      const fresh = !lesson.steps.some((s) => cached[s.id]?.status === 'done');
      const target = options.startStep ?? (fresh && resume.step?.number === 2 ? lesson.steps[0] : resume.step);
      const lost = resume.lost[0];
      const notice = lost
        ? {
            text: {
              en: `Your progress says step ${lost.number} was done, but the endpoint no longer has what it made: do it again.`,
              ja: `進捗ではステップ ${lost.number} は完了済みですが、エンドポイントにその結果がありません。もう一度実行してください。`,
            },
            tone: 'info' as const,
          }
        : undefined;
      // Steps past the first done elsewhere (typed by hand, the scripts): the learner has begun, so
      // the opening page gives way to the step to do.
      const begun = !fresh || resume.establishment.steps.some((s) => s.status === 'done' && s.step.number > 1);
      safe({ type: 'resumed', stepIndex: target ? target.number - 1 : lesson.steps.length - 1, steps, ...(notice ? { notice } : {}), leaveOpening: begun });
      showNotes();
      safe({ type: 'idle' });
      if (!target) {
        // Everything done and confirmed: straight to the summary, with the checklist read-only.
        const last = lesson.steps[lesson.steps.length - 1];
        const confirmation = await services.check(last, () => {});
        finishLesson(rowsOf(confirmation.checks));
      } else if (target.number === 1) {
        // Step 1 is only "is the endpoint there": check it at once, so a missing one is explained.
        await checkStep();
      }
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on mount
  }, []);

  const intents: Intents = {
    run: () => void runStep(),
    check: () => void checkStep(),
    watch: () => {
      const on = !stateRef.current.watching;
      safe({ type: 'watch', on });
      if (on && !stateRef.current.busy) void checkStep(true);
      safe({ type: 'notice', notice: { text: on ? NOTICES.watchOn : NOTICES.watchOff, tone: 'info' } });
    },
    begin: () => {
      // To the step to do; to its diagnosis when its check failed while the page was open.
      const s = stateRef.current;
      safe({ type: 'show', view: s.diagnoses.length > 0 || s.offers.length > 0 ? 'panel' : 'lesson' });
    },
    next: () => safe({ type: 'move-step', by: 1 }),
    previous: () => (stateRef.current.view === 'closing' ? safe({ type: 'show', view: 'lesson' }) : safe({ type: 'move-step', by: -1 })),
    detail: () => {
      const s = stateRef.current;
      safe({ type: 'open-detail', index: detailStart(detailItems(lesson, s), s.view === 'panel') });
    },
    'close-detail': () => safe({ type: 'close-overlay' }),
    'next-detail': () => safe({ type: 'detail-next', count: detailItems(lesson, stateRef.current).length }),
    opening: () => safe({ type: 'show', view: 'opening' }),
    closing: () => safe({ type: 'show', view: 'closing' }),
    shop: () =>
      void guard(async () => {
        const { url, opened } = await services.openShop(stateRef.current.lang);
        safe({ type: 'notice', notice: { text: NOTICES.shopOpened(url, opened), tone: 'info' } });
      }),
    troubleshoot: () => {
      const s = stateRef.current;
      safe({ type: 'toggle-panel' });
      // Opening the panel on a failure nobody diagnosed yet (e.g. shown before a language switch).
      if (s.view !== 'panel' && s.diagnoses.length === 0 && s.offers.length === 0 && !s.diagnosing && s.checks.length > 0) {
        const results = s.checks.filter((c) => c.status !== 'pending').map((c) => ({ id: c.id, title: c.title, status: c.status as CheckResult['status'], message: c.message ?? { en: '', ja: '' }, evidence: c.evidence, durationMs: 0 }));
        if (failed(results)) void troubleshoot(results, false);
      }
    },
    fix: () => {
      const fix = selectedFix(stateRef.current);
      if (!fix) return;
      if (fix.impact !== 'none' && !options.yes) safe({ type: 'ask-fix' });
      else void applyFix();
    },
    'next-fix': () => safe({ type: 'select-fix', delta: 1 }),
    'confirm-yes': () => void applyFix(),
    'confirm-no': () => safe({ type: 'cancel-fix' }),
    language: () => safe({ type: 'set-lang', lang: stateRef.current.lang === 'ja' ? 'en' : 'ja' }),
    help: () => safe({ type: 'toggle-help' }),
    quit: () => safe({ type: 'quit' }),
    'scroll-up': () => scrollBy(-1),
    'scroll-down': () => scrollBy(1),
    'page-up': () => scrollBy(-options.viewport.current.page),
    'page-down': () => scrollBy(options.viewport.current.page),
    close: () => safe({ type: 'close-overlay' }),
  };

  useWatch(state, async () => void (await checkStep(true)));
  return { state, intents, clampScroll: () => scrollBy(0) };
}

/** How long the UI is idle before the preparation checklist runs. */
const PREFLIGHT_DELAY_MS = 1500;

/** Watch mode: while on and idle, re-check every few seconds; a passing check turns it off. */
export const WATCH_INTERVAL_MS = 3000;

function useWatch(state: UiState, check: () => Promise<void>): void {
  const checkRef = useRef(check);
  checkRef.current = check;
  useEffect(() => {
    if (!state.watching || state.busy || state.quitting) return;
    const timer = setTimeout(() => void checkRef.current(), WATCH_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [state.watching, state.busy, state.quitting, state.checks]);
}
