// Object helpers shared by steps and checks: a real test image, and waiting for an object to appear.
import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../endpoint/store/atomic.js';
import { defaultCacheDir } from '../steps/packaging/cache-dir.js';
import { unlessMissing } from './errors.js';
import { pollUntil, type PollOptions } from './poll.js';

/** Test images read or made in this process, by file: each check and step that uploads one reuses it. */
const testJpegs = new Map<string, Promise<Buffer>>();

/**
 * A real JPEG (noise over a colour, so it compresses like a photo) wider than the lesson's cap.
 * Made once per size and machine (~250 ms with sharp) and kept in the cache directory
 * (<cacheDir>/test-images/), so run, check and every learner of a class check read the same file;
 * callers only read it.
 */
export function makeTestJpeg(width = 1600, height = 1200, cacheDir = defaultCacheDir()): Promise<Buffer> {
  const file = join(cacheDir, 'test-images', `${width}x${height}.jpg`);
  let made = testJpegs.get(file);
  if (!made) {
    made = keptTestJpeg(width, height, file);
    made.catch(() => testJpegs.delete(file)); // a failure is not remembered
    testJpegs.set(file, made);
  }
  return made;
}

async function keptTestJpeg(width: number, height: number, file: string): Promise<Buffer> {
  try {
    const kept = readFileSync(file);
    if (isWholeJpeg(kept)) return kept;
  } catch {
    // not made yet, or unreadable: made now
  }
  const image = await renderTestJpeg(width, height);
  try {
    writeFileAtomic(file, image);
  } catch {
    // a cache that cannot be written only costs the next process its time
  }
  return image;
}

/** Starts with SOI and ends with EOI: a file cut short by a full disk is not taken. */
function isWholeJpeg(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
}

async function renderTestJpeg(width: number, height: number): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 }, noise: { type: 'gaussian', mean: 120, sigma: 40 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

export async function headObject(s3: S3Client, bucket: string, key: string): Promise<HeadObjectCommandOutput | undefined> {
  return unlessMissing(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })), 'NotFound', 'NoSuchKey');
}

/**
 * Polls until the object exists or the deadline passes; returns it and how long it took. Polls
 * start fast and back off (aws/poll.ts): a warm trigger writes its output in ~50 ms, a cold one in
 * seconds; `wakeUp` (an in-process endpoint's event for the key) ends a wait at once.
 */
export async function waitForObject(
  s3: S3Client,
  bucket: string,
  key: string,
  options: { deadline: number; intervalMs?: number; since?: number; wakeUp?: PollOptions['wakeUp'] },
): Promise<{ head: HeadObjectCommandOutput; elapsedMs: number } | undefined> {
  const since = options.since ?? performance.now();
  const head = await pollUntil(() => headObject(s3, bucket, key), {
    deadline: options.deadline,
    longestMs: options.intervalMs ?? 400,
    ...(options.wakeUp ? { wakeUp: options.wakeUp } : {}),
  });
  return head ? { head, elapsedMs: performance.now() - since } : undefined;
}
