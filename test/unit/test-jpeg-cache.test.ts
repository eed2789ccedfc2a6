// The test JPEG is made once per machine and kept in the cache directory: a kept one is read, not
// made again; one cut short (a full disk) is made again and replaced.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { makeTestJpeg } from '../../src/aws/objects.js';

const made: string[] = [];
function cacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'jpeg-cache-'));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('makeTestJpeg', () => {
  it('keeps the image it made in <cacheDir>/test-images/<w>x<h>.jpg', async () => {
    const dir = cacheDir();
    const image = await makeTestJpeg(64, 48, dir);
    expect(readFileSync(join(dir, 'test-images', '64x48.jpg')).equals(image)).toBe(true);
    const meta = await sharp(image).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 64, 48]);
  });

  it('reads a kept image instead of making one', async () => {
    const dir = cacheDir();
    const kept = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 255, g: 0, b: 0 } } }).jpeg().toBuffer();
    mkdirSync(join(dir, 'test-images'), { recursive: true });
    writeFileSync(join(dir, 'test-images', '64x48.jpg'), kept);
    expect((await makeTestJpeg(64, 48, dir)).equals(kept)).toBe(true);
  });

  it('makes the image again when the kept one is cut short', async () => {
    const dir = cacheDir();
    const whole = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 0, g: 255, b: 0 } } }).jpeg().toBuffer();
    mkdirSync(join(dir, 'test-images'), { recursive: true });
    const file = join(dir, 'test-images', '64x48.jpg');
    writeFileSync(file, whole.subarray(0, whole.length - 10));
    const image = await makeTestJpeg(64, 48, dir);
    expect((await sharp(image).metadata()).width).toBe(64);
    expect(image.subarray(-2).equals(Buffer.from([0xff, 0xd9]))).toBe(true);
    expect(readFileSync(file).equals(image)).toBe(true);
  });
});
