// What ends a wait early when the endpoint runs in this process (`--embedded`): its events say
// that a function changed state or an object was stored, so a poll asks again at once instead of
// sleeping out its interval (aws/poll.ts). Against any other endpoint there are none: polls alone.
import type { PollOptions } from '../aws/poll.js';
import type { EndpointEventMap, FunctionStateEvent, ObjectCreatedEvent } from '../endpoint/events.js';
import type { StepContext } from './context.js';

type WakeUp = NonNullable<PollOptions['wakeUp']>;

/** Wakes a poll on every `name` event that `matches`; none without the endpoint's events. */
function wakeOn<K extends keyof EndpointEventMap>(
  ctx: Pick<StepContext, 'endpointEvents'>,
  name: K,
  matches: (...args: EndpointEventMap[K]) => boolean,
): WakeUp | undefined {
  const events = ctx.endpointEvents;
  if (!events) return undefined;
  return (changed) => {
    const listener = (...args: EndpointEventMap[K]) => {
      if (matches(...args)) changed();
    };
    // `as never`: TypeScript cannot narrow the emitter's listener type for a generic K (as in events.ts).
    events.on(name, listener as never);
    return () => events.off(name, listener as never);
  };
}

/** The function named `name` changed (created, updated, became ready, deleted). */
export function onFunctionChange(ctx: Pick<StepContext, 'endpointEvents'>, name: string): WakeUp | undefined {
  return wakeOn(ctx, 'function', (change: FunctionStateEvent) => change.name === name);
}

/** `key` was stored in `bucket`. */
export function onObjectCreated(ctx: Pick<StepContext, 'endpointEvents'>, bucket: string, key: string): WakeUp | undefined {
  return wakeOn(ctx, 'object-created', (object: ObjectCreatedEvent) => object.bucket === bucket && object.key === key);
}
