// A bucket's object index on disk: an append-only journal, one JSON line per change
// (`{"put":<record>}` or `{"delete":<key>}`). Appending a line is the commit point of every object
// write, so a write costs one small append instead of a temp file renamed over the old metadata
// (on ext4 a rename over an existing file also flushes the new file's data: it was the slowest
// step of a small PutObject). After kill -9 only the last line can be torn; it was never
// acknowledged, and loading drops it. The journal is rewritten (temp file, rename) at start-up and
// when superseded lines outnumber live objects.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { writeFileAtomic } from '../store/atomic.js';
import { checkRecord } from '../store/records.js';
import { objectRecordSchema } from './store-schemas.js';
import type { ObjectRecord } from './store-types.js';

export type JournalEntry = { put: ObjectRecord } | { delete: string };

/** Rewrite once the file holds this many lines more than twice the live objects. */
const COMPACT_SLACK = 1000;

export interface LoadedJournal {
  objects: Map<string, ObjectRecord>;
  /** Lines in the file, including superseded ones and a torn last line. */
  lines: number;
  /** Complete lines that do not fit the schema (1-based): left out; the caller keeps a copy. */
  damaged: { line: number; reason: string }[];
}

/** Reads the journal; a missing file is an empty index, a damaged line is left out and reported. */
export function loadJournal(file: string): LoadedJournal {
  const objects = new Map<string, ObjectRecord>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { objects, lines: 0, damaged: [] };
    throw error;
  }
  const lines = text.split('\n');
  // The last element is '' after a final newline, else a line cut short by a kill: never committed.
  const complete = lines.slice(0, -1);
  const damaged: LoadedJournal['damaged'] = [];
  complete.forEach((line, index) => {
    const entry = parseEntry(line);
    if (typeof entry === 'string') damaged.push({ line: index + 1, reason: entry });
    else if ('put' in entry) objects.set(entry.put.key, entry.put);
    else objects.delete(entry.delete);
  });
  return { objects, lines: lines.length - 1 + (lines[lines.length - 1] === '' ? 0 : 1), damaged };
}

function parseEntry(line: string): JournalEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return (error as Error).message;
  }
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const entry = value as Record<string, unknown>;
  if ('delete' in entry) return typeof entry.delete === 'string' ? (entry as JournalEntry) : 'invalid delete';
  const put = checkRecord(entry.put, objectRecordSchema);
  return put.state === 'ok' ? { put: put.value } : put.state === 'damaged' ? put.reason : 'missing put';
}

export class ObjectJournal {
  private fd: number;

  constructor(
    readonly file: string,
    private lines: number,
  ) {
    this.fd = openSync(file, 'a');
  }

  /** Appends one change: the commit point of an object write or delete. */
  append(entry: JournalEntry): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    this.lines++;
  }

  /** True once superseded lines outnumber the live objects enough to rewrite the file. */
  needsCompaction(liveCount: number): boolean {
    return this.lines > 2 * liveCount + COMPACT_SLACK;
  }

  /** Replaces the file with one line per live object. */
  rewrite(objects: Iterable<ObjectRecord>): void {
    let text = '';
    let count = 0;
    for (const put of objects) {
      text += `${JSON.stringify({ put })}\n`;
      count++;
    }
    writeFileAtomic(this.file, text);
    closeSync(this.fd);
    this.fd = openSync(this.file, 'a');
    this.lines = count;
  }

  close(): void {
    closeSync(this.fd);
  }
}
