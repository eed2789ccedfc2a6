// The handler end to end against a small S3 on 127.0.0.1, through the real SDK client: real images
// in, resized images (read back and measured with sharp) out.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { createServer } from 'node:net';
import { createHandler } from '../src/index.js';
import type { ProcessSummary, S3Event } from '../src/event.js';
import { startFakeS3, type FakeS3 } from './fake-s3.js';
import { awsEncodeKey, localstackEncodeKey, makeImage, s3Event } from './images.js';

const BUCKET = 'product-images';
let s3: FakeS3;
let lines: string[];

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: s3.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    BUCKET_NAME: BUCKET,
    ...extra,
  };
}

async function run(event: S3Event, extraEnv: Record<string, string> = {}): Promise<ProcessSummary> {
  const handler = createHandler({ env: env(extraEnv), log: (line) => lines.push(line) });
  return handler(event);
}

/** Uploads `body` as `key`, sends the event with the key encoded as given, returns the summary. */
async function upload(key: string, body: Buffer, encode: (k: string) => string = awsEncodeKey, extraEnv = {}): Promise<ProcessSummary> {
  s3.putObject(BUCKET, key, body, 'image/jpeg');
  return run(s3Event(BUCKET, encode(key), body.length), extraEnv);
}

async function outputOf(key: string): Promise<{ width: number; height: number; format: string; contentType: string; metadata: Record<string, string> }> {
  const object = s3.getObject(BUCKET, `processed/${key}`);
  if (!object) throw new Error(`no processed/${key}; stored keys: ${s3.keys(BUCKET).join(', ')}`);
  const meta = await sharp(object.body).metadata();
  return { width: meta.width, height: meta.height, format: meta.format, contentType: object.contentType, metadata: object.metadata };
}

beforeAll(async () => {
  s3 = await startFakeS3();
  s3.createBucket(BUCKET);
});

afterAll(async () => {
  await s3.close();
});

beforeEach(() => {
  lines = [];
});

describe('resizing real images', () => {
  it.each([
    { format: 'jpeg', width: 1600, height: 1200, key: 'landscape.jpg', contentType: 'image/jpeg', out: [800, 600] },
    { format: 'png', width: 900, height: 1800, key: 'portrait.png', contentType: 'image/png', out: [800, 1600] },
    { format: 'webp', width: 2000, height: 1000, key: 'wide.webp', contentType: 'image/webp', out: [800, 400] },
    { format: 'jpeg', width: 600, height: 1200, key: 'narrow-portrait.jpg', contentType: 'image/jpeg', out: [600, 1200] },
  ] as const)('$format $width×$height → $out, same format, metadata set', async (c) => {
    const input = await makeImage(c.format, c.width, c.height);
    const summary = await upload(c.key, input);

    expect(summary).toEqual({
      processed: [{ key: c.key, outputKey: `processed/${c.key}`, width: c.out[0], height: c.out[1], format: c.format }],
      skipped: [],
    });
    const output = await outputOf(c.key);
    expect([output.width, output.height]).toEqual(c.out);
    expect(output.format).toBe(c.format);
    expect(output.contentType).toBe(c.contentType);
    expect(output.metadata).toEqual({ 'processed-by': 'image-processor', 'original-key': c.key });
    expect(lines.some((l) => l.startsWith(`OK "${c.key}"`))).toBe(true);
  });

  it('never upscales an image narrower than MAX_WIDTH', async () => {
    const input = await makeImage('jpeg', 320, 200);
    const summary = await upload('small.jpg', input);
    expect(summary.processed[0]).toMatchObject({ width: 320, height: 200 });
    const output = await outputOf('small.jpg');
    expect([output.width, output.height]).toEqual([320, 200]);
  });

  it('honours MAX_WIDTH from the environment', async () => {
    const input = await makeImage('png', 1000, 500);
    await upload('max-width.png', input, awsEncodeKey, { MAX_WIDTH: '250' });
    const output = await outputOf('max-width.png');
    expect([output.width, output.height]).toEqual([250, 125]);
  });

  it('falls back to 800 and says so when MAX_WIDTH is not a positive integer', async () => {
    const input = await makeImage('jpeg', 1000, 500);
    await upload('bad-max-width.jpg', input, awsEncodeKey, { MAX_WIDTH: 'wide' });
    expect((await outputOf('bad-max-width.jpg')).width).toBe(800);
    expect(lines).toContain('config: MAX_WIDTH="wide" is not a positive integer; using the default 800');
  });

  it('rotates by EXIF orientation before capping the width', async () => {
    // Stored 1600×1200 with orientation 6 (rotate 90° clockwise to display): displayed 1200×1600.
    const input = await makeImage('jpeg', 1600, 1200, 6);
    expect((await sharp(input).metadata()).orientation).toBe(6);
    await upload('rotated.jpg', input);

    const object = s3.getObject(BUCKET, 'processed/rotated.jpg');
    const meta = await sharp(object!.body).metadata();
    expect([meta.width, meta.height]).toEqual([800, 1067]);
    expect(meta.orientation).toBeUndefined();
    // The stored image's left half is red; after a clockwise turn it is the top half.
    const { data, info } = await sharp(object!.body).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    expect(pixel(400, 100)[0]).toBeGreaterThan(200); // red on top
    expect(pixel(400, 1000)[2]).toBeGreaterThan(200); // blue at the bottom
  });
});

