// The guided UI's state: everything the screen shows, changed only by the reducer.
import type { Lang } from '../../config/language.js';
import type { Text } from '../../i18n/text.js';
import type { CheckStatus, Evidence } from '../../checks/result.js';
import type { EndpointKind } from '../../aws/health.js';
import type { StepChange } from '../../steps/context.js';
import type { Diagnosis, Fix } from '../../troubleshoot/types.js';
import type { PreflightReport } from '../../lesson/preflight.js';

export type StepState = 'todo' | 'running' | 'done' | 'failed' | 'lost';

/** One check on screen: pending (spinner) until its result comes in. */
export interface CheckRow {
  id: string;
  title: Text;
  status: 'pending' | CheckStatus;
  message?: Text;
  evidence: Evidence[];
  problem?: string;
}

export type BusyKind = 'starting' | 'step' | 'check' | 'fix' | 'switch';

/** Long work in progress: what, since when, and the phase the step reports (bundling, waiting…). */
export interface Busy {
  kind: BusyKind;
  label: Text;
  startedAt: number;
  phase?: Text;
  /** When the current phase gives up (for a countdown). */
  deadline?: number;
}

export interface EndpointInfo {
  url: string;
  kind: EndpointKind;
  /** Where the URL came from: `embedded` when this process serves it. */
  source: string;
  /** The session is still opening (the endpoint starting, the SDK loading): `kind` is a guess. */
  connecting?: boolean;
}

/**
 * The main area: the lesson's opening page, a step's text, the troubleshooting panel, the closing
 * page (with the lesson's time and what was built), the key help, or one item shown whole (detail).
 */
export type View = 'opening' | 'lesson' | 'panel' | 'closing' | 'help' | 'detail';

/** The views help and detail open over, and return to. */
export type PageView = Exclude<View, 'help' | 'detail'>;

export interface Notice {
  text: Text;
  tone: 'info' | 'success' | 'error';
}

export interface StepFailureInfo {
  text: Text;
  problem?: string;
  evidence: Evidence[];
}

export interface LessonSummary {
  checks: CheckRow[];
  durationMs: number;
  triggerLatencyMs?: number;
}

export interface UiState {
  lang: Lang;
  view: View;
  /** Where `?`, `d` or Esc return to. */
  returnView: PageView;
  stepIndex: number;
  steps: Record<string, StepState>;
  busy?: Busy;
  /** The checks of the last run or check, and the step they belong to. */
  checks: CheckRow[];
  checksFor?: string;
  changes: StepChange[];
  failure?: StepFailureInfo;
  artifact?: { ok: boolean; message: Text };
  diagnoses: Diagnosis[];
  /** Offers that are not a diagnosis's fix (switching to the built-in endpoint). */
  offers: Fix[];
  diagnosing: boolean;
  /** Which fix `f` applies, over diagnoses' fixes then offers. */
  fixIndex: number;
  /** Waiting for y/n before applying a fix that changes or deletes something. */
  confirming: boolean;
  watching: boolean;
  notice?: Notice;
  endpoint: EndpointInfo;
  scroll: number;
  summary?: LessonSummary;
  /** The preparation checklist (the opening page's 準備), once it has run. */
  preflight?: PreflightReport;
  /** Which item the detail view shows (an index into detailItems, wrapped round). */
  detailIndex: number;
  quitting: boolean;
}
