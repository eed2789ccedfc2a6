// The six step actions by the action id the lesson names (lessons/*/lesson.yaml `action`).
import type { ActionId } from '../lesson/ids.js';
import type { StepAction } from './context.js';
import { verifyEndpoint } from './verify-endpoint.js';
import { createBucket } from './create-bucket.js';
import { buildFunction } from './build-function.js';
import { deployFunction } from './deploy-function.js';
import { invokeFunction } from './invoke-function.js';
import { configureTrigger } from './configure-trigger.js';

export const STEP_ACTIONS: Record<ActionId, StepAction> = {
  'verify-endpoint': verifyEndpoint,
  'create-bucket': createBucket,
  'build-function': buildFunction,
  'deploy-function': deployFunction,
  'invoke-function': invokeFunction,
  'configure-trigger': configureTrigger,
};

export type { StepAction, StepContext, StepOutcome, StepChange, ChangeState, ProgressEvent } from './context.js';
export { StepFailure } from './context.js';
