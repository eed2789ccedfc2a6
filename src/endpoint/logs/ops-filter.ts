// FilterLogEvents: events of a group's streams, interleaved by time, matched by a filter pattern,
// paged by a token that names the last event returned (so pages stay stable while events arrive).
import { groupFrom, MAX_EVENTS_LIMIT, MAX_PAGE_BYTES, type LogsCall } from './call.js';
import { invalid } from './errors.js';
import { compileFilterPattern, UnsupportedFilterPatternError } from './filter-pattern.js';
import { limitOf, optionalNumber, optionalString, optionalStringArray, type Json } from './input.js';
import type { LogEvent, LogStream } from './log-store.js';

export function filterLogEvents(call: LogsCall, input: Json): Json {
  const group = groupFrom(call, input);
  const names = optionalStringArray(input, 'logStreamNames');
  const prefix = optionalString(input, 'logStreamNamePrefix');
  if (names !== undefined && prefix !== undefined) {
    throw invalid('You cannot specify both LogStreamNames and LogStreamNamePrefix.');
  }
  const startTime = optionalNumber(input, 'startTime');
  const endTime = optionalNumber(input, 'endTime');
  const limit = limitOf(input, MAX_EVENTS_LIMIT);
  let matches: (message: string) => boolean;
  try {
    matches = compileFilterPattern(optionalString(input, 'filterPattern'));
  } catch (error) {
    if (error instanceof UnsupportedFilterPatternError) throw invalid(error.message);
    throw error;
  }
  const streams = call.store
    .streams(group)
    .filter((s) => (names === undefined ? prefix === undefined || s.name.startsWith(prefix) : names.includes(s.name)));

  const found: FilteredEvent[] = [];
  for (const stream of streams) {
    stream.events.forEach((e, seq) => {
      if (startTime !== undefined && e.timestamp < startTime) return;
      if (endTime !== undefined && e.timestamp > endTime) return;
      if (!matches(e.message)) return;
      found.push({ stream, seq, event: e });
    });
  }
  found.sort(compareFiltered);

  const token = optionalString(input, 'nextToken');
  let from = 0;
  if (token !== undefined) {
    const after = decodeFilterToken(token);
    // Resume strictly after the last event returned: stable even when new events arrive.
    from = found.findIndex((f) => compareKeys(keyOf(f), after) > 0);
    if (from === -1) from = found.length;
  }
  const page: FilteredEvent[] = [];
  let bytes = 0;
  for (let i = from; i < found.length && page.length < limit; i++) {
    bytes += Buffer.byteLength(found[i].event.message) + 26;
    if (bytes > MAX_PAGE_BYTES && page.length > 0) break;
    page.push(found[i]);
  }
  const more = from + page.length < found.length;
  return {
    events: page.map((f) => ({
      logStreamName: f.stream.name,
      timestamp: f.event.timestamp,
      message: f.event.message,
      ingestionTime: f.event.ingestionTime,
      eventId: eventId(f),
    })),
    searchedLogStreams: [],
    ...(more ? { nextToken: encodeFilterToken(keyOf(page[page.length - 1])) } : {}),
  };
}

interface FilteredEvent {
  stream: LogStream;
  seq: number;
  event: LogEvent;
}

type EventKey = [timestamp: number, streamName: string, seq: number];

const keyOf = (f: FilteredEvent): EventKey => [f.event.timestamp, f.stream.name, f.seq];

function compareKeys(a: EventKey, b: EventKey): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || a[2] - b[2];
}

function compareFiltered(a: FilteredEvent, b: FilteredEvent): number {
  return compareKeys(keyOf(a), keyOf(b));
}

function encodeFilterToken(key: EventKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeFilterToken(token: string): EventKey {
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && typeof key[0] === 'number' && typeof key[1] === 'string' && typeof key[2] === 'number') {
      return key as EventKey;
    }
  } catch {
    // fall through
  }
  throw invalid('The specified nextToken is invalid.');
}

/** Digits only, like AWS's 56-digit ids; unique per (stream, sequence) and stable across restarts. */
function eventId(f: FilteredEvent): string {
  const streamDigits = BigInt(`0x${f.stream.key.slice(0, 24)}`).toString().padStart(29, '0');
  return `${String(f.event.timestamp).padStart(15, '0')}${String(f.seq).padStart(12, '0')}${streamDigits}`;
}
