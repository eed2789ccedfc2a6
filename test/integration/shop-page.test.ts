// The shop page in headless Chromium, as a learner uses it after the lesson: the real lesson's six
// steps on a built-in endpoint, then the page on its own origin uploads a photo straight from the
// browser and shows the function's processed copy by its public URL. With the lesson's CORS rules
// or bucket policy removed, the page names the missing setting and the command that sets it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DeleteBucketCorsCommand, DeleteBucketPolicyCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { makeTestJpeg } from '../../src/aws/objects.js';
import { localAwsSettings } from '../../src/config/credentials.js';
import { startShopPage, type ShopPage } from '../../src/shop/page-server.js';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import type { CheckContext } from '../../src/checks/context.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';
import { startLessonHarness, type LessonHarness } from '../helpers/lesson-context.js';
import { rawHttp } from '../helpers/raw-http.js';

const BUCKET = 'product-images';

describe('the shop page in a real browser', () => {
  let h: LessonHarness;
  let browser: Browser;
  let shop: ShopPage;
  let photo: Buffer;

  beforeAll(async () => {
    expect(hasChromium()).toBe(true); // .ci/run installs Debian's chromium
    h = await startLessonHarness();
    for (const step of h.lesson.steps) await STEP_ACTIONS[step.action](h.ctx);
    shop = await startShopPage({ lesson: h.lesson, aws: localAwsSettings(h.endpoint.url), lang: 'en', port: 0 });
    browser = await launchChromium();
    photo = await makeTestJpeg(1600, 1200);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    await h?.dispose();
  });

  /** Opens the page, uploads the photo, and waits until the page is done or names a problem. */
  async function uploadThroughPage(page: Page, url = shop.url, file = { name: 'red shoes.jpg', mimeType: 'image/jpeg', buffer: photo }): Promise<{ state: string; problem?: string }> {
    await page.goto(url);
    await page.waitForSelector('#app[data-state="ready"]');
    await page.setInputFiles('#file', file);
    await page.click('#upload');
    await page.waitForSelector('#app[data-state="done"], #app[data-state="failed"]', { timeout: 90_000 });
    const state = (await page.getAttribute('#app', 'data-state')) ?? '';
    const problem = await page.getAttribute('#app', 'data-problem');
    return problem === null ? { state } : { state, problem };
  }

  it('uploads from the browser with the lesson’s settings and shows the processed copy by its public URL', async () => {
    const page = await browser.newPage();
    const endpointRequests: { method: string; url: string }[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(h.endpoint.url)) endpointRequests.push({ method: r.method(), url: r.url() });
    });
    try {
      expect(await uploadThroughPage(page)).toEqual({ state: 'done' });
      expect([await page.isVisible('#result'), await page.isVisible('#problem')]).toEqual([true, false]);
      const sizes = { original: await imageOn(page, '#original-img'), processed: await imageOn(page, '#processed-img') };
      expect(sizes.original).toMatchObject({ width: 1600, height: 1200 });
      expect(sizes.processed).toMatchObject({ width: 800, height: 600 });
      // The processed copy was loaded by the browser from the endpoint itself, unsigned.
      expect(sizes.processed.src).toMatch(new RegExp(`^${h.endpoint.url}/${BUCKET}/processed/shop/.+-red-shoes\\.jpg$`));
      expect(await page.textContent('#status')).toMatch(/Done: your function made a 800×600 copy of the 1600×1200 photo/);

      // The upload went straight from the browser to the bucket, with a presigned URL.
      expect(endpointRequests.some((r) => r.method === 'PUT' && r.url.includes('X-Amz-Signature='))).toBe(true);
      const listed = await h.ctx.aws.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'processed/shop/' }));
      expect(listed.KeyCount).toBeGreaterThanOrEqual(1);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('converts a PNG to JPEG in the browser, so the lesson’s .jpg trigger processes it', async () => {
    const sharp = (await import('sharp')).default;
    const png = await sharp(photo).png().toBuffer();
    const page = await browser.newPage();
    try {
      expect(await uploadThroughPage(page, shop.url, { name: 'logo.png', mimeType: 'image/png', buffer: png })).toEqual({ state: 'done' });
      expect((await imageOn(page, '#processed-img')).src).toMatch(/-logo\.jpg$/);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('says the CORS setting is missing when the bucket has no CORS rules, with the command that sets it', async () => {
    await h.ctx.aws.s3.send(new DeleteBucketCorsCommand({ Bucket: BUCKET }));
    const page = await browser.newPage();
    try {
      expect(await uploadThroughPage(page)).toEqual({ state: 'failed', problem: 'cors' });
      expect([await page.isVisible('#result'), await page.isVisible('#problem')]).toEqual([false, true]);
      expect(await page.textContent('#problem-title')).toContain('CORS setting is missing');
      expect(await page.textContent('#problem-text')).toContain('CORS preflight');
      expect(await page.textContent('#problem-fixes')).toContain('awslocal s3api put-bucket-cors --bucket product-images --cors-configuration file://cors.json');
    } finally {
      await page.close();
      await redoBucketStep(h.ctx);
    }
  }, 120_000);

  it('says the bucket policy is missing when unsigned reads are refused (in Japanese with --lang ja)', async () => {
    await h.ctx.aws.s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
    const ja = await startShopPage({ lesson: h.lesson, aws: localAwsSettings(h.endpoint.url), lang: 'ja', port: 0 });
    const page = await browser.newPage();
    try {
      expect(await uploadThroughPage(page, ja.url)).toEqual({ state: 'failed', problem: 'policy' });
      expect(await page.textContent('#problem-title')).toContain('バケットポリシーがありません');
      expect(await page.textContent('#problem-text')).toContain('403 AccessDenied');
      expect(await page.textContent('#problem-fixes')).toContain('awslocal s3api put-bucket-policy --bucket product-images --policy file://policy.json');
    } finally {
      await page.close();
      await ja.close();
      await redoBucketStep(h.ctx);
    }
  }, 120_000);

  it('tells a stopped endpoint from a CORS block', async () => {
    const stopped = await startShopPage({ lesson: h.lesson, aws: localAwsSettings('http://127.0.0.1:9'), lang: 'en', port: 0 });
    const page = await browser.newPage();
    try {
      expect(await uploadThroughPage(page, stopped.url)).toEqual({ state: 'failed', problem: 'endpoint' });
      expect(await page.textContent('#problem-text')).toContain('Nothing answers at http://127.0.0.1:9');
    } finally {
      await page.close();
      await stopped.close();
    }
  }, 60_000);

  it('hands out upload URLs only to its own page, and answers loopback host names only', async () => {
    const api = new URL('api/uploads', shop.url).href;
    const foreign = await fetch(api, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{"name":"x.jpg"}' });
    expect(foreign.status).toBe(403);
    const own = await fetch(api, { method: 'POST', headers: { origin: new URL(shop.url).origin, 'content-type': 'application/json' }, body: '{"name":"x.jpg"}' });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { uploadUrl: string }).uploadUrl).toContain('X-Amz-Expires=300');
    expect((await rawHttp(shop.url, { headers: { host: 'rebind.attacker.example' } })).status).toBe(403);
    expect((await rawHttp(shop.url, { headers: { host: 'localhost' } })).status).toBe(200);
  });
});

/** What the browser loaded into an <img> (DOM types stay out of the test's compile: see tsconfig lib). */
interface LoadedImage {
  width: number;
  height: number;
  src: string;
}

function imageOn(page: Page, selector: string): Promise<LoadedImage> {
  return page.locator(selector).evaluate((el) => {
    const img = el as unknown as { naturalWidth: number; naturalHeight: number; src: string };
    return { width: img.naturalWidth, height: img.naturalHeight, src: img.src };
  });
}

async function redoBucketStep(ctx: CheckContext): Promise<void> {
  await STEP_ACTIONS['create-bucket'](ctx);
}
