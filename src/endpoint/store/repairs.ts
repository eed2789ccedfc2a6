// What the endpoint does with state it cannot use: never crash, never delete. A damaged file (or
// a whole bucket/upload/log group directory) is moved under <dataDir>/damaged/<time>/ with its
// relative path kept, or repaired in place after a copy is kept there; each case is recorded so
// the command that started the endpoint can tell the person what happened and where the copy is.
import { copyFileSync, renameSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ensureDirectory } from '../../fs/directories.js';
import type { Text } from '../../i18n/text.js';

export const DAMAGED_DIR = 'damaged';

export interface StateRepair {
  /** The damaged file or directory, where it was. */
  path: string;
  /** Where it (or a copy of it) now is. */
  keptAt: string;
  /** What was wrong, in the terms of the file (for the person and for a bug report). */
  reason: string;
  /** What the endpoint did instead, e.g. "started without this function". */
  outcome: Text;
}

export class StateRepairs {
  readonly done: StateRepair[] = [];
  private stamp: string | undefined;

  constructor(readonly dataDir: string) {}

  /** Moves `path` out of the way (the endpoint then starts without it). */
  moveAside(path: string, reason: string, outcome: Text): StateRepair {
    const keptAt = this.placeFor(path);
    renameSync(path, keptAt);
    return this.record({ path, keptAt, reason, outcome });
  }

  /** Keeps a copy of a file that the caller then rewrites without its damaged parts. */
  copyAside(path: string, reason: string, outcome: Text): StateRepair {
    const keptAt = this.placeFor(path);
    copyFileSync(path, keptAt);
    return this.record({ path, keptAt, reason, outcome });
  }

  private record(repair: StateRepair): StateRepair {
    this.done.push(repair);
    return repair;
  }

  private placeFor(path: string): string {
    // One folder per start, named by time, so repeated repairs never overwrite earlier copies.
    this.stamp ??= new Date().toISOString().replace(/[:.]/g, '-');
    const inside = relative(this.dataDir, path);
    const target = join(this.dataDir, DAMAGED_DIR, this.stamp, inside.startsWith('..') ? path.replace(/[\\/:]+/g, '_') : inside);
    ensureDirectory(dirname(target));
    return target;
  }
}

/** The person's version of a repair: which file, what was wrong, what the endpoint did, where the copy is. */
export function repairText(repair: StateRepair): Text {
  return {
    en: `The built-in endpoint's file ${repair.path} was damaged (${repair.reason}): ${repair.outcome.en}. It is kept at ${repair.keptAt}.`,
    ja: `内蔵エンドポイントのファイル ${repair.path} が壊れていました (${repair.reason})。${repair.outcome.ja}。元のファイルは ${repair.keptAt} に残してあります。`,
  };
}
