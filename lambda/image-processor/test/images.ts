// Real images generated at test time, and an S3 event around a key, as S3 would send them.
import sharp from 'sharp';
import type { S3Event } from '../src/event.js';

export type TestFormat = 'jpeg' | 'png' | 'webp';

/** A two-colour image (left half red, right half blue) so a rotation is visible in the pixels. */
export async function makeImage(format: TestFormat, width: number, height: number, orientation?: number): Promise<Buffer> {
  const left = Math.max(1, Math.floor(width / 2));
  const base = sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 255 } } }).composite([
    { input: { create: { width: left, height, channels: 3, background: { r: 255, g: 0, b: 0 } } }, left: 0, top: 0 },
  ]);
  const withOrientation = orientation ? base.withMetadata({ orientation }) : base;
  return withOrientation.toFormat(format).toBuffer();
}

/** S3 ObjectCreated:Put event for one object; `key` is passed as given (already encoded). */
export function s3Event(bucket: string, encodedKey: string, size = 1): S3Event {
  return {
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: bucket }, object: { key: encodedKey, size } },
      },
    ],
  };
}

/** The key as AWS puts it in an event: form-encoded, a space becomes `+`, `/` stays. */
export function awsEncodeKey(key: string): string {
  return key.split('/').map((part) => encodeURIComponent(part).replace(/%20/g, '+')).join('/');
}

/** The key as LocalStack puts it in an event: percent-encoded, a space becomes `%20`. */
export function localstackEncodeKey(key: string): string {
  return key.split('/').map((part) => encodeURIComponent(part)).join('/');
}
