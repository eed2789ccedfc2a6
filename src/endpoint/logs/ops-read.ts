// GetLogEvents: one stream's events in order, paged forwards or backwards by position tokens.
import { groupFrom, MAX_EVENTS_LIMIT, MAX_PAGE_BYTES, type LogsCall } from './call.js';
import { invalid, streamNotFound } from './errors.js';
import { limitOf, optionalNumber, optionalString, requiredString, type Json } from './input.js';
import type { LogEvent } from './log-store.js';

export function getLogEvents(call: LogsCall, input: Json): Json {
  const group = groupFrom(call, input);
  const stream = group.streams.get(requiredString(input, 'logStreamName'));
  if (!stream) throw streamNotFound();
  const limit = limitOf(input, MAX_EVENTS_LIMIT);
  const startTime = optionalNumber(input, 'startTime');
  const endTime = optionalNumber(input, 'endTime');
  // Positions are sequence numbers in the stream, so tokens stay valid while events are appended.
  const inRange: number[] = [];
  stream.events.forEach((e, seq) => {
    if ((startTime === undefined || e.timestamp >= startTime) && (endTime === undefined || e.timestamp < endTime)) {
      inRange.push(seq);
    }
  });
  const token = optionalString(input, 'nextToken');
  let direction: 'f' | 'b' = input.startFromHead === true ? 'f' : 'b';
  let position = direction === 'f' ? 0 : stream.events.length;
  if (token !== undefined) {
    const parsed = /^([fb])\/(\d{1,56})(?:\/s)?$/.exec(token);
    if (!parsed) throw invalid('The specified nextToken is invalid.');
    direction = parsed[1] as 'f' | 'b';
    position = Number(parsed[2]);
  }
  let selected: number[];
  if (direction === 'f') {
    selected = capBytes(inRange.filter((seq) => seq >= position), limit, stream.events, 'head');
  } else {
    selected = capBytes(inRange.filter((seq) => seq < position), limit, stream.events, 'tail');
  }
  const forward = selected.length > 0 ? selected[selected.length - 1] + 1 : position;
  const backward = selected.length > 0 ? selected[0] : position;
  return {
    events: selected.map((seq) => {
      const e = stream.events[seq];
      return { timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime };
    }),
    nextForwardToken: positionToken('f', forward),
    nextBackwardToken: positionToken('b', backward),
  };
}

/** Keeps at most `limit` events and about 1 MB of messages, from the head or from the tail. */
function capBytes(seqs: number[], limit: number, events: LogEvent[], from: 'head' | 'tail'): number[] {
  const ordered = from === 'head' ? seqs : [...seqs].reverse();
  const kept: number[] = [];
  let bytes = 0;
  for (const seq of ordered) {
    if (kept.length >= limit) break;
    bytes += Buffer.byteLength(events[seq].message) + 26;
    if (bytes > MAX_PAGE_BYTES && kept.length > 0) break;
    kept.push(seq);
  }
  return from === 'head' ? kept : kept.reverse();
}

function positionToken(direction: 'f' | 'b', position: number): string {
  return `${direction}/${String(position).padStart(56, '0')}/s`;
}
