// Questions the screen and the key table ask of the state.
import type { Fix } from '../../troubleshoot/types.js';
import type { UiState } from './types.js';

/** Every fix on offer, in the order the panel numbers them. */
export function allFixes(state: Pick<UiState, 'diagnoses' | 'offers'>): Fix[] {
  return [...state.diagnoses.flatMap((d) => d.fixes), ...state.offers];
}

export function selectedFix(state: UiState): Fix | undefined {
  return allFixes(state)[state.fixIndex];
}

export function hasFailure(state: UiState): boolean {
  return state.failure !== undefined || state.checks.some((c) => c.status === 'fail' || c.status === 'error') || state.artifact?.ok === false;
}

export function stepsDone(state: UiState): number {
  return Object.values(state.steps).filter((s) => s === 'done').length;
}

export function currentStepId(state: UiState): string {
  return Object.keys(state.steps)[state.stepIndex];
}

export function isLastStep(state: UiState): boolean {
  return state.stepIndex === Object.keys(state.steps).length - 1;
}

/** Whether the detail view has anything to show (a check's result, a failure, a diagnosis, a notice). */
export function hasDetails(state: UiState): boolean {
  return state.checks.some((c) => c.status !== 'pending') || state.failure !== undefined || state.artifact !== undefined || state.diagnoses.length > 0 || state.notice !== undefined;
}
