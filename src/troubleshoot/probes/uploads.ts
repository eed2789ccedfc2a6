// Probe: the learner's own recent uploads that have no processed copy. Whatever the checks say,
// these are what the learner saw "do nothing" — and why (the notification's filter, or the
// function) is the question the troubleshooter then answers.
import { ListObjectsV2Command, type _Object } from '@aws-sdk/client-s3';
import { CHECK_PREFIX, type CheckContext } from '../../checks/context.js';
import { filterOf } from '../../lesson/index.js';
import type { LambdaNotificationLike } from '../../aws/compare.js';

export interface Upload {
  key: string;
  lastModified?: Date;
  size?: number;
}

/** How far back an upload counts as the learner's recent attempt. */
export const RECENT_UPLOAD_MS = 24 * 60 * 60_000;
/** Listing is bounded: a lesson bucket holds a handful of images. */
const MAX_PAGES = 5;

export interface UploadsProbe {
  /** Uploads of the last day outside processed/ and the checks' own prefix, without a processed copy; newest first. */
  unprocessed: Upload[];
  /** Every key in the bucket (to see whether a renamed copy was processed). */
  keys: Set<string>;
}

export async function probeUnprocessedUploads(ctx: CheckContext, now = Date.now()): Promise<UploadsProbe> {
  const bucket = ctx.lesson.resources.bucket.name;
  const prefix = ctx.lesson.resources.output.prefix;
  const objects: _Object[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await ctx.aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }));
    objects.push(...(out.Contents ?? []));
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
    if (!token) break;
  }
  const keys = new Set(objects.map((o) => o.Key ?? ''));
  const unprocessed = objects
    .filter((o) => o.Key && !o.Key.startsWith(prefix) && !o.Key.startsWith(CHECK_PREFIX) && !o.Key.endsWith('/'))
    .filter((o) => !keys.has(`${prefix}${o.Key}`))
    .filter((o) => !o.LastModified || now - o.LastModified.getTime() < RECENT_UPLOAD_MS)
    .sort((a, b) => (b.LastModified?.getTime() ?? 0) - (a.LastModified?.getTime() ?? 0))
    .map((o) => ({ key: o.Key as string, ...(o.LastModified ? { lastModified: o.LastModified } : {}), ...(o.Size !== undefined ? { size: o.Size } : {}) }));
  return { unprocessed, keys };
}

export type FilterMiss =
  | { key: string; why: 'prefix'; prefix: string }
  /** Only the letter case of the ending differs (photo.JPG against ".jpg"): S3 compares exactly. */
  | { key: string; why: 'case'; suffix: string; matching: string }
  | { key: string; why: 'suffix'; suffix: string };

/** Why a key does not pass a notification's filter; undefined when it passes. */
export function filterMiss(config: LambdaNotificationLike, key: string): FilterMiss | undefined {
  const { prefix, suffix } = filterOf(config);
  if (!key.startsWith(prefix)) return { key, why: 'prefix', prefix };
  if (key.endsWith(suffix)) return undefined;
  if (key.toLowerCase().endsWith(suffix.toLowerCase())) return { key, why: 'case', suffix, matching: `${key.slice(0, key.length - suffix.length)}${suffix}` };
  return { key, why: 'suffix', suffix };
}
