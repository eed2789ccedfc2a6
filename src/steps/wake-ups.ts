// What ends a wait early when the endpoint runs in this process (`--embedded`): its events say
// that a function changed state or an object was stored, so a poll asks again at once instead of
// sleeping out its interval (aws/poll.ts). Against any other endpoint there are none: polls alone.
import type { PollOptions } from '../aws/poll.js';
import type { FunctionStateEvent, ObjectCreatedEvent } from '../endpoint/events.js';
import type { StepContext } from './context.js';

type WakeUp = NonNullable<PollOptions['wakeUp']>;

/** The function named `name` changed (created, updated, became ready, deleted). */
export function onFunctionChange(ctx: Pick<StepContext, 'endpointEvents'>, name: string): WakeUp | undefined {
  const events = ctx.endpointEvents;
  if (!events) return undefined;
  return (changed) => {
    const listener = (change: FunctionStateEvent) => {
      if (change.name === name) changed();
    };
    events.on('function', listener);
    return () => events.off('function', listener);
  };
}

/** `key` was stored in `bucket`. */
export function onObjectCreated(ctx: Pick<StepContext, 'endpointEvents'>, bucket: string, key: string): WakeUp | undefined {
  const events = ctx.endpointEvents;
  if (!events) return undefined;
  return (changed) => {
    const listener = (object: ObjectCreatedEvent) => {
      if (object.bucket === bucket && object.key === key) changed();
    };
    events.on('object-created', listener);
    return () => events.off('object-created', listener);
  };
}
