// Makes a directory read-only even for root (tests run as root here and on CI, and chmod does not
// stop root): a read-only bind mount of the directory onto itself (EROFS), else the immutable
// attribute on everything in it (chattr -R +i: EPERM; ext4 and friends). Returns the undo, or
// undefined when neither is possible on this machine (the caller skips, saying so).
import { execFileSync } from 'node:child_process';

export function makeReadOnly(dir: string): (() => void) | undefined {
  const attempts: [string[], string[]][] = [
    [['mount', '--bind', '-o', 'ro', dir, dir], ['umount', dir]],
    [['chattr', '-R', '+i', dir], ['chattr', '-R', '-i', dir]],
  ];
  for (const [apply, undo] of attempts) {
    try {
      execFileSync(apply[0], apply.slice(1), { stdio: 'ignore' });
      return () => execFileSync(undo[0], undo.slice(1), { stdio: 'ignore' });
    } catch {
      // not permitted here: try the next way
    }
  }
  return undefined;
}
