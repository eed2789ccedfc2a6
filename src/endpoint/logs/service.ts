// CloudWatch Logs (JSON 1.1, `X-Amz-Target: Logs_20140328.<Op>`) over a LogStore: enough for the
// SDK's Describe*/GetLogEvents/FilterLogEvents and for `aws logs tail /aws/lambda/<name>`
// (FilterLogEvents with interleaved=true, startTime, nextToken; with --follow it polls and dedupes
// by eventId, so event ids must be unique and stable).
//
// Interface: `new LogsService(context, store)`; `handle(req, region)` as every Service.
// Operations: DescribeLogGroups, DescribeLogStreams, GetLogEvents, FilterLogEvents,
// CreateLogGroup, CreateLogStream, PutLogEvents, DeleteLogGroup, DeleteLogStream.
import type { EndpointContext } from '../context.js';
import { header, type EndpointRequest, type EndpointResponse } from '../http.js';
import type { Service } from '../service.js';
import type { LogEvent, LogGroup, LogStore, LogStream } from './log-store.js';
import { compileFilterPattern, UnsupportedFilterPatternError } from './filter-pattern.js';

const TARGET_PREFIX = 'Logs_20140328.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';
const MAX_DESCRIBE_LIMIT = 50;
const MAX_EVENTS_LIMIT = 10_000;
/** GetLogEvents and FilterLogEvents stop a page at 1 MB of messages, as AWS does. */
const MAX_PAGE_BYTES = 1_048_576;
const GROUP_NAME_PATTERN = /^[.\-_/#A-Za-z0-9]+$/;
const DAY_MS = 24 * 3600 * 1000;

type Json = Record<string, unknown>;

class LogsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const groupNotFound = () => new LogsError('ResourceNotFoundException', 'The specified log group does not exist.');
const streamNotFound = () => new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.');
const invalid = (message: string) => new LogsError('InvalidParameterException', message);

export class LogsService implements Service {
  constructor(
    private readonly context: EndpointContext,
    private readonly store: LogStore,
  ) {}

  async handle(req: EndpointRequest, region: string): Promise<EndpointResponse> {
    const target = header(req, 'x-amz-target') ?? '';
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    try {
      const input = parseBody(req.body);
      const output = this.dispatch(operation, input, region);
      return { status: 200, headers: responseHeaders(req), body: JSON.stringify(output), operation };
    } catch (error) {
      if (!(error instanceof LogsError)) throw error;
      return {
        status: error.status,
        headers: { ...responseHeaders(req), 'x-amzn-ErrorType': error.type },
        body: JSON.stringify({ __type: error.type, message: error.message }),
        operation,
      };
    }
  }

  private dispatch(operation: string, input: Json, region: string): Json {
    switch (operation) {
      case 'DescribeLogGroups':
        return this.describeLogGroups(input, region);
      case 'DescribeLogStreams':
        return this.describeLogStreams(input, region);
      case 'GetLogEvents':
        return this.getLogEvents(input);
      case 'FilterLogEvents':
        return this.filterLogEvents(input);
      case 'CreateLogGroup':
        return this.createLogGroup(input);
      case 'CreateLogStream':
        return this.createLogStream(input);
      case 'PutLogEvents':
        return this.putLogEvents(input);
      case 'DeleteLogGroup':
        if (!this.store.deleteGroup(requiredString(input, 'logGroupName'))) throw groupNotFound();
        return {};
      case 'DeleteLogStream': {
        const result = this.store.deleteStream(requiredString(input, 'logGroupName'), requiredString(input, 'logStreamName'));
        if (result === 'no-group') throw groupNotFound();
        if (result === 'no-stream') throw streamNotFound();
        return {};
      }
      default:
        throw new LogsError(
          'UnknownOperationException',
          `${operation || '(no X-Amz-Target)'} is not supported by the built-in endpoint's CloudWatch Logs`,
        );
    }
  }

  private describeLogGroups(input: Json, region: string): Json {
    const prefix = optionalString(input, 'logGroupNamePrefix');
    const pattern = optionalString(input, 'logGroupNamePattern');
    if (prefix !== undefined && pattern !== undefined) {
      throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
    }
    const groups = this.store
      .groups()
      .filter((g) => prefix === undefined || g.name.startsWith(prefix))
      .filter((g) => pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase()));
    const page = pageOf(groups, input, MAX_DESCRIBE_LIMIT);
    return {
      logGroups: page.items.map((g) => ({
        logGroupName: g.name,
        creationTime: g.creationTime,
        metricFilterCount: 0,
        arn: `${this.groupArn(g.name, region)}:*`,
        logGroupArn: this.groupArn(g.name, region),
        storedBytes: storedBytes(g),
        logGroupClass: 'STANDARD',
      })),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }

  private describeLogStreams(input: Json, region: string): Json {
    const group = this.groupFrom(input);
    const prefix = optionalString(input, 'logStreamNamePrefix');
    const orderBy = optionalString(input, 'orderBy') ?? 'LogStreamName';
    if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
      throw invalid(
        `1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
      );
    }
    if (orderBy === 'LastEventTime' && prefix !== undefined) {
      throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    let streams = this.store.streams(group).filter((s) => prefix === undefined || s.name.startsWith(prefix));
    if (orderBy === 'LastEventTime') {
      streams = [...streams].sort((a, b) => lastEventTime(a) - lastEventTime(b) || (a.name < b.name ? -1 : 1));
    }
    if (input.descending === true) streams = [...streams].reverse();
    const page = pageOf(streams, input, MAX_DESCRIBE_LIMIT);
    return {
      logStreams: page.items.map((s) => {
        const first = s.events[0];
        const last = s.events[s.events.length - 1];
        return {
          logStreamName: s.name,
          creationTime: s.creationTime,
          ...(first ? { firstEventTimestamp: minTimestamp(s), lastEventTimestamp: lastEventTime(s) } : {}),
          ...(last ? { lastIngestionTime: last.ingestionTime, uploadSequenceToken: sequenceToken(s) } : {}),
          arn: `${this.groupArn(group.name, region)}:log-stream:${s.name}`,
          storedBytes: 0,
        };
      }),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }

  private getLogEvents(input: Json): Json {
    const group = this.groupFrom(input);
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

  private filterLogEvents(input: Json): Json {
    const group = this.groupFrom(input);
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
    const streams = this.store
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

  private createLogGroup(input: Json): Json {
    const name = requiredString(input, 'logGroupName');
    if (name.length > 512 || !GROUP_NAME_PATTERN.test(name)) {
      throw invalid(
        `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
      );
    }
    if (!this.store.createGroup(name)) {
      throw new LogsError('ResourceAlreadyExistsException', 'The specified log group already exists');
    }
    return {};
  }

  private createLogStream(input: Json): Json {
    const group = requiredString(input, 'logGroupName');
    const stream = requiredString(input, 'logStreamName');
    if (stream.length > 512 || /[:*]/.test(stream)) {
      throw invalid(
        `1 validation error detected: Value '${stream}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
      );
    }
    const result = this.store.createStream(group, stream);
    if (result === 'no-group') throw groupNotFound();
    if (result === 'exists') throw new LogsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
    return {};
  }

  private putLogEvents(input: Json): Json {
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
    const group = this.store.group(groupName);
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
    this.store.append(groupName, streamName, accepted, now);
    const rejected: Json = {};
    if (tooOldEnd >= 0) rejected.tooOldLogEventEndIndex = tooOldEnd + 1;
    if (tooNewStart >= 0) rejected.tooNewLogEventStartIndex = tooNewStart;
    return {
      nextSequenceToken: sequenceToken(stream),
      ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
    };
  }

  /** logGroupName, or logGroupIdentifier (a name or an ARN), as the newer operations accept. */
  private groupFrom(input: Json): LogGroup {
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
    const group = this.store.group(groupName);
    if (!group) throw groupNotFound();
    return group;
  }

  private groupArn(name: string, region: string): string {
    return `arn:aws:logs:${region}:${this.context.accountId}:log-group:${name}`;
  }
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

function positionToken(direction: 'f' | 'b', position: number): string {
  return `${direction}/${String(position).padStart(56, '0')}/s`;
}

function sequenceToken(stream: LogStream): string {
  return String(stream.events.length).padStart(56, '0');
}

function lastEventTime(stream: LogStream): number {
  let max = 0;
  for (const e of stream.events) if (e.timestamp > max) max = e.timestamp;
  return max;
}

function minTimestamp(stream: LogStream): number {
  let min = Number.POSITIVE_INFINITY;
  for (const e of stream.events) if (e.timestamp < min) min = e.timestamp;
  return min;
}

function storedBytes(group: LogGroup): number {
  let total = 0;
  for (const s of group.streams.values()) total += s.storedBytes;
  return total;
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

function pageOf<T>(items: T[], input: Json, max: number): { items: T[]; nextToken?: string } {
  const limit = limitOf(input, max);
  const token = optionalString(input, 'nextToken');
  let offset = 0;
  if (token !== undefined) {
    const match = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!match) throw invalid('The specified nextToken is invalid.');
    offset = Number(match[1]);
  }
  const slice = items.slice(offset, offset + limit);
  const next = offset + slice.length;
  return { items: slice, ...(next < items.length ? { nextToken: Buffer.from(`o${next}`).toString('base64url') } : {}) };
}

function limitOf(input: Json, max: number): number {
  const limit = input.limit;
  if (limit === undefined || limit === null) return max;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalid(
      `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${max}`,
    );
  }
  return limit;
}

function parseBody(body: Buffer): Json {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new LogsError('SerializationException', 'The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LogsError('SerializationException', 'The request body must be a JSON object.');
  }
  return value as Json;
}

function requiredString(input: Json, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw invalid(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function optionalString(input: Json, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${name} must be a string.`);
  return value;
}

function optionalNumber(input: Json, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw invalid(`${name} must be a number.`);
  return value;
}

function optionalStringArray(input: Json, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalid(`${name} must be a list of strings.`);
  return value as string[];
}

function responseHeaders(req: EndpointRequest): Record<string, string> {
  return { 'content-type': CONTENT_TYPE, 'x-amzn-RequestId': req.requestId };
}
