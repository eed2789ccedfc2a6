// Accepting a function's deployment package: size limits as AWS enforces them, a readable zip,
// and no entry that could escape the function's directory when the runtime unpacks it (zip slip)
// or point elsewhere (symlinks). Everything here runs before any state changes.
import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import { LambdaError, invalidParameter, tooLarge } from './errors.js';

export const MAX_ZIPPED_BYTES = 52_428_800;
export const MAX_UNZIPPED_BYTES = 262_144_000;
export const MAX_CREATE_REQUEST_BYTES = 70_167_211;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export interface UploadedCode {
  bytes: Buffer;
  /** base64(sha256), as AWS reports CodeSha256. */
  sha256: string;
  /** hex(sha256): the code file's name on disk. */
  sha256Hex: string;
  size: number;
}

/** Decodes and checks `ZipFile` (base64 in the JSON body). */
export async function acceptZipFile(zipFileBase64: string): Promise<UploadedCode> {
  const bytes = Buffer.from(zipFileBase64, 'base64');
  if (bytes.length > MAX_ZIPPED_BYTES) {
    throw tooLarge(`Zipped size must be smaller than ${MAX_ZIPPED_BYTES} bytes`);
  }
  await inspectZip(bytes);
  const digest = createHash('sha256').update(bytes).digest();
  return { bytes, sha256: digest.toString('base64'), sha256Hex: digest.toString('hex'), size: bytes.length };
}

const UNREADABLE = 'Could not unzip uploaded file. Please check your file, then try to upload again.';

/** Reads every central-directory entry; throws InvalidParameterValueException naming a bad entry. */
export async function inspectZip(bytes: Buffer): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings off: yauzl would reject `../x` with a generic error; we name the entry ourselves.
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  } catch {
    throw invalidParameter(UNREADABLE);
  }
  let unzipped = 0;
  try {
    for await (const entry of entries(zip)) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      const problem = entryNameProblem(name);
      if (problem) {
        throw invalidParameter(`The zip entry '${name}' ${problem}; Lambda unpacks every entry inside the function's directory.`);
      }
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
        throw invalidParameter(`The zip entry '${name}' is a symbolic link; deployment packages must contain regular files only.`);
      }
      unzipped += entry.uncompressedSize;
      if (unzipped >= MAX_UNZIPPED_BYTES) {
        throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
      }
    }
  } catch (error) {
    if (error instanceof LambdaError) throw error;
    throw invalidParameter(UNREADABLE);
  } finally {
    zip.close();
  }
}

/** Why an entry name could land outside the extraction directory, or `undefined` when it cannot. */
export function entryNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'has an empty name';
  if (name.includes('\0')) return 'contains a NUL character';
  if (name.includes('\\')) return 'contains a backslash (a Windows path separator)';
  if (/^[a-zA-Z]:/.test(name)) return 'starts with a drive letter';
  if (name.startsWith('/')) return 'is an absolute path';
  if (name.split('/').includes('..')) return "contains a '..' path segment";
  return undefined;
}

/** yauzl's lazy entry events as an async iterator. */
async function* entries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  while (true) {
    const next = await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      const onEntry = (entry: yauzl.Entry) => {
        cleanup();
        resolve(entry);
      };
      const onEnd = () => {
        cleanup();
        resolve(undefined);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const cleanup = () => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}
