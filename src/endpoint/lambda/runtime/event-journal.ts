// Accepted asynchronous invocations on disk, so that they survive the endpoint's process (kill -9,
// a crash, Ctrl+C) and run after the next start: at least once, as AWS promises for Event
// invocations and S3 notifications. One small file per event in <dataDir>/lambda/async-events/,
// written (temp file + rename) before the request that caused it is answered, rewritten when a
// retry is scheduled (so a restart does not retry forever), deleted once delivery is finished.
// A file named later was accepted later: replay keeps arrival order. A file that does not fit its
// schema is set aside (store/repairs.ts), as every state file of the endpoint, and is not delivered.
//
//   const journal = new EventJournal(dataDir, repairs)
//   const entry = journal.record({ functionArn, requestId, payload })   throws when it cannot be written
//   journal.update({ ...entry, attempt: 2 })
//   journal.remove(entry)
//   journal.loadAll()                        what is still to deliver (damaged files set aside)
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { TEMP_PREFIX, writeFileAtomic } from '../../store/atomic.js';
import { readRecord } from '../../store/records.js';
import { StateRepairs } from '../../store/repairs.js';
import { ensureDirectory } from '../../../fs/directories.js';

export interface JournalEntry {
  /** The file's name: arrival time and a counter, so names sort in arrival order. */
  id: string;
  functionArn: string;
  requestId: string;
  /** The event as JSON text (Invoke payloads are checked to be JSON; S3 events are ours). */
  payload: string;
  /** The attempt that runs next: 1, then 2 and 3 for the retries. */
  attempt: number;
}

const SCHEMA = 1;

/** One event's file: the entry without its id (the file's name), with the format's version. */
type StoredEvent = Omit<JournalEntry, 'id'> & { schemaVersion: typeof SCHEMA };

const storedEventSchema: z.ZodType<StoredEvent> = z.looseObject({
  schemaVersion: z.literal(SCHEMA),
  functionArn: z.string().min(1),
  requestId: z.string().min(1),
  payload: z.string(),
  attempt: z.number().int().min(1),
});

export class EventJournal {
  readonly dir: string;
  private counter = 0;

  constructor(
    dataDir: string,
    private readonly repairs: StateRepairs = new StateRepairs(dataDir),
  ) {
    this.dir = join(dataDir, 'lambda', 'async-events');
    ensureDirectory(this.dir);
  }

  record(event: Omit<JournalEntry, 'id' | 'attempt'>): JournalEntry {
    const entry: JournalEntry = { id: this.nextId(), attempt: 1, ...event };
    this.write(entry);
    return entry;
  }

  update(entry: JournalEntry): void {
    this.write(entry);
  }

  remove(entry: JournalEntry): void {
    rmSync(this.file(entry.id), { force: true });
  }

  /** Events still to deliver, oldest first. A file that does not fit its schema is set aside. */
  loadAll(): JournalEntry[] {
    const entries: JournalEntry[] = [];
    for (const name of readdirSync(this.dir).sort()) {
      const file = join(this.dir, name);
      if (name.startsWith(TEMP_PREFIX)) {
        // A write cut short: its event was never acknowledged.
        rmSync(file, { force: true });
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const read = readRecord(file, storedEventSchema);
      if (read.state === 'missing') continue;
      if (read.state === 'damaged') {
        this.repairs.moveAside(file, read.reason, {
          en: 'the endpoint started without this accepted event, so it will not run (upload the file or invoke the function again)',
          ja: '受け付け済みのこのイベントは実行されません (ファイルをもう一度アップロードするか、関数をもう一度呼び出してください)',
        });
        continue;
      }
      const { functionArn, requestId, payload, attempt } = read.value;
      entries.push({ id: name.slice(0, -'.json'.length), functionArn, requestId, payload, attempt });
    }
    return entries;
  }

  private write(entry: JournalEntry): void {
    const { id, ...rest } = entry;
    writeFileAtomic(this.file(id), JSON.stringify({ schemaVersion: SCHEMA, ...rest } satisfies StoredEvent));
  }

  private file(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private nextId(): string {
    this.counter = (this.counter + 1) % 1_000_000;
    return `${Date.now().toString().padStart(15, '0')}-${this.counter.toString().padStart(6, '0')}`;
  }
}
