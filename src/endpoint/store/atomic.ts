// Durable small-file writes: write a unique temp file beside the target, then rename over it.
// rename(2) within one directory is atomic, so a reader (or a restart after kill -9) sees either
// the old file or the new one, never half of one.
import { copyFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureDirectory } from '../../fs/directories.js';

/** Temp names start with this so a start-up sweep can remove leftovers of interrupted writes. */
export const TEMP_PREFIX = '.tmp-';

export function writeFileAtomic(target: string, data: string | Buffer | Uint8Array): void {
  replaceAtomic(target, (temp) => writeFileSync(temp, data));
}

/** A copy of `source` at `target`, put there as writeFileAtomic does (the kernel copies the bytes). */
export function copyFileAtomic(source: string, target: string): void {
  replaceAtomic(target, (temp) => copyFileSync(source, temp));
}

function replaceAtomic(target: string, write: (temp: string) => void): void {
  ensureDirectory(dirname(target));
  const temp = join(dirname(target), `${TEMP_PREFIX}${basename(target)}.${randomBytes(6).toString('hex')}`);
  try {
    write(temp);
    renameSync(temp, target);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      /* the original error is the one to report */
    }
    // The person asked for `target`; the temp name beside it would only confuse a message.
    const failed = error as NodeJS.ErrnoException;
    if (failed.path === temp) failed.path = target;
    throw error;
  }
}

export function writeJsonAtomic(target: string, value: unknown): void {
  writeFileAtomic(target, JSON.stringify(value, null, 1));
}