describe('keys', () => {
  it.each([
    ['AWS form (+)', awsEncodeKey],
    ['LocalStack form (%20)', localstackEncodeKey],
  ])('decodes a key with spaces in the %s', async (_label, encode) => {
    const key = `my photos/summer ${encode === awsEncodeKey ? 'aws' : 'ls'} 1.jpg`;
    expect(encode(key)).not.toContain(' ');
    const summary = await upload(key, await makeImage('jpeg', 1000, 1000), encode);
    expect(summary.processed.map((p) => p.outputKey)).toEqual([`processed/${key}`]);
    expect((await outputOf(key)).metadata['original-key']).toBe(encodeURI(key));
  });

  it.each([
    ['AWS form', awsEncodeKey],
    ['LocalStack form', localstackEncodeKey],
  ])('handles Japanese keys in the %s; original-key metadata is ASCII and decodes back', async (label, encode) => {
    const key = `商品画像/新作 ${label === 'AWS form' ? 'あ' : 'い'}.jpg`;
    const summary = await upload(key, await makeImage('jpeg', 1200, 900), encode);
    expect(summary.processed).toEqual([{ key, outputKey: `processed/${key}`, width: 800, height: 600, format: 'jpeg' }]);
    const stored = (await outputOf(key)).metadata['original-key'];
    expect(stored).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeURIComponent(stored!)).toBe(key);
  });

  it('keeps a literal + in a key (%2B in the event)', async () => {
    const key = 'a+b.jpg';
    await upload(key, await makeImage('jpeg', 900, 900));
    expect(s3.getObject(BUCKET, 'processed/a+b.jpg')).toBeDefined();
  });

  it('skips keys under processed/ without touching S3 (loop guard)', async () => {
    const before = s3.requests.length;
    const summary = await run(s3Event(BUCKET, 'processed/landscape.jpg'));
    expect(summary).toEqual({
      processed: [],
      skipped: [{ key: 'processed/landscape.jpg', code: 'loop-guard', reason: expect.stringContaining('loop guard') }],
    });
    expect(s3.requests.length).toBe(before);
    expect(lines).toEqual([expect.stringMatching(/^SKIP "processed\/landscape\.jpg": .*loop guard/)]);
  });
});

