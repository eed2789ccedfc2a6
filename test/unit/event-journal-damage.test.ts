// The durable event journal reads back what it wrote; an event file that does not fit its schema
// is set aside (a copy under <dataDir>/damaged/) with a repair note, the other events still load
// in arrival order, and an endpoint started on such a directory says so in RunningEndpoint.repairs.
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventJournal, type JournalEntry } from '../../src/endpoint/lambda/runtime/event-journal.js';
import { StateRepairs } from '../../src/endpoint/store/repairs.js';
import { startTestEndpoint, tempDir } from '../helpers/endpoint.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:image-processor';

function journalWithThree(): { dataDir: string; journal: EventJournal; entries: JournalEntry[] } {
  const dataDir = tempDir('st-journal-damage-');
  dirs.push(dataDir);
  const journal = new EventJournal(dataDir);
  const entries = [1, 2, 3].map((n) => journal.record({ functionArn: ARN, requestId: `request-${n}`, payload: JSON.stringify({ n }) }));
  return { dataDir, journal, entries };
}

function fileOf(journal: EventJournal, entry: JournalEntry): string {
  return join(journal.dir, `${entry.id}.json`);
}

function reload(dataDir: string): { loaded: JournalEntry[]; repairs: StateRepairs } {
  const repairs = new StateRepairs(dataDir);
  return { loaded: new EventJournal(dataDir, repairs).loadAll(), repairs };
}

describe('event journal: damaged files', () => {
  it('reads back what it wrote, in arrival order, with the attempt a retry recorded', () => {
    const { dataDir, journal, entries } = journalWithThree();
    journal.update({ ...entries[1], attempt: 2 });
    journal.remove(entries[2]);
    const { loaded, repairs } = reload(dataDir);
    expect(loaded).toEqual([entries[0], { ...entries[1], attempt: 2 }]);
    expect(repairs.done).toEqual([]);
  });

  it.each([
    ['wrong field types', JSON.stringify({ schemaVersion: 1, functionArn: ARN, requestId: 7, payload: '{}', attempt: '1' })],
    ['an unknown format version', JSON.stringify({ schemaVersion: 99, functionArn: ARN, requestId: 'r', payload: '{}', attempt: 1 })],
    ['not JSON', '{"schemaVersion": 1, "functionArn'],
  ])('sets aside an event file with %s and loads the others', (_label, content) => {
    const { dataDir, journal, entries } = journalWithThree();
    const damaged = fileOf(journal, entries[1]);
    writeFileSync(damaged, content);
    const { loaded, repairs } = reload(dataDir);
    expect(loaded).toEqual([entries[0], entries[2]]);
    expect(repairs.done).toHaveLength(1);
    expect(repairs.done[0].path).toBe(damaged);
    expect(repairs.done[0].keptAt.startsWith(join(dataDir, 'damaged'))).toBe(true);
    expect(readFileSync(repairs.done[0].keptAt, 'utf8')).toBe(content);
    expect(existsSync(damaged)).toBe(false);
    // Moved away: the next start has nothing to repair.
    expect(reload(dataDir).repairs.done).toEqual([]);
  });

  it('sets aside a directory where an event file should be', () => {
    const { dataDir, journal, entries } = journalWithThree();
    const damaged = fileOf(journal, entries[0]);
    rmSync(damaged);
    mkdirSync(damaged);
    const { loaded, repairs } = reload(dataDir);
    expect(loaded).toEqual(entries.slice(1));
    expect(repairs.done.map((r) => [r.path, r.reason])).toEqual([[damaged, 'a directory where a file should be']]);
  });

  it('an endpoint started on a damaged event file starts, and names it among its repairs', async () => {
    const { dataDir, journal, entries } = journalWithThree();
    const damaged = fileOf(journal, entries[2]);
    writeFileSync(damaged, 'not json');
    const endpoint = await startTestEndpoint(dataDir);
    try {
      expect(endpoint.repairs.map((r) => r.path)).toEqual([damaged]);
      expect(endpoint.repairs[0].outcome.en).toMatch(/accepted event/);
    } finally {
      await endpoint.dispose();
    }
  });
});
