// Streams files through hashes without loading them: used to build a multipart object from its
// parts and to re-checksum a copied object.
import { closeSync, createReadStream, createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createHasher, type ChecksumAlgorithm } from './checksums.js';

export interface FileDigests {
  size: number;
  md5Hex: string;
  /** Base64 checksum of the whole content, when an algorithm was asked for. */
  checksum?: string;
}

/**
 * Concatenates the already-open files `sources` (file descriptors, opened by the caller at the
 * moment it looked them up, so a concurrent overwrite cannot remove them) into `target` (created,
 * must not exist), computing the md5 and an optional full-object checksum on the way. Every
 * descriptor is closed when this returns or throws.
 */
export async function concatenateFiles(
  sources: number[],
  target: string,
  algorithm?: ChecksumAlgorithm,
  range?: { start: number; end: number },
): Promise<FileDigests> {
  const md5 = createHash('md5');
  const hasher = algorithm ? createHasher(algorithm) : undefined;
  const out = createWriteStream(target, { flags: 'wx' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  let size = 0;
  let next = 0;
  try {
    while (next < sources.length) {
      const fd = sources[next++];
      for await (const chunk of createReadStream('', { fd, autoClose: true, ...range })) {
        const bytes = chunk as Buffer;
        md5.update(bytes);
        hasher?.update(bytes);
        size += bytes.length;
        if (!out.write(bytes)) await Promise.race([once(out, 'drain'), failed]);
      }
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } catch (error) {
    out.destroy();
    for (const fd of sources.slice(next)) closeSync(fd);
    throw error;
  }
  return { size, md5Hex: md5.digest('hex'), checksum: hasher?.digest().toString('base64') };
}

/** Copies the open file `source` (or bytes start…end of it) to `target`, digesting the bytes as they pass. */
export function copyFileWithDigests(
  source: number,
  target: string,
  algorithm?: ChecksumAlgorithm,
  range?: { start: number; end: number },
): Promise<FileDigests> {
  return concatenateFiles([source], target, algorithm, range);
}
