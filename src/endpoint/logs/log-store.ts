// CloudWatch Logs storage for the built-in endpoint: log groups, their streams and events.
//
// Interface (used by the function runner and by LogsService):
//   new LogStore(dataDir)                      loads <dataDir>/logs/ (events survive a restart)
//   ensureStream(group, stream)                creates the group and stream when missing (Lambda's way)
//   append(group, stream, events)              adds {timestamp, message} events (ingestionTime = now)
//   createGroup / createStream / deleteGroup / deleteStream   for the CloudWatch Logs API
//   groups() / group(name) / streams(group) / stream(group, name)   read access, sorted by name
//
// On disk, each group is a directory named by a hash of its name (names never become paths):
//   <dataDir>/logs/<sha256(group)>/group.json              {name, creationTime}, written atomically
//   <dataDir>/logs/<sha256(group)>/<sha256(stream)>.jsonl  header line {stream, creationTime}, then
//                                                          one event per line: [timestamp, ingestionTime, message]
// Events are appended with O_APPEND; a line cut short by a crash is dropped (and trimmed) on load,
// so every event is either whole or absent.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readJsonFile, TEMP_PREFIX, writeFileAtomic, writeJsonAtomic } from '../store/atomic.js';
import { fileNameFor } from '../store/safe-name.js';

export interface LogEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface NewLogEvent {
  timestamp: number;
  message: string;
}

export interface LogStream {
  readonly name: string;
  readonly creationTime: number;
  /** In append order; index = the event's sequence number in its stream. */
  readonly events: LogEvent[];
  storedBytes: number;
  /** Stable across restarts: used to build event ids. */
  readonly key: string;
}

export interface LogGroup {
  readonly name: string;
  readonly creationTime: number;
  readonly streams: Map<string, LogStream>;
  readonly dir: string;
}

interface GroupFile {
  name: string;
  creationTime: number;
}

interface StreamHeader {
  stream: string;
  creationTime: number;
}

type EventLine = [timestamp: number, ingestionTime: number, message: string];

