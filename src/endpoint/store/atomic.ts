// Durable small-file writes: write a unique temp file beside the target, then rename over it.
// rename(2) within one directory is atomic, so a reader (or a restart after kill -9) sees either
// the old file or the new one, never half of one.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';

export class CorruptStateError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `The endpoint's state file ${file} is unreadable (${reason}). ` +
        `Move it aside or delete it to start from empty state; nothing else was changed.`,
    );
    this.name = 'CorruptStateError';
  }
}

/** Temp names start with this so a start-up sweep can remove leftovers of interrupted writes. */
export const TEMP_PREFIX = '.tmp-';

export function writeFileAtomic(target: string, data: string | Buffer | Uint8Array): void {
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `${TEMP_PREFIX}${basename(target)}.${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export function writeJsonAtomic(target: string, value: unknown): void {
  writeFileAtomic(target, JSON.stringify(value, null, 1));
}

/** Reads a JSON state file; a missing file gives `undefined`, a damaged one a CorruptStateError. */
export function readJsonFile<T>(file: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CorruptStateError(file, (error as Error).message);
  }
}
