// The log store reads back what it wrote; a group, stream or line that does not fit its schema is
// set aside (a copy kept under <dataDir>/damaged/) with a repair note, and the rest loads.
import { afterAll, describe, expect, it } from '@jest/globals';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogStore } from '../../src/endpoint/logs/log-store.js';
import { StateRepairs } from '../../src/endpoint/store/repairs.js';
import { fileNameFor } from '../../src/endpoint/store/safe-name.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function storeWithEvents(): { dataDir: string; groupDir: string; streamFile: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'st-logs-damage-'));
  dirs.push(dataDir);
  const store = new LogStore(dataDir);
  store.ensureStream('/aws/lambda/image-processor', 'stream-1');
  store.append('/aws/lambda/image-processor', 'stream-1', [{ timestamp: 1, message: 'first' }, { timestamp: 2, message: 'second' }]);
  const groupDir = join(dataDir, 'logs', fileNameFor('/aws/lambda/image-processor'));
  return { dataDir, groupDir, streamFile: join(groupDir, `${fileNameFor('stream-1')}.jsonl`) };
}

function reload(dataDir: string): { store: LogStore; repairs: StateRepairs } {
  const repairs = new StateRepairs(dataDir);
  return { store: new LogStore(dataDir, repairs), repairs };
}

describe('log store: damaged files', () => {
  it('drops damaged event lines (wrong types, not JSON), keeps the readable ones and a copy of the file', () => {
    const { dataDir, streamFile } = storeWithEvents();
    appendFileSync(streamFile, '["3", 3, "wrong type"]\nnot json\n');
    appendFileSync(streamFile, `${JSON.stringify([4, 4, 'after the damage'])}\n`);
    const original = readFileSync(streamFile, 'utf8');
    const { store, repairs } = reload(dataDir);
    expect(store.stream('/aws/lambda/image-processor', 'stream-1')?.events.map((e) => e.message)).toEqual(['first', 'second', 'after the damage']);
    expect(repairs.done).toHaveLength(1);
    expect(repairs.done[0]).toMatchObject({ path: streamFile, reason: '2 damaged lines' });
    expect(readFileSync(repairs.done[0].keptAt, 'utf8')).toBe(original);
    // Rewritten without them: the next start has nothing to repair.
    expect(reload(dataDir).repairs.done).toEqual([]);
  });

  it.each([
    ['wrong field types', JSON.stringify({ name: 42, creationTime: 'yesterday' })],
    ['not JSON', '{'],
  ])('sets aside a log group whose group.json has %s', (_label, content) => {
    const { dataDir, groupDir } = storeWithEvents();
    writeFileSync(join(groupDir, 'group.json'), content);
    const { store, repairs } = reload(dataDir);
    expect(store.groups()).toEqual([]);
    expect(repairs.done.map((r) => r.path)).toEqual([groupDir]);
    expect(readdirSync(repairs.done[0].keptAt).sort()).toEqual([`${fileNameFor('stream-1')}.jsonl`, 'group.json'].sort());
  });

  it.each([
    ['a header of the wrong shape', () => '{"stream": ["x"]}\n'],
    ['a directory where the file should be', undefined],
  ])('sets aside a stream file with %s and keeps the group', (_label, header) => {
    const { dataDir, streamFile } = storeWithEvents();
    rmSync(streamFile);
    if (header) writeFileSync(streamFile, header());
    else mkdirSync(streamFile);
    const { store, repairs } = reload(dataDir);
    expect(store.group('/aws/lambda/image-processor')).toBeDefined();
    expect(store.stream('/aws/lambda/image-processor', 'stream-1')).toBeUndefined();
    expect(repairs.done.map((r) => r.path)).toEqual([streamFile]);
  });
});
