// The image-processor function: packaging cost (esbuild time, zip size) and per-image time inside
// the packaged handler vs calling sharp directly on the same image (the function's overhead).
// The handler measured is the one from the zip, unpacked; S3 is replaced by an in-memory store so
// only the function's own work is timed.
// Usage: npm run build && node bench/function-image.mjs [iterations]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { importSource, markdownTable, median, round, timeMs, writeResult } from './lib.mjs';

const { packageFunction } = await importSource('src/steps/packaging/index.ts');

const iterations = Number(process.argv[2] ?? 15);
const packagingRuns = 5;
const functionDir = fileURLToPath(new URL('../lambda/image-processor', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bench-function-'));

// --- packaging -------------------------------------------------------------------------------
const packaging = [];
let lastZip;
for (let i = 0; i < packagingRuns; i++) {
  let result;
  const totalMs = await timeMs(async () => {
    result = await packageFunction({ sourceDir: functionDir, outDir: join(work, `zip-${i}`), arch: 'x86_64', platform: 'linux', target: 'builtin' });
  });
  packaging.push({ totalMs, ...result.timings });
  lastZip = result;
}
const pack = {
  runs: packagingRuns,
  esbuildMedianMs: round(median(packaging.map((p) => p.bundleMs))),
  sharpCollectMedianMs: round(median(packaging.map((p) => p.sharpMs))),
  zipMedianMs: round(median(packaging.map((p) => p.zipMs))),
  totalMedianMs: round(median(packaging.map((p) => p.totalMs))),
  bundleBytes: lastZip.bundleBytes,
  zipBytes: lastZip.zipBytes,
  zipEntries: lastZip.files.length,
  sharp: lastZip.sharp,
};

// --- the packaged handler ----------------------------------------------------------------------
const unpacked = join(work, 'unpacked');
const zip = await yauzl.openPromise(lastZip.zipPath, { lazyEntries: true });
await new Promise((resolve, reject) => {
  zip.on('entry', (entry) => {
    zip
      .openReadStreamPromise(entry)
      .then(async (stream) => {
        const chunks = [];
        for await (const chunk of stream) chunks.push(chunk);
        const target = join(unpacked, entry.fileName);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, Buffer.concat(chunks));
        zip.readEntry();
      })
      .catch(reject);
  });
  zip.on('end', resolve);
  zip.on('error', reject);
  zip.readEntry();
});
zip.close();
const { createHandler } = createRequire(join(unpacked, 'index.js'))('./index.js');

function memoryStore(body, contentType) {
  return {
    async fetch() {
      return { status: 'ok', body, contentType };
    },
    async put(object) {
      if (!object.body.length) throw new Error('empty output');
    },
  };
}

async function noisyImage(format, width, height) {
  // Noise, not a flat colour: a flat image would compress and resize unrealistically fast.
  return sharp({ create: { width, height, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).toFormat(format).toBuffer();
}

const cases = [
  { label: 'JPEG 4000×3000', format: 'jpeg', width: 4000, height: 3000 },
  { label: 'JPEG 1920×1080', format: 'jpeg', width: 1920, height: 1080 },
  { label: 'PNG 2000×1500', format: 'png', width: 2000, height: 1500 },
  { label: 'WebP 2000×1500', format: 'webp', width: 2000, height: 1500 },
  { label: 'JPEG 640×480 (no resize)', format: 'jpeg', width: 640, height: 480 },
];

const images = [];
for (const c of cases) {
  const input = await noisyImage(c.format, c.width, c.height);
  const handler = createHandler({ env: { MAX_WIDTH: '800' }, store: memoryStore(input, `image/${c.format}`), log: () => {} });
  const event = { Records: [{ s3: { bucket: { name: 'bench' }, object: { key: `bench/${c.format}-${c.width}.img` } } }] };
  const direct = () => sharp(input, { autoOrient: true }).resize({ width: 800, withoutEnlargement: true }).toFormat(c.format).toBuffer();
  const viaFunction = async () => {
    const summary = await handler(event);
    if (summary.processed.length !== 1) throw new Error(`not processed: ${JSON.stringify(summary)}`);
  };
  const directMs = [];
  const functionMs = [];
  for (let i = 0; i < iterations + 2; i++) {
    // Alternate the two so machine noise hits both alike; the first two rounds warm up.
    const d = await timeMs(direct);
    const f = await timeMs(viaFunction);
    if (i >= 2) {
      directMs.push(d);
      functionMs.push(f);
    }
  }
  const d = median(directMs);
  const f = median(functionMs);
  images.push({ label: c.label, inputBytes: input.length, directMedianMs: round(d), functionMedianMs: round(f), overheadRatio: round(f / d, 3) });
}

rmSync(work, { recursive: true, force: true });

const kib = (n) => `${round(n / 1024, 1)} KiB`;
const mib = (n) => `${round(n / 2 ** 20, 2)} MiB`;
writeResult(
  'function-image',
  { iterations, packaging: pack, images },
  `Packaging (target builtin, ${pack.sharp.platform}-${pack.sharp.arch}, sharp ${pack.sharp.version} from ${pack.sharp.source}), medians of ${packagingRuns} runs:\n\n` +
    markdownTable(
      ['esbuild ms', 'sharp collect ms', 'zip ms', 'total ms', 'index.js', 'zip', 'entries'],
      [[pack.esbuildMedianMs, pack.sharpCollectMedianMs, pack.zipMedianMs, pack.totalMedianMs, kib(pack.bundleBytes), mib(pack.zipBytes), pack.zipEntries]],
    ) +
    `\n\nPer image, MAX_WIDTH 800, medians of ${iterations} runs: the packaged handler (in-memory S3) vs sharp directly ` +
    `(same resize, same format). Ratio > 1 is the function's overhead (header read, checks, metadata).\n\n` +
    markdownTable(
      ['image', 'input', 'sharp direct ms', 'function ms', 'ratio function/direct'],
      images.map((i) => [i.label, kib(i.inputBytes), i.directMedianMs, i.functionMedianMs, i.overheadRatio]),
    ),
);
