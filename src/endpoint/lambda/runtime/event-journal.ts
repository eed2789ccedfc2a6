// Accepted asynchronous invocations on disk, so that they survive the endpoint's process (kill -9,
// a crash, Ctrl+C) and run after the next start: at least once, as AWS promises for Event
// invocations and S3 notifications. One small file per event in <dataDir>/lambda/async-events/,
// written (temp file + rename) before the request that caused it is answered, rewritten when a
// retry is scheduled (so a restart does not retry forever), deleted once delivery is finished.
// A file named later was accepted later: replay keeps arrival order.
//
//   const journal = new EventJournal(dataDir)
//   const entry = journal.record({ functionArn, requestId, payload })   throws when it cannot be written
//   journal.update({ ...entry, attempt: 2 })
//   journal.remove(entry)
//   journal.loadAll()                        what is still to deliver (damaged files set aside)
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_PREFIX, writeFileAtomic } from '../../store/atomic.js';

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
const DAMAGED_SUFFIX = '.damaged';

export class EventJournal {
  readonly dir: string;
  private counter = 0;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'lambda', 'async-events');
    mkdirSync(this.dir, { recursive: true });
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

  /** Events still to deliver, oldest first. A file that cannot be read is renamed aside and reported. */
  loadAll(report: (message: string) => void = () => undefined): JournalEntry[] {
    const entries: JournalEntry[] = [];
    for (const name of readdirSync(this.dir).sort()) {
      const file = join(this.dir, name);
      if (name.startsWith(TEMP_PREFIX)) {
        rmSync(file, { force: true });
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const entry = parse(file, name.slice(0, -'.json'.length));
      if (entry) {
        entries.push(entry);
      } else {
        renameSync(file, `${file}${DAMAGED_SUFFIX}`);
        report(`an accepted event could not be read and was set aside: ${file}${DAMAGED_SUFFIX}`);
      }
    }
    return entries;
  }

  private write(entry: JournalEntry): void {
    const { id, ...rest } = entry;
    writeFileAtomic(this.file(id), JSON.stringify({ schemaVersion: SCHEMA, ...rest }));
  }

  private file(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private nextId(): string {
    this.counter = (this.counter + 1) % 1_000_000;
    return `${Date.now().toString().padStart(15, '0')}-${this.counter.toString().padStart(6, '0')}`;
  }
}

function parse(file: string, id: string): JournalEntry | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<JournalEntry> & { schemaVersion?: number };
    if (value.schemaVersion !== SCHEMA) return undefined;
    if (typeof value.functionArn !== 'string' || typeof value.requestId !== 'string' || typeof value.payload !== 'string') return undefined;
    if (typeof value.attempt !== 'number' || value.attempt < 1) return undefined;
    return { id, functionArn: value.functionArn, requestId: value.requestId, payload: value.payload, attempt: value.attempt };
  } catch {
    return undefined;
  }
}