describe('input that is skipped, logged, and never thrown', () => {
  async function expectSkipped(key: string, summary: ProcessSummary, code: string, reason: RegExp): Promise<void> {
    expect(summary.processed).toEqual([]);
    expect(summary.skipped).toEqual([{ key, code, reason: expect.stringMatching(reason) }]);
    expect(s3.getObject(BUCKET, `processed/${key}`)).toBeUndefined();
    const skipLines = lines.filter((l) => l.startsWith('SKIP'));
    expect(skipLines).toHaveLength(1);
    expect(skipLines[0]).toContain(`"${key}"`);
    expect(skipLines[0]).toMatch(reason);
  }

  it('a text file named .jpg', async () => {
    const summary = await upload('notes.jpg', Buffer.from('this is not an image\n'));
    await expectSkipped('notes.jpg', summary, 'not-an-image', /not an image/);
  });

  it('a 0-byte object', async () => {
    const summary = await upload('empty.jpg', Buffer.alloc(0));
    await expectSkipped('empty.jpg', summary, 'empty', /0 bytes/);
  });

  it('a format other than JPEG, PNG or WebP (GIF)', async () => {
    const gif = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#0f0' } }).gif().toBuffer();
    const summary = await upload('animation.jpg', gif);
    await expectSkipped('animation.jpg', summary, 'unsupported-format', /unsupported format "gif"/);
  });

  it('an object over MAX_INPUT_BYTES', async () => {
    const input = await makeImage('jpeg', 400, 400);
    expect(input.length).toBeGreaterThan(1000);
    const summary = await upload('big.jpg', input, awsEncodeKey, { MAX_INPUT_BYTES: '1000' });
    await expectSkipped('big.jpg', summary, 'too-large', new RegExp(`${input.length} bytes, over the limit of 1000`));
  });

  it('an image over the default 40 MP pixel limit (decompression bomb), without decoding it', async () => {
    // 8000×5001 = 40,008,000 pixels: one row over the limit, 0.1 MB as a flat PNG.
    const bomb = await sharp({ create: { width: 8000, height: 5001, channels: 3, background: '#000' } }).png().toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const summary = await upload('bomb.jpg', bomb);
    await expectSkipped('bomb.jpg', summary, 'too-many-pixels', /8000×5001 = 40008000 pixels, over the limit of 40000000/);
  });

  it('an object deleted before the function read it', async () => {
    const summary = await run(s3Event(BUCKET, 'gone.jpg'));
    await expectSkipped('gone.jpg', summary, 'missing', /no such object/);
  });

  it('processes the good records of an event and skips the bad ones', async () => {
    s3.putObject(BUCKET, 'batch-good.png', await makeImage('png', 1700, 850));
    s3.putObject(BUCKET, 'batch-bad.jpg', Buffer.from('nope'));
    const event: S3Event = { Records: [...s3Event(BUCKET, 'batch-good.png').Records!, ...s3Event(BUCKET, 'batch-bad.jpg').Records!] };
    const summary = await run(event);
    expect(summary.processed).toEqual([{ key: 'batch-good.png', outputKey: 'processed/batch-good.png', width: 800, height: 400, format: 'png' }]);
    expect(summary.skipped.map((s) => [s.key, s.code])).toEqual([['batch-bad.jpg', 'not-an-image']]);
  });

  it('a record without a key', async () => {
    const summary = await run({ Records: [{ s3: { bucket: { name: BUCKET }, object: { key: '' } } }] });
    expect(summary.skipped).toEqual([{ key: '', code: 'not-an-s3-record', reason: expect.stringContaining('s3.object.key') }]);
  });

  it('an event without Records', async () => {
    await expect(run({})).resolves.toEqual({ processed: [], skipped: [] });
    expect(lines).toEqual([expect.stringContaining('no Records')]);
  });
});

describe('buckets and S3 failures', () => {
  it('reads from the event bucket and writes to BUCKET_NAME, saying so when they differ', async () => {
    s3.createBucket('uploads');
    s3.putObject('uploads', 'elsewhere.jpg', await makeImage('jpeg', 1000, 500));
    const summary = await run(s3Event('uploads', 'elsewhere.jpg'));
    expect(summary.processed).toHaveLength(1);
    expect(s3.getObject(BUCKET, 'processed/elsewhere.jpg')).toBeDefined();
    expect(s3.getObject('uploads', 'processed/elsewhere.jpg')).toBeUndefined();
    expect(lines.some((l) => l.includes('BUCKET_NAME=product-images differs from the event\'s bucket uploads'))).toBe(true);
  });

  it('writes to the event bucket when BUCKET_NAME is not set', async () => {
    s3.createBucket('no-env');
    s3.putObject('no-env', 'here.jpg', await makeImage('jpeg', 1000, 500));
    const handler = createHandler({ env: { ...env(), BUCKET_NAME: '' }, log: (l) => lines.push(l) });
    await handler(s3Event('no-env', 'here.jpg'));
    expect(s3.getObject('no-env', 'processed/here.jpg')).toBeDefined();
  });

  it('fails the invocation (so Lambda reports it) when S3 cannot be reached', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));

    const handler = createHandler({
      env: { ...env(), AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_MAX_ATTEMPTS: '1' },
      log: (l) => lines.push(l),
    });
    await expect(handler(s3Event(BUCKET, 'landscape.jpg'))).rejects.toThrow(/image-processor failed for 1 record\(s\): ERROR "landscape\.jpg": .*ECONNREFUSED/);
  });

  it('fails the invocation when the bucket does not exist (not mistaken for a missing object)', async () => {
    await expect(run(s3Event('no-such-bucket', 'a.jpg'))).rejects.toThrow(/NoSuchBucket/);
  });
});
