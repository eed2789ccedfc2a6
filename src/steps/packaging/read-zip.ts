// Reads a zip's central directory (names, sizes) and, on request, the contents of a few entries,
// without extracting anything: used to confirm a function package (the runner's build, the
// learner's own, or the deployed code) and, in diagnosis, to look for the handler file.
import yauzl from 'yauzl';

export interface ZipEntryInfo {
  name: string;
  /** Bytes once unzipped, as the central directory says. */
  size: number;
  isDirectory: boolean;
}

export interface ZipReading {
  entries: ZipEntryInfo[];
  /** The contents of the entries `wantContent` asked for (up to `maxContentBytes` in total). */
  contents: Map<string, Buffer>;
}

export interface ReadZipOptions {
  wantContent?: (entry: ZipEntryInfo) => boolean;
  /** A bound on the contents kept in memory; entries past it are listed but not read. */
  maxContentBytes?: number;
}

export function readZip(source: string | Buffer, options: ReadZipOptions = {}): Promise<ZipReading> {
  const budget = { left: options.maxContentBytes ?? 32 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, zip?: yauzl.ZipFile) => {
      if (error || !zip) return reject(error ?? new Error('unreadable zip'));
      const entries: ZipEntryInfo[] = [];
      const contents = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        const info = { name: entry.fileName, size: entry.uncompressedSize, isDirectory: entry.fileName.endsWith('/') };
        entries.push(info);
        if (info.isDirectory || !options.wantContent?.(info) || info.size > budget.left) return zip.readEntry();
        budget.left -= info.size;
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error(`cannot read ${info.name}`));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.once('error', reject);
          stream.once('end', () => {
            contents.set(info.name, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.once('end', () => resolve({ entries, contents }));
      zip.once('error', reject);
      zip.readEntry();
    };
    if (typeof source === 'string') yauzl.open(source, { lazyEntries: true, autoClose: true }, done);
    else yauzl.fromBuffer(source, { lazyEntries: true }, done);
  });
}

export async function listZipEntries(source: string | Buffer): Promise<string[]> {
  return (await readZip(source)).entries.map((e) => e.name);
}
