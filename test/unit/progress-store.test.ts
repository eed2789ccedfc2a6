import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ProgressStore } from '../../src/progress/store.js';
import { tempDir } from '../helpers/endpoint.js';

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
    expect(again.progress.steps.bucket).toMatchObject({ status: 'done', details: { created: true } });
    expect(readdirSync(dir).filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    const forgotten = store.forget(again.progress, ['bucket']);
    expect(new ProgressStore(dir).load('serverless-basics').progress.steps).toEqual(forgotten.steps);
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1, "lesson": '],
    ['wrong schema version', JSON.stringify({ schemaVersion: 99, lesson: 'serverless-basics', steps: {} })],
    ['bad step entry', JSON.stringify({ schemaVersion: 1, lesson: 'serverless-basics', steps: { bucket: { status: 'maybe' } } })],
  ])('moves a damaged file aside with a warning (%s), never losing it', (_name, content) => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'progress.json'), content);
    const { progress, warning } = new ProgressStore(dir).load('serverless-basics');
    expect(progress.steps).toEqual({});
    expect(warning?.en).toContain('could not be read');
    expect(warning?.ja).toContain('読めませんでした');
    const aside = readdirSync(dir).find((f) => f.startsWith('progress.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside!), 'utf8')).toBe(content);
    expect(existsSync(join(dir, 'progress.json'))).toBe(false);
  });
});
