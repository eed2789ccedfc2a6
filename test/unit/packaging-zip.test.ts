import { describe, expect, it } from '@jest/globals';
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { EXECUTABLE_MODE, FILE_MODE, writeDeterministicZip, type ZipEntry } from '../../src/steps/packaging/deterministic-zip.js';

const entries: ZipEntry[] = [
  { path: 'node_modules/b/index.js', data: Buffer.from('module.exports = 2;\n') },
  { path: 'index.js', data: Buffer.from('exports.handler = async () => 1;\n') },
  { path: 'node_modules/a/lib/native.node', data: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 2, 3]), executable: true },
  { path: 'package.json', data: Buffer.from('{"type":"commonjs"}\n') },
  { path: 'node_modules/a/日本語.txt', data: Buffer.from('こんにちは\n') },
];

interface Read {
  name: string;
  mode: number;
  date: number;
  time: number;
  data: string;
}

async function read(zip: Buffer): Promise<Read[]> {
  const file = await yauzl.fromBufferPromise(zip, { lazyEntries: true });
  const out: Read[] = [];
  await new Promise<void>((resolve, reject) => {
    file.on('entry', (entry: yauzl.Entry) => {
      file
        .openReadStreamPromise(entry)
        .then(async (stream) => {
          const chunks: Buffer[] = [];
          for await (const c of stream) chunks.push(c as Buffer);
          out.push({ name: entry.fileName, mode: entry.externalFileAttributes >>> 16, date: entry.lastModFileDate, time: entry.lastModFileTime, data: Buffer.concat(chunks).toString('utf8') });
          file.readEntry();
        })
        .catch(reject);
    });
    file.on('end', () => resolve());
    file.on('error', reject);
    file.readEntry();
  });
  return out;
}

const packagingDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'steps', 'packaging');

describe('writeDeterministicZip', () => {
  it('gives the same bytes whatever the order the entries come in', async () => {
    const a = await writeDeterministicZip(entries);
    const b = await writeDeterministicZip([...entries].reverse());
    expect(a.equals(b)).toBe(true);
  });

  it('gives the same bytes in every time zone', async () => {
    // Jest's process.env is a copy, so TZ can only really change in a separate process: bundle the
    // writer (and yazl) into one file and run it under two time zones.
    const dir = mkdtempSync(join(tmpdir(), 'zip-tz-'));
    try {
      const script = join(dir, 'zip.cjs');
      await build({
        stdin: {
          contents:
            "import { createHash } from 'node:crypto';\n" +
            "import { writeDeterministicZip } from './deterministic-zip.ts';\n" +
            "void writeDeterministicZip([{ path: 'a.txt', data: Buffer.from('a') }]).then((zip) => {\n" +
            "  console.log(new Date(1980, 0, 1).getTimezoneOffset(), createHash('sha256').update(zip).digest('hex'));\n" +
            '});\n',
          resolveDir: packagingDir,
          loader: 'ts',
        },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        outfile: script,
        logLevel: 'silent',
      });
      const inZone = (tz: string) => execFileSync(process.execPath, [script], { env: { PATH: process.env.PATH, TZ: tz }, encoding: 'utf8' }).trim().split(' ');
      const [tokyoOffset, tokyo] = inZone('Asia/Tokyo');
      const [laOffset, losAngeles] = inZone('America/Los_Angeles');
      expect(tokyoOffset).not.toBe(laOffset); // the zones really differed
      expect(tokyo).toBe(losAngeles);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('changes when one byte of content changes', async () => {
    const changed = entries.map((e) => (e.path === 'index.js' ? { ...e, data: Buffer.from('exports.handler = async () => 2;\n') } : e));
    expect((await writeDeterministicZip(changed)).equals(await writeDeterministicZip(entries))).toBe(false);
  });

  it('sorts entries, fixes time and modes, and keeps contents (UTF-8 names included)', async () => {
    const items = await read(await writeDeterministicZip(entries));
    expect(items.map((i) => i.name)).toEqual(['index.js', 'node_modules/a/lib/native.node', 'node_modules/a/日本語.txt', 'node_modules/b/index.js', 'package.json']);
    for (const item of items) {
      expect(item.date).toBe(33); // 1980-01-01: (0 << 9) | (1 << 5) | 1
      expect(item.time).toBe(0);
    }
    expect(items.find((i) => i.name.endsWith('.node'))!.mode).toBe(EXECUTABLE_MODE);
    expect(items.filter((i) => !i.name.endsWith('.node')).map((i) => i.mode)).toEqual([FILE_MODE, FILE_MODE, FILE_MODE, FILE_MODE]);
    expect(items.find((i) => i.name === 'node_modules/a/日本語.txt')!.data).toBe('こんにちは\n');
  });

  it('refuses two entries with the same path', async () => {
    await expect(writeDeterministicZip([...entries, { path: 'index.js', data: Buffer.from('x') }])).rejects.toThrow('duplicate zip entry index.js');
  });
});
