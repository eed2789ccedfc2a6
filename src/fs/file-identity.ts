// A file's identity as the filesystem keeps it, without reading it: device, inode, size and the
// modification and change times in nanoseconds (what git's index compares). Any write, rename
// over, reinstall or `touch` gives a different identity; ctime cannot be set back by a program.
// Used to know that a build's inputs are unchanged without reading and hashing them.
import { statSync, type BigIntStats } from 'node:fs';

/** `dev:ino:size:mtimeNs:ctimeNs`, or `missing` when nothing is at `path`. */
export function fileIdentity(path: string): string {
  const stats = statSync(path, { bigint: true, throwIfNoEntry: false });
  return stats ? identityOf(stats) : 'missing';
}

export function identityOf(stats: BigIntStats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
}

/**
 * Whether an identity was taken less than `marginMs` before `sinceMs` (or later): a write in the
 * same clock tick could leave it unchanged, so it cannot vouch for the content read at `sinceMs`.
 */
export function changedSince(identity: string, sinceMs: number, marginMs = 1000): boolean {
  if (identity === 'missing') return false;
  const [, , , mtimeNs, ctimeNs] = identity.split(':');
  const latestMs = Number(BigInt(mtimeNs!) > BigInt(ctimeNs!) ? BigInt(mtimeNs!) / 1_000_000n : BigInt(ctimeNs!) / 1_000_000n);
  return latestMs >= sinceMs - marginMs;
}
