// The attack, from a real browser: a page on a foreign origin (another local port, as any
// site the learner visits would be) tries to deploy and run code on the learner's endpoint with
// `fetch`. Nothing may be created, whether the request is "simple" (no preflight) or preflighted.
// The same page reaches S3 objects as the bucket's CORS rules and policy allow.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { ListRolesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutBucketCorsCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { clientsFor, type Clients } from '../helpers/clients.js';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';
import { hasChromium, launchChromium } from '../helpers/chromium.js';
import { plantedFunctionBody } from '../helpers/raw-http.js';

interface Attempt {
  outcome: 'answered' | 'opaque' | 'blocked';
  status?: number;
  body?: string;
}

describe('a page on a foreign origin, in headless Chromium', () => {
  let endpoint: TestEndpoint;
  let clients: Clients;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    expect(hasChromium()).toBe(true); // .ci/run installs Debian's chromium
    endpoint = await startTestEndpoint();
    clients = clientsFor(endpoint.url);
    await clients.s3.send(new CreateBucketCommand({ Bucket: 'product-images' }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::product-images/*' }] };
    await clients.s3.send(new PutBucketPolicyCommand({ Bucket: 'product-images', Policy: JSON.stringify(policy) }));
    await clients.s3.send(new PutObjectCommand({ Bucket: 'product-images', Key: 'public.txt', Body: 'for everyone' }));
    site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>some site</title><p>hello</p>'));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', () => resolve()));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(siteUrl);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()));
    for (const client of Object.values(clients ?? {})) client.destroy();
    await endpoint?.dispose();
  });

  /** Runs `fetch` inside the foreign page and reports what the page could see. */
  function pageFetch(url: string, init: { method?: string; mode?: 'cors' | 'no-cors'; headers?: Record<string, string>; body?: string }): Promise<Attempt> {
    return page.evaluate(
      async ([target, options]) => {
        try {
          const response = await fetch(target, options);
          if (response.type === 'opaque') return { outcome: 'opaque' as const };
          return { outcome: 'answered' as const, status: response.status, body: await response.text() };
        } catch {
          return { outcome: 'blocked' as const };
        }
      },
      [url, init] as const,
    );
  }

  it('cannot create or invoke a function with "simple" requests (no preflight needed)', async () => {
    await pageFetch(`${endpoint.url}/2015-03-31/functions`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: await plantedFunctionBody() });
    await pageFetch(`${endpoint.url}/2015-03-31/functions/planted/invocations`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{}' });
    await pageFetch(`${endpoint.url}/`, {
      method: 'POST',
      mode: 'no-cors',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=CreateRole&Version=2010-05-08&RoleName=planted&AssumeRolePolicyDocument=%7B%7D',
    });
    expect((await clients.lambda.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
    expect((await clients.iam.send(new ListRolesCommand({}))).Roles).toEqual([]);
  });

  it('cannot do it with a preflighted, "signed" request either: the browser never sends it', async () => {
    const attempt = await pageFetch(`${endpoint.url}/2015-03-31/functions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00' },
      body: await plantedFunctionBody(),
    });
    expect(attempt).toEqual({ outcome: 'blocked' });
    expect((await clients.lambda.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
  });

  it('reaches S3 objects under the bucket’s own rules: readable once CORS allows the page, never past the policy', async () => {
    const url = `${endpoint.url}/product-images/public.txt`;
    expect(await pageFetch(url, {})).toEqual({ outcome: 'blocked' }); // no CORS rules yet: the browser hides the answer
    await clients.s3.send(new PutBucketCorsCommand({ Bucket: 'product-images', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } }));
    expect(await pageFetch(url, {})).toEqual({ outcome: 'answered', status: 200, body: 'for everyone' });
    const missing = await pageFetch(`${endpoint.url}/product-images/not-public-because-missing.txt`, {});
    expect(missing).toMatchObject({ outcome: 'answered', status: 403 });
  });
});
