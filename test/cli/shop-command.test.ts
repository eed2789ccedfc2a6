// `serverless-tutorial shop`: prints the page's address, serves the page until Ctrl+C, and the page
// comes in the learner's language. (The page itself is driven in Chromium in shop-page.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnCli } from '../helpers/cli.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';

describe('shop command', () => {
  let endpoint: TestEndpoint;
  beforeAll(async () => {
    endpoint = await startTestEndpoint();
  });
  afterAll(async () => endpoint?.dispose());

  it('serves the page on its own port, answers its status API, and stops on Ctrl+C', async () => {
    const cli = spawnCli(['shop', '--endpoint', endpoint.url, '--port', '0', '--no-open', '--lang', 'ja', '--state-dir', tempDir('st-shop-')]);
    try {
      const [, url] = await cli.waitFor(/ショップページ: (http:\/\/127\.0\.0\.1:\d+\/)/);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${endpoint.url}`);
      const html = await page.text();
      expect(html).toContain('<html lang="ja">');
      expect(html).toContain('ショップ: 商品写真のアップロード');
      expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/); // self-contained: nothing loaded from elsewhere
      expect(await (await fetch(new URL('api/status', url))).json()).toEqual({ endpoint: 'ok', bucket: 'missing' });
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
      expect(cli.output().stdout).toContain('ショップページを止めました');
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      cli.child.kill('SIGKILL');
    }
  });
});
