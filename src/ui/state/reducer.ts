// The one place the UI state changes. Pure: the hooks do the work and dispatch what happened.
import type { Lang } from '../../config/language.js';
import type { UiAction } from './actions.js';
import type { EndpointInfo, PageView, UiState } from './types.js';
import { allFixes } from './selectors.js';

export function initialState(options: { lang: Lang; endpoint: EndpointInfo; stepIds: readonly string[]; stepIndex?: number; view?: PageView }): UiState {
  const view = options.view ?? 'lesson';
  return {
    lang: options.lang,
    view,
    returnView: view,
    stepIndex: options.stepIndex ?? 0,
    steps: Object.fromEntries(options.stepIds.map((id) => [id, 'todo'])),
    checks: [],
    changes: [],
    diagnoses: [],
    offers: [],
    diagnosing: false,
    fixIndex: 0,
    confirming: false,
    watching: false,
    endpoint: options.endpoint,
    scroll: 0,
    detailIndex: 0,
    quitting: false,
  };
}

const isPage = (view: UiState['view']): view is PageView => view !== 'help' && view !== 'detail';

/** Leaving a step forgets what was shown for it (its checks, failure, diagnosis). */
function clearStepResults(state: UiState): UiState {
  return { ...state, checks: [], checksFor: undefined, changes: [], failure: undefined, artifact: undefined, diagnoses: [], offers: [], fixIndex: 0, confirming: false };
}

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'resumed': {
      const leave = action.leaveOpening === true && state.view === 'opening';
      const moved = { stepIndex: action.stepIndex, steps: action.steps, notice: action.notice, scroll: 0 };
      return leave ? { ...state, ...moved, view: 'lesson', returnView: 'lesson' } : { ...state, ...moved };
    }
    case 'select-step': {
      const ids = Object.keys(state.steps);
      const index = Math.max(0, Math.min(ids.length - 1, action.index));
      if (index === state.stepIndex && (state.view === 'lesson' || state.view === 'panel')) return { ...state, view: 'lesson', returnView: 'lesson', scroll: 0 };
      return { ...clearStepResults(state), stepIndex: index, view: 'lesson', returnView: 'lesson', scroll: 0, watching: false, notice: undefined };
    }
    case 'move-step':
      return uiReducer(state, { type: 'select-step', index: state.stepIndex + action.by });
    case 'busy':
      return { ...state, busy: action.busy, notice: undefined };
    case 'progress':
      return state.busy ? { ...state, busy: { ...state.busy, phase: action.phase, deadline: action.deadline } } : state;
    case 'idle':
      return { ...state, busy: undefined };
    case 'step-state':
      return { ...state, steps: { ...state.steps, [action.stepId]: action.state } };
    case 'checks-begin':
      return {
        ...clearStepResults(state),
        checks: action.rows,
        checksFor: action.stepId,
        view: state.view === 'panel' ? 'lesson' : state.view,
        returnView: state.returnView === 'panel' ? 'lesson' : state.returnView,
      };
    case 'checks-pending':
      return { ...state, checks: action.rows };
    case 'check-result': {
      const known = state.checks.some((row) => row.id === action.result.id);
      const row = { id: action.result.id, title: action.result.title, status: action.result.status, message: action.result.message, evidence: action.result.evidence, problem: action.result.problem };
      return { ...state, checks: known ? state.checks.map((r) => (r.id === row.id ? row : r)) : [...state.checks, row] };
    }
    case 'step-changes':
      return { ...state, changes: action.changes };
    case 'step-failure':
      return { ...state, failure: action.failure };
    case 'artifact':
      return { ...state, artifact: action.artifact };
    case 'diagnosing':
      return { ...state, diagnosing: true };
    case 'diagnosed': {
      // The panel opens over the step; on another page (the opening page while step 1 is checked
      // at start) it waits until the learner goes to the step.
      const open = action.open && (state.view === 'lesson' || state.view === 'panel');
      return {
        ...state,
        diagnosing: false,
        diagnoses: action.diagnoses,
        offers: action.offers,
        fixIndex: 0,
        view: open ? 'panel' : state.view,
        returnView: open ? 'panel' : state.returnView,
        scroll: open ? 0 : state.scroll,
      };
    }
    case 'show':
      return { ...state, view: action.view, returnView: action.view, scroll: 0, confirming: false };
    case 'toggle-panel': {
      const view = state.view === 'panel' ? 'lesson' : 'panel';
      return { ...state, view, returnView: view, scroll: 0, confirming: false };
    }
    case 'toggle-help':
      return state.view === 'help'
        ? { ...state, view: state.returnView, scroll: 0 }
        : { ...state, view: 'help', returnView: isPage(state.view) ? state.view : state.returnView, scroll: 0, confirming: false };
    case 'close-overlay':
      if (state.confirming) return { ...state, confirming: false };
      if (state.view === 'help' || state.view === 'detail') return { ...state, view: state.returnView, scroll: 0 };
      if (state.view === 'panel') return { ...state, view: 'lesson', returnView: 'lesson', scroll: 0 };
      return state;
    case 'open-detail':
      return { ...state, view: 'detail', detailIndex: action.index, returnView: isPage(state.view) ? state.view : state.returnView, scroll: 0, confirming: false };
    case 'detail-next':
      return { ...state, detailIndex: action.count > 0 ? (state.detailIndex + 1) % action.count : 0, scroll: 0 };
    case 'select-fix': {
      const count = allFixes(state).length;
      if (count === 0) return state;
      return { ...state, fixIndex: (state.fixIndex + action.delta + count) % count, confirming: false };
    }
    case 'ask-fix':
      return { ...state, confirming: true };
    case 'cancel-fix':
      return { ...state, confirming: false };
    case 'watch':
      return { ...state, watching: action.on };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'set-lang':
      return { ...state, lang: action.lang };
    case 'scroll': {
      // Kept inside the text: Space at the bottom stays at the bottom, so k moves at once.
      const scroll = Math.max(0, Math.min(Math.max(0, action.max), state.scroll + action.delta));
      return scroll === state.scroll ? state : { ...state, scroll };
    }
    case 'preflight':
      return { ...state, preflight: action.report };
    case 'endpoint':
      return { ...state, endpoint: action.endpoint };
    case 'finished':
      return { ...state, summary: action.summary, view: 'closing', returnView: 'closing', scroll: 0, watching: false };
    case 'quit':
      return { ...state, quitting: true, watching: false };
  }
}
