// What can happen to the UI state; string action types as ink-ui's reducers use.
import type { Lang } from '../../config/language.js';
import type { Text } from '../../i18n/text.js';
import type { CheckResult } from '../../checks/result.js';
import type { StepChange } from '../../steps/context.js';
import type { Diagnosis, Fix } from '../../troubleshoot/types.js';
import type { PreflightReport } from '../../lesson/preflight.js';
import type { Busy, CheckRow, EndpointInfo, LessonSummary, Notice, PageView, StepFailureInfo, StepState } from './types.js';

export type UiAction =
  /** leaveOpening: the environment shows the learner already began (steps past the first done). */
  | { type: 'resumed'; stepIndex: number; steps: Record<string, StepState>; notice?: Notice; leaveOpening?: boolean }
  | { type: 'select-step'; index: number }
  /** n / p: relative to the state as reduced, so keys pressed before the next frame each count. */
  | { type: 'move-step'; by: number }
  | { type: 'busy'; busy: Busy }
  | { type: 'progress'; phase: Text; deadline?: number }
  | { type: 'idle' }
  | { type: 'step-state'; stepId: string; state: StepState }
  | { type: 'checks-begin'; stepId: string; rows: CheckRow[] }
  | { type: 'checks-pending'; rows: CheckRow[] }
  | { type: 'check-result'; result: CheckResult }
  | { type: 'step-changes'; changes: StepChange[] }
  | { type: 'step-failure'; failure: StepFailureInfo }
  | { type: 'artifact'; artifact: { ok: boolean; message: Text } }
  | { type: 'diagnosing' }
  | { type: 'diagnosed'; diagnoses: Diagnosis[]; offers: Fix[]; open: boolean }
  | { type: 'show'; view: PageView }
  | { type: 'toggle-panel' }
  | { type: 'toggle-help' }
  | { type: 'close-overlay' }
  | { type: 'open-detail'; index: number }
  | { type: 'detail-next'; count: number }
  | { type: 'select-fix'; delta: number }
  | { type: 'ask-fix' }
  | { type: 'cancel-fix' }
  | { type: 'watch'; on: boolean }
  | { type: 'notice'; notice?: Notice }
  | { type: 'set-lang'; lang: Lang }
  /** `max`: the last first-line the view can show (content lines − viewport lines). */
  | { type: 'scroll'; delta: number; max: number }
  | { type: 'preflight'; report: PreflightReport }
  | { type: 'endpoint'; endpoint: EndpointInfo }
  | { type: 'finished'; summary: LessonSummary }
  | { type: 'quit' };
