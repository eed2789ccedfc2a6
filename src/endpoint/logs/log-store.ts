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
// so every event is either whole or absent. Files that do not fit their schema are set aside
// (a group or stream), or the stream is rewritten without its damaged lines after a copy is kept.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync } from 'node:fs';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { TEMP_PREFIX, writeFileAtomic, writeJsonAtomic } from '../store/atomic.js';
import { checkRecord, readRecord } from '../store/records.js';
import { StateRepairs } from '../store/repairs.js';
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

const groupFileSchema: z.ZodType<GroupFile> = z.looseObject({ name: z.string().min(1), creationTime: z.number() });
const streamHeaderSchema: z.ZodType<StreamHeader> = z.looseObject({ stream: z.string().min(1), creationTime: z.number() });
const eventLineSchema: z.ZodType<EventLine> = z.tuple([z.number(), z.number(), z.string()]);

export class LogStore {
  private readonly root: string;
  private readonly byName = new Map<string, LogGroup>();

  constructor(
    dataDir: string,
    private readonly repairs: StateRepairs = new StateRepairs(dataDir),
  ) {
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
      const read = readRecord(join(dir, 'group.json'), groupFileSchema);
      if (read.state === 'missing') continue;
      const problem = read.state === 'damaged' ? read.reason : fileNameFor(read.value.name) === entry.name ? undefined : 'its name does not match its directory';
      if (read.state !== 'ok' || problem !== undefined) {
        this.repairs.moveAside(dir, `group.json: ${problem ?? 'unreadable'}`, {
          en: 'the endpoint started without this log group (the function writes a new one when it runs)',
          ja: 'このロググループなしで起動しました (関数を実行すると新しく作られます)',
        });
        continue;
      }
      const meta = read.value;
      const group: LogGroup = { name: meta.name, creationTime: meta.creationTime, streams: new Map(), dir };
      for (const file of readdirSync(dir)) {
        if (!file.endsWith('.jsonl') || file.startsWith(TEMP_PREFIX)) continue;
        const stream = this.loadStream(join(dir, file), meta.name);
        if (stream) group.streams.set(stream.name, stream);
      }
      this.byName.set(group.name, group);
    }
  }

  private loadStream(file: string, groupName: string): LogStream | undefined {
    const without = { en: 'the endpoint started without this log stream', ja: 'このログストリームなしで起動しました' };
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
      this.repairs.moveAside(file, 'a directory where a file should be', without);
      return undefined;
    }
    // A crash can leave the last line without its newline: cut it off so the next append starts clean.
    const lastNewline = bytes.lastIndexOf(0x0a);
    if (lastNewline !== bytes.length - 1) truncateSync(file, lastNewline + 1);
    const lines = bytes.subarray(0, lastNewline + 1).toString('utf8').split('\n');
    const header = checkRecord(parseJson(lines[0]), streamHeaderSchema);
    const problem =
      header.state === 'damaged' ? `its first line: ${header.reason}`
      : header.state === 'ok' && `${fileNameFor(header.value.stream)}.jsonl` !== basename(file) ? 'its name does not match its file'
      : undefined;
    if (header.state !== 'ok' || problem !== undefined) {
      this.repairs.moveAside(file, problem ?? 'unreadable', without);
      return undefined;
    }
    const stream: LogStream = {
      name: header.value.stream,
      creationTime: header.value.creationTime,
      events: [],
      storedBytes: 0,
      key: fileNameFor(`${groupName}\n${header.value.stream}`),
    };
    const kept = [lines[0]];
    let damaged = 0;
    for (const line of lines.slice(1)) {
      if (line.length === 0) continue;
      const event = checkRecord(parseJson(line), eventLineSchema);
      if (event.state !== 'ok') {
        damaged++;
        continue;
      }
      const [timestamp, ingestionTime, message] = event.value;
      stream.events.push({ timestamp, ingestionTime, message });
      stream.storedBytes += Buffer.byteLength(message);
      kept.push(line);
    }
    if (damaged > 0) {
      this.repairs.copyAside(file, `${damaged} damaged line${damaged === 1 ? '' : 's'}`, {
        en: `the endpoint kept the stream's ${stream.events.length} readable events and left the damaged lines out`,
        ja: `読めるイベント ${stream.events.length} 件を残し、壊れた行を除きました`,
      });
      writeFileAtomic(file, `${kept.join('\n')}\n`);
    }
    return stream;
  }
}

/** JSON.parse that gives `undefined` for text that is not JSON (the schema check then says why). */
function parseJson(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

function streamFile(group: LogGroup, streamName: string): string {
  return join(group.dir, `${fileNameFor(streamName)}.jsonl`);
}

/** CloudWatch sorts names by their bytes (code points), not by locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