export class LogStore {
  private readonly root: string;
  private readonly byName = new Map<string, LogGroup>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'logs');
    mkdirSync(this.root, { recursive: true });
    this.load();
  }

  groups(): LogGroup[] {
    return [...this.byName.values()].sort((a, b) => compareNames(a.name, b.name));
  }

  group(name: string): LogGroup | undefined {
    return this.byName.get(name);
  }

  streams(group: LogGroup): LogStream[] {
    return [...group.streams.values()].sort((a, b) => compareNames(a.name, b.name));
  }

  stream(groupName: string, streamName: string): LogStream | undefined {
    return this.byName.get(groupName)?.streams.get(streamName);
  }

  /** Creates a log group; false when it already exists. */
  createGroup(name: string, now = Date.now()): boolean {
    if (this.byName.has(name)) return false;
    const dir = join(this.root, fileNameFor(name));
    mkdirSync(dir, { recursive: true });
    writeJsonAtomic(join(dir, 'group.json'), { name, creationTime: now } satisfies GroupFile);
    this.byName.set(name, { name, creationTime: now, streams: new Map(), dir });
    return true;
  }

  /** Creates a stream in an existing group: 'created', 'exists' or 'no-group'. */
  createStream(groupName: string, streamName: string, now = Date.now()): 'created' | 'exists' | 'no-group' {
    const group = this.byName.get(groupName);
    if (!group) return 'no-group';
    if (group.streams.has(streamName)) return 'exists';
    const file = streamFile(group, streamName);
    writeFileAtomic(file, `${JSON.stringify({ stream: streamName, creationTime: now } satisfies StreamHeader)}\n`);
    group.streams.set(streamName, { name: streamName, creationTime: now, events: [], storedBytes: 0, key: fileNameFor(`${groupName}\n${streamName}`) });
    return 'created';
  }

  /** Lambda creates its log group and stream on first write; so does this. */
  ensureStream(groupName: string, streamName: string): LogStream {
    this.createGroup(groupName);
    this.createStream(groupName, streamName);
    return this.byName.get(groupName)!.streams.get(streamName)!;
  }

  /**
   * Appends events to an existing stream (callers keep them in time order). Returns false when the
   * group or stream does not exist.
   */
  append(groupName: string, streamName: string, events: NewLogEvent[], now = Date.now()): boolean {
    const group = this.byName.get(groupName);
    const stream = group?.streams.get(streamName);
    if (!group || !stream) return false;
    if (events.length === 0) return true;
    const stored = events.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: now }));
    const text = stored.map((e) => `${JSON.stringify([e.timestamp, e.ingestionTime, e.message] satisfies EventLine)}\n`).join('');
    appendFileSync(streamFile(group, streamName), text);
    for (const e of stored) {
      stream.events.push(e);
      stream.storedBytes += Buffer.byteLength(e.message);
    }
    return true;
  }

  deleteGroup(name: string): boolean {
    const group = this.byName.get(name);
    if (!group) return false;
    this.byName.delete(name);
    // Rename first so a crash mid-delete never leaves a half-deleted group that loads again.
    const doomed = join(this.root, `${TEMP_PREFIX}deleted-${randomBytes(6).toString('hex')}`);
    renameSync(group.dir, doomed);
    rmSync(doomed, { recursive: true, force: true });
    return true;
  }

  deleteStream(groupName: string, streamName: string): 'deleted' | 'no-group' | 'no-stream' {
    const group = this.byName.get(groupName);
    if (!group) return 'no-group';
    if (!group.streams.delete(streamName)) return 'no-stream';
    rmSync(streamFile(group, streamName), { force: true });
    return 'deleted';
  }

  private load(): void {
    for (const entry of readdirSync(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(this.root, entry.name);
      if (entry.name.startsWith(TEMP_PREFIX)) {
        // Leftover of a delete that was interrupted.
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const meta = readJsonFile<GroupFile>(join(dir, 'group.json'));
      if (!meta) continue;
      const group: LogGroup = { name: meta.name, creationTime: meta.creationTime, streams: new Map(), dir };
      for (const file of readdirSync(dir)) {
        if (!file.endsWith('.jsonl') || file.startsWith(TEMP_PREFIX)) continue;
        const stream = loadStream(join(dir, file), meta.name);
        if (stream) group.streams.set(stream.name, stream);
      }
      this.byName.set(group.name, group);
    }
  }
}

function streamFile(group: LogGroup, streamName: string): string {
  return join(group.dir, `${fileNameFor(streamName)}.jsonl`);
}

function loadStream(file: string, groupName: string): LogStream | undefined {
  if (!existsSync(file)) return undefined;
  const bytes = readFileSync(file);
  // A crash can leave the last line without its newline: cut it off so the next append starts clean.
  const lastNewline = bytes.lastIndexOf(0x0a);
  if (lastNewline !== bytes.length - 1) truncateSync(file, lastNewline + 1);
  const lines = bytes.subarray(0, lastNewline + 1).toString('utf8').split('\n');
  let header: StreamHeader;
  try {
    header = JSON.parse(lines[0]) as StreamHeader;
  } catch {
    return undefined;
  }
  const stream: LogStream = {
    name: header.stream,
    creationTime: header.creationTime,
    events: [],
    storedBytes: 0,
    key: fileNameFor(`${groupName}\n${header.stream}`),
  };
  for (const line of lines.slice(1)) {
    if (line.length === 0) continue;
    try {
      const [timestamp, ingestionTime, message] = JSON.parse(line) as EventLine;
      stream.events.push({ timestamp, ingestionTime, message });
      stream.storedBytes += Buffer.byteLength(message);
    } catch {
      // A damaged line is skipped rather than losing the whole stream.
    }
  }
  return stream;
}

/** CloudWatch sorts names by their bytes (code points), not by locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
