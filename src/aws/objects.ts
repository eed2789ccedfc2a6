// Object helpers shared by steps and checks: a real test image, and waiting for an object to appear.
import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { unlessMissing } from './errors.js';

/** A real JPEG (noise over a colour, so it compresses like a photo) wider than the lesson's cap. */
export async function makeTestJpeg(width = 1600, height = 1200): Promise<Buffer> {
  const sharp = (await import('sharp')).default;
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 }, noise: { type: 'gaussian', mean: 120, sigma: 40 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

export async function headObject(s3: S3Client, bucket: string, key: string): Promise<HeadObjectCommandOutput | undefined> {
  return unlessMissing(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })), 'NotFound', 'NoSuchKey');
}

/** Polls until the object exists or the deadline passes; returns it and how long it took. */
export async function waitForObject(
  s3: S3Client,
  bucket: string,
  key: string,
  options: { deadline: number; intervalMs?: number; since?: number },
): Promise<{ head: HeadObjectCommandOutput; elapsedMs: number } | undefined> {
  const since = options.since ?? performance.now();
  for (;;) {
    const head = await headObject(s3, bucket, key);
    if (head) return { head, elapsedMs: performance.now() - since };
    if (Date.now() >= options.deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
