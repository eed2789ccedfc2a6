// Object keys and other client-chosen names never become paths: they are hashed into file names,
// so `../../x`, `/etc/passwd` or a 1,024-byte key cannot reach outside the data dir.
import { createHash } from 'node:crypto';

export function fileNameFor(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}
