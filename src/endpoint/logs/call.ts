// What each CloudWatch Logs operation handler receives, and what several of them read: the log
// group a request names, ARNs, and facts about a stream's events.
import { groupNotFound, invalid } from './errors.js';
import { optionalString, type Json } from './input.js';
import type { LogGroup, LogStore, LogStream } from './log-store.js';

export interface LogsCall {
  store: LogStore;
  region: string;
  accountId: string;
}

/** GetLogEvents and FilterLogEvents stop a page at 1 MB of messages, as AWS does. */
export const MAX_PAGE_BYTES = 1_048_576;
export const MAX_EVENTS_LIMIT = 10_000;

/** logGroupName, or logGroupIdentifier (a name or an ARN), as the newer operations accept. */
export function groupFrom(call: LogsCall, input: Json): LogGroup {
  const identifier = optionalString(input, 'logGroupIdentifier');
  const name = optionalString(input, 'logGroupName');
  if (identifier !== undefined && name !== undefined) {
    throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  let groupName = name;
  if (identifier !== undefined) {
    groupName = identifier.startsWith('arn:') ? identifier.replace(/^arn:[^:]*:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '') : identifier;
  }
  if (groupName === undefined) throw invalid('Either logGroupName or logGroupIdentifier must be specified.');
  const group = call.store.group(groupName);
  if (!group) throw groupNotFound();
  return group;
}

export function groupArn(call: LogsCall, name: string): string {
  return `arn:aws:logs:${call.region}:${call.accountId}:log-group:${name}`;
}

export function sequenceToken(stream: LogStream): string {
  return String(stream.events.length).padStart(56, '0');
}

export function lastEventTime(stream: LogStream): number {
  let max = 0;
  for (const e of stream.events) if (e.timestamp > max) max = e.timestamp;
  return max;
}

export function minTimestamp(stream: LogStream): number {
  let min = Number.POSITIVE_INFINITY;
  for (const e of stream.events) if (e.timestamp < min) min = e.timestamp;
  return min;
}

export function storedBytes(group: LogGroup): number {
  let total = 0;
  for (const s of group.streams.values()) total += s.storedBytes;
  return total;
}
