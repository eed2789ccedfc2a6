// Is what the endpoint has the same as what the lesson wants? Used by steps (to skip work that
// is already done), checks (to show the difference as evidence) and diagnosis.
import { isDeepStrictEqual } from 'node:util';
import { filterOf, type NotificationFilterLike } from '../lesson/filter.js';

type Json = unknown;

/** Sorts arrays of scalars and turns single-item lists into scalars, so equivalent documents compare equal. */
function canonical(value: Json): Json {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    if (items.length === 1 && typeof items[0] !== 'object') return items[0];
    return items.every((i) => typeof i !== 'object') ? [...items].sort() : items;
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, Json>)
        .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function sameDocument(a: Json, b: Json): boolean {
  return isDeepStrictEqual(canonical(a), canonical(b));
}

export interface LambdaNotificationLike extends NotificationFilterLike {
  LambdaFunctionArn?: string;
  Events?: string[];
}

/** The configured notification that sends the wanted events for the wanted keys to the wanted function, if any. */
export function findMatchingNotification(
  current: readonly LambdaNotificationLike[] | undefined,
  wanted: LambdaNotificationLike,
): LambdaNotificationLike | undefined {
  const wantedFilter = filterOf(wanted);
  return (current ?? []).find((config) => {
    const filter = filterOf(config);
    return (
      config.LambdaFunctionArn === wanted.LambdaFunctionArn &&
      (wanted.Events ?? []).every((event) => (config.Events ?? []).includes(event)) &&
      filter.prefix === wantedFilter.prefix &&
      filter.suffix === wantedFilter.suffix
    );
  });
}

/** A short one-line description of a notification, for evidence. */
export function describeNotification(config: LambdaNotificationLike): string {
  const { prefix, suffix } = filterOf(config);
  return `${(config.Events ?? []).join(',')} → ${config.LambdaFunctionArn ?? '?'} (prefix "${prefix}", suffix "${suffix}")`;
}
