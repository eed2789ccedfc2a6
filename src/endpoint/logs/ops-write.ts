// The writing operations: CreateLogGroup, CreateLogStream, PutLogEvents, DeleteLogGroup,
// DeleteLogStream.
import { sequenceToken, type LogsCall } from './call.js';
import { groupNotFound, invalid, LogsError, streamNotFound } from './errors.js';
import { requiredString, type Json } from './input.js';

const GROUP_NAME_PATTERN = /^[.\-_/#A-Za-z0-9]+$/;
const DAY_MS = 24 * 3600 * 1000;

export function createLogGroup(call: LogsCall, input: Json): Json {
  const name = requiredString(input, 'logGroupName');
  if (name.length > 512 || !GROUP_NAME_PATTERN.test(name)) {
    throw invalid(
      `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
    );
  }
  if (!call.store.createGroup(name)) {
    throw new LogsError('ResourceAlreadyExistsException', 'The specified log group already exists');
  }
  return {};
}

export function createLogStream(call: LogsCall, input: Json): Json {
  const group = requiredString(input, 'logGroupName');
  const stream = requiredString(input, 'logStreamName');
  if (stream.length > 512 || /[:*]/.test(stream)) {
    throw invalid(
      `1 validation error detected: Value '${stream}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
    );
  }
  const result = call.store.createStream(group, stream);
  if (result === 'no-group') throw groupNotFound();
  if (result === 'exists') throw new LogsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
  return {};
}

export function putLogEvents(call: LogsCall, input: Json): Json {
  const groupName = requiredString(input, 'logGroupName');
  const streamName = requiredString(input, 'logStreamName');
  const raw = input.logEvents;
  if (!Array.isArray(raw) || raw.length === 0) {
    throw invalid('1 validation error detected: Value at \'logEvents\' failed to satisfy constraint: Member must have length greater than or equal to 1');
  }
  const events = raw.map((e, i) => {
    const item = (e ?? {}) as Json;
    if (typeof item.timestamp !== 'number' || typeof item.message !== 'string') {
      throw invalid(`logEvents[${i}] needs a numeric timestamp and a string message.`);
    }
    return { timestamp: item.timestamp, message: item.message };
  });
  for (let i = 1; i < events.length; i++) {
    if (events[i].timestamp < events[i - 1].timestamp) {
      throw invalid('Log events in a single PutLogEvents request must be in chronological order.');
    }
  }
  const group = call.store.group(groupName);
  if (!group) throw groupNotFound();
  const stream = group.streams.get(streamName);
  if (!stream) throw streamNotFound();
  const now = Date.now();
  // AWS rejects events older than 14 days or more than 2 hours ahead and reports their index ranges.
  let tooOldEnd = -1;
  let tooNewStart = -1;
  events.forEach((e, i) => {
    if (e.timestamp < now - 14 * DAY_MS) tooOldEnd = i;
    if (e.timestamp > now + 2 * 3600 * 1000 && tooNewStart === -1) tooNewStart = i;
  });
  const accepted = events.filter((_, i) => i > tooOldEnd && (tooNewStart === -1 || i < tooNewStart));
  call.store.append(groupName, streamName, accepted, now);
  const rejected: Json = {};
  if (tooOldEnd >= 0) rejected.tooOldLogEventEndIndex = tooOldEnd + 1;
  if (tooNewStart >= 0) rejected.tooNewLogEventStartIndex = tooNewStart;
  return {
    nextSequenceToken: sequenceToken(stream),
    ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
  };
}

export function deleteLogGroup(call: LogsCall, input: Json): Json {
  if (!call.store.deleteGroup(requiredString(input, 'logGroupName'))) throw groupNotFound();
  return {};
}

export function deleteLogStream(call: LogsCall, input: Json): Json {
  const result = call.store.deleteStream(requiredString(input, 'logGroupName'), requiredString(input, 'logStreamName'));
  if (result === 'no-group') throw groupNotFound();
  if (result === 'no-stream') throw streamNotFound();
  return {};
}
