// Object helpers shared by steps and checks: a real test image, and waiting for an object to appear.
import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { unlessMissing } from './errors.js';
import { pollUntil, type PollOptions } from './poll.js';

/** Test images made in this process, by size: each check and step that uploads one reuses it. */
const testJpegs = new Map<string, Promise<Buffer>>();

/**
 * A real JPEG (noise over a colour, so it compresses like a photo) wider than the lesson's cap.
 * Made once per size and process (~250 ms with sharp); callers only read it.
 */
export function makeTestJpeg(width = 1600, height = 1200): Promise<Buffer> {
  const size = `${width}x${height}`;
  let made = testJpegs.get(size);
  if (!made) {
    made = renderTestJpeg(width, height);
    made.catch(() => testJpegs.delete(size)); // a failure is not remembered
    testJpegs.set(size, made);
  }
  return made;
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
