// Which notification configurations an object event reaches: event names with the `:*` wildcard,
// and key filters (prefix/suffix, matched case-sensitively as S3 does: `.JPG` ≠ `.jpg`).
import type { DestinationConfig, DestinationKind, FilterRule, NotificationConfig } from './notification-config.js';

/** `eventName` is the full type, e.g. `s3:ObjectCreated:Put`. */
export function eventMatches(configured: readonly string[], eventName: string): boolean {
  if (configured.includes(eventName)) return true;
  const family = eventName.slice(0, eventName.lastIndexOf(':'));
  return configured.includes(`${family}:*`);
}

export function keyMatchesFilter(rules: readonly FilterRule[] | undefined, key: string): boolean {
  for (const rule of rules ?? []) {
    if (rule.name === 'Prefix' && !key.startsWith(rule.value)) return false;
    if (rule.name === 'Suffix' && !key.endsWith(rule.value)) return false;
  }
  return true;
}

export function matchingDestinations(
  config: NotificationConfig,
  kind: DestinationKind,
  eventName: string,
  key: string,
): DestinationConfig[] {
  return config.destinations.filter(
    (d) => d.kind === kind && eventMatches(d.events, eventName) && keyMatchesFilter(d.filterRules, key),
  );
}
