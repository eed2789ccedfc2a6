// What every step action gets, and what it gives back. Steps are plain functions over injected
// clients: `run`, `check` and the Ink UI all call the same ones.
import type { Lesson } from '../lesson/index.js';
import type { ProblemId } from '../lesson/ids.js';
import type { AwsClients } from '../aws/clients.js';
import type { EndpointKind } from '../aws/health.js';
import type { Evidence } from '../checks/result.js';
import type { Text } from '../i18n/text.js';
import type { LambdaArchitecture } from './packaging/index.js';
import type { EndpointEvents } from '../endpoint/events.js';

export interface StepContext {
  lesson: Lesson;
  aws: AwsClients;
  endpoint: { url: string; kind: EndpointKind };
  /** `<state-dir>`: the build output goes to `<state-dir>/build/`. */
  stateDir: string;
  /** The learner's working directory (their own copy of the function may be here). */
  cwd: string;
  /** `--function-dir`. */
  functionDir?: string;
  /** `--zip`: a function package the learner names (relative to cwd). */
  zip?: string;
  /** The function's architecture on LocalStack/AWS (`--arch`). */
  arch: LambdaArchitecture;
  /**
   * Set when a check re-runs the steps: test uploads then go under this prefix with unique names
   * and are deleted afterwards, so re-running leaves nothing behind in the learner's bucket.
   */
  scratchPrefix?: string;
  /** Long phases report here (bundling, waiting for Active, waiting for the trigger's output). */
  onProgress?: (event: ProgressEvent) => void;
  /** The endpoint's own events when it runs in this process (`--embedded`): waits end when they say so (wake-ups.ts). */
  endpointEvents?: EndpointEvents;
}

export interface ProgressEvent {
  phase: Text;
  /** When the phase gives up, for a countdown. */
  deadline?: number;
}

/** What happened to one resource: made now, changed now, already as the lesson wants, or only looked at. */
export type ChangeState = 'created' | 'updated' | 'unchanged' | 'verified';

export interface StepChange {
  /** The resource, as AWS names it (bucket name, role name, `function.zip`…). */
  resource: string;
  state: ChangeState;
  /** What was done or seen, for a person. */
  note: Text;
}

export interface StepOutcome {
  changes: StepChange[];
  /** Facts kept in progress.json (CodeSha256, trigger latency…). */
  details: Record<string, string | number | boolean>;
}

/** A step that could not finish, with what it saw and, when known, which common problem it is. */
export class StepFailure extends Error {
  constructor(
    readonly text: Text,
    readonly problem?: ProblemId,
    readonly evidence: Evidence[] = [],
    /** True when the endpoint did not answer at all: checks then report "could not check". */
    readonly unreachable = false,
  ) {
    super(text.en);
    this.name = 'StepFailure';
  }
}

export type StepAction = (ctx: StepContext) => Promise<StepOutcome>;

export function buildDir(stateDir: string): string {
  return `${stateDir}/build`;
}
