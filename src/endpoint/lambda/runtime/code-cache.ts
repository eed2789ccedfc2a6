// Unpacks each code version (CodeSha256) once into its own directory, the function's task root:
//   <dataDir>/lambda/runtime-code/<hex of CodeSha256>/
// Unpacking goes to a temp directory that is renamed into place, so a directory that exists is
// complete, and the same version is never unpacked twice. Entries that would land outside the
// directory, and symlinks, are refused (the control plane refuses them at upload too).
//
// Interface: `new CodeCache(dataDir)`; `taskRootFor(fn): Promise<string>` (real path of the dir).
import { chmodSync, createWriteStream, existsSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { TEMP_PREFIX, writeFileAtomic } from '../../store/atomic.js';
import { fileNameFor } from '../../store/safe-name.js';
import { LIMITS, PROVIDED_RUNTIMES, type RunnableFunction } from './types.js';

export class CodeUnpackError extends Error {}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export class CodeCache {
  private readonly root: string;
  private readonly inProgress = new Map<string, Promise<string>>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'lambda', 'runtime-code');
    mkdirSync(this.root, { recursive: true });
    // Node decides CommonJS vs ESM from the nearest package.json. Without this one, a function
    // without its own package.json would inherit whatever "type" a directory above the data dir
    // declares (this project's is "module"), which no real Lambda does.
    const boundary = join(this.root, 'package.json');
    if (!existsSync(boundary)) writeFileAtomic(boundary, `${JSON.stringify({ private: true, type: 'commonjs' })}\n`);
    // Leftovers of unpacks interrupted by a crash.
    for (const name of readdirSync(this.root)) {
      if (name.startsWith(TEMP_PREFIX)) rmSync(join(this.root, name), { recursive: true, force: true });
    }
  }

  async taskRootFor(fn: RunnableFunction): Promise<string> {
    const dir = join(this.root, versionDirName(fn.codeSha256));
    if (existsSync(dir)) return realpathSync(dir);
    let pending = this.inProgress.get(dir);
    if (!pending) {
      pending = this.unpack(fn, dir).finally(() => this.inProgress.delete(dir));
      this.inProgress.set(dir, pending);
    }
    return pending;
  }

  private async unpack(fn: RunnableFunction, dir: string): Promise<string> {
    const temp = join(this.root, `${TEMP_PREFIX}${versionDirName(fn.codeSha256)}-${randomBytes(6).toString('hex')}`);
    mkdirSync(temp);
    try {
      await extractZip(fn.zipPath, temp);
      // A custom runtime's bootstrap must be executable; zips made on Windows carry no mode bits.
      const bootstrap = join(temp, 'bootstrap');
      if (PROVIDED_RUNTIMES.has(fn.runtime) && existsSync(bootstrap)) {
        chmodSync(bootstrap, statSync(bootstrap).mode | 0o555);
      }
      try {
        renameSync(temp, dir);
      } catch (error) {
        // Another process unpacked the same version first: theirs is as good as ours.
        if (!existsSync(dir)) throw error;
        rmSync(temp, { recursive: true, force: true });
      }
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      throw error;
    }
    return realpathSync(dir);
  }
}

/** Hex of the SHA-256 when it is one (readable in a listing), else a hash of whatever was given. */
function versionDirName(codeSha256: string): string {
  const bytes = Buffer.from(codeSha256, 'base64');
  return bytes.length === 32 && bytes.toString('base64') === codeSha256 ? bytes.toString('hex') : fileNameFor(codeSha256);
}

async function extractZip(zipPath: string, target: string): Promise<void> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: true, validateEntrySizes: true });
  let total = 0;
  try {
    await new Promise<void>((done, fail) => {
      zip.on('error', fail);
      zip.on('end', () => done());
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          const mode = (entry.externalFileAttributes >>> 16) & 0xffff;
          if ((mode & S_IFMT) === S_IFLNK) throw new CodeUnpackError(`the zip contains a symbolic link: ${entry.fileName}`);
          const destination = resolve(target, entry.fileName);
          if (destination !== target && !destination.startsWith(target + sep)) {
            throw new CodeUnpackError(`the zip entry ${entry.fileName} would be written outside the function's directory`);
          }
          if (entry.fileName.endsWith('/')) {
            mkdirSync(destination, { recursive: true });
          } else {
            total += entry.uncompressedSize;
            if (total > LIMITS.unzippedCodeBytes) {
              throw new CodeUnpackError(`Unzipped size must be smaller than ${LIMITS.unzippedCodeBytes} bytes`);
            }
            mkdirSync(dirname(destination), { recursive: true });
            const stream = await zip.openReadStreamPromise(entry);
            // Keep the zip's permission bits (executables stay executable); always owner-readable.
            const permissions = (mode & 0o777) === 0 ? 0o644 : (mode & 0o777) | 0o400;
            await pipeline(stream, createWriteStream(destination, { mode: permissions }));
            chmodSync(destination, permissions);
          }
          zip.readEntry();
        })().catch(fail);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
