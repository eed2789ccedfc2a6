import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ProgressStore, PROGRESS_SCHEMA_VERSION } from '../../src/progress/store.js';
import { tempDir } from '../helpers/endpoint.js';

function withFile(content: string): { dir: string; store: ProgressStore } {
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'progress.json'), content);
  return { dir, store: new ProgressStore(dir) };
}

const asides = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('progress.json.corrupt-'));

describe('progress store', () => {
  it('starts empty, records steps atomically and reads them back', () => {
    const dir = tempDir();
    const store = new ProgressStore(dir);
    const { progress, warning } = store.load('serverless-basics');
    expect(warning).toBeUndefined();
    expect(progress.steps).toEqual({});
    const after = store.markDone(progress, 'bucket', { created: true });
    expect(after.steps.bucket.status).toBe('done');
    const again = new ProgressStore(dir).load('serverless-basics');
    expect(again.warning).toBeUndefined();
    expect(again.progress.steps.bucket).toMatchObject({ status: 'done', details: { created: true } });
    expect(readdirSync(dir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    const forgotten = store.reset(again.progress, ['bucket'], false);
    expect(new ProgressStore(dir).load('serverless-basics').progress.steps).toEqual(forgotten.steps);
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1, "lesson": '],
    ['not an object', '[1, 2]'],
    ['a schema version this runner does not know', JSON.stringify({ schemaVersion: 99, lesson: 'serverless-basics', steps: {} })],
    ['no lesson', JSON.stringify({ schemaVersion: 2, lesson: 7, steps: {} })],
  ])('moves an unusable file aside with a warning (%s), never losing it', (_name, content) => {
    const { dir, store } = withFile(content);
    const { progress, warning } = store.load('serverless-basics');
    expect(progress.steps).toEqual({});
    expect(warning?.en).toContain('could not be read');
    expect(warning?.ja).toContain('読めませんでした');
    expect(asides(dir)).toHaveLength(1);
    expect(readFileSync(join(dir, asides(dir)[0]), 'utf8')).toBe(content);
    expect(existsSync(join(dir, 'progress.json'))).toBe(false);
  });

  it.each([
    ['a step without completedAt (issue 14)', { schemaVersion: 1, lesson: 'serverless-basics', steps: { bucket: { status: 'done' } } }, 'steps.bucket'],
    ['completedAt a number', { schemaVersion: 1, lesson: 'serverless-basics', startedAt: '2024-01-01T00:00:00.000Z', steps: { bucket: { status: 'done', completedAt: 1700000000 } } }, 'steps.bucket'],
    ['completedAt an object', { schemaVersion: 1, lesson: 'serverless-basics', startedAt: '2024-01-01T00:00:00.000Z', steps: { bucket: { status: 'done', completedAt: { at: 'noon' } } } }, 'steps.bucket'],
    ['a status that is not one', { schemaVersion: 1, lesson: 'serverless-basics', steps: { bucket: { status: 'maybe', completedAt: '2024-01-01T00:00:00.000Z' } } }, 'steps.bucket'],
    ['details of the wrong type', { schemaVersion: 2, lesson: 'serverless-basics', startedAt: '2024-01-01T00:00:00.000Z', steps: { bucket: { status: 'done', establishedAt: '2024-01-01T00:00:00.000Z', details: [1] } }, checks: {} }, 'steps.bucket'],
    ['steps not an object', { schemaVersion: 2, lesson: 'serverless-basics', startedAt: '2024-01-01T00:00:00.000Z', steps: 'all of them' }, 'steps'],
    ['a check memo of the wrong shape', { schemaVersion: 2, lesson: 'serverless-basics', startedAt: '2024-01-01T00:00:00.000Z', steps: {}, checks: { 'trigger-fires': { status: 'pass' } } }, 'checks.trigger-fires'],
  ])('repairs a record with wrong types (%s) with a warning, keeping the original', (_name, content, dropped) => {
    const text = JSON.stringify(content);
    const { dir, store } = withFile(text);
    const { progress, warning } = store.load('serverless-basics');
    expect(warning?.en).toMatch(new RegExp(`had values of the wrong type and was left out: (startedAt \\(the lesson clock starts now\\), )?${dropped.replace('.', '\\.')}[ .]`));
    expect(warning?.ja).toContain('不正な値');
    expect(progress.steps).toEqual({});
    expect(progress.schemaVersion).toBe(PROGRESS_SCHEMA_VERSION);
    // The original is kept; the repaired file reads back without a warning.
    expect(readFileSync(join(dir, asides(dir)[0]), 'utf8')).toBe(text);
    expect(new ProgressStore(dir).load('serverless-basics').warning).toBeUndefined();
  });

  it('migrates a version 1 file, keeping the lesson clock and the finished steps', () => {
    const { store } = withFile(JSON.stringify({
      schemaVersion: 1, lesson: 'serverless-basics', startedAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:10:00.000Z',
      steps: { trigger: { status: 'done', completedAt: '2024-01-01T00:09:00.000Z', details: { triggerLatencyMs: 512 } } },
    }));
    const { progress, warning } = store.load('serverless-basics');
    expect(warning).toBeUndefined();
    expect(progress.startedAt).toBe('2024-01-01T00:00:00.000Z');
    expect(progress.steps.trigger).toEqual({ status: 'done', completedAt: '2024-01-01T00:09:00.000Z', establishedAt: '2024-01-01T00:09:00.000Z', details: { triggerLatencyMs: 512 } });
  });

  it('reset from the first step restarts the lesson clock; from a later step it keeps it', () => {
    const { store } = withFile(JSON.stringify({ schemaVersion: 2, lesson: 'serverless-basics', startedAt: '2024-01-01T00:00:00.000Z', steps: {}, checks: {} }));
    const { progress } = store.load('serverless-basics');
    const partial = store.reset(progress, ['trigger'], false);
    expect(partial.startedAt).toBe('2024-01-01T00:00:00.000Z');
    const before = Date.now();
    const full = store.reset(partial, ['localstack'], true);
    expect(Date.parse(full.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(store.load('serverless-basics').progress.startedAt).toBe(full.startedAt);
  });
});
