// What the lesson's bucket settings do, seen as a browser, curl and the AWS CLI v2 see them: CORS
// rules answer preflights and mark answers as S3 does; the bucket policy decides what unsigned
// requests may do; presigned URLs expire; signed requests work with any keys.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsCli, hasAwsCli } from '../helpers/aws-cli.js';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';
import { errorCode, rawHttp } from '../helpers/raw-http.js';

const describeCli = hasAwsCli ? describe : describe.skip;
if (!hasAwsCli) console.warn('SKIPPED s3-cors-access tests: /usr/bin/aws is not installed (apt-get install -y awscli)');

const LESSON_FILES = new URL('../../lessons/serverless-basics/files/', import.meta.url);
const BUCKET = 'product-images';
const PLAIN = 'plain-bucket';
const SHOP = 'http://shop.localhost';
const FAKE_SIGNATURE = 'AWS4-HMAC-SHA256 Credential=AKIAWHATEVER/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=' + 'f'.repeat(64);

let endpoint: TestEndpoint;
let work: string;

const aws = (...args: string[]) => awsCli(endpoint.url, args, { cwd: work });
async function ok(...args: string[]) {
  const result = await aws(...args);
  if (result.code !== 0) throw new Error(`aws ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}
const url = (path: string) => `${endpoint.url}${path}`;
const preflight = (path: string, headers: Record<string, string>) => rawHttp(url(path), { method: 'OPTIONS', headers });

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  work = mkdtempSync(join(tmpdir(), 'st-cors-'));
  for (const file of ['cors.json', 'policy.json']) writeFileSync(join(work, file), readFileSync(new URL(file, LESSON_FILES)));
  writeFileSync(join(work, 'photo.jpg'), 'not really a photo');
  // The lesson's step 2, as the learner types it.
  await ok('s3', 'mb', `s3://${BUCKET}`);
  await ok('s3api', 'put-bucket-cors', '--bucket', BUCKET, '--cors-configuration', 'file://cors.json');
  await ok('s3api', 'put-bucket-policy', '--bucket', BUCKET, '--policy', 'file://policy.json');
  await ok('s3', 'cp', 'photo.jpg', `s3://${BUCKET}/photo.jpg`);
  await ok('s3', 'mb', `s3://${PLAIN}`);
  await ok('s3', 'cp', 'photo.jpg', `s3://${PLAIN}/photo.jpg`);
}, 120_000);

afterAll(async () => {
  await endpoint?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describeCli('CORS preflights, answered from the bucket’s rules', () => {
  it('allowed: 200 with the matched rule’s headers (origin "*" → "*", no credentials)', async () => {
    const answer = await preflight(`/${BUCKET}/new.jpg`, { origin: SHOP, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'Content-Type, X-Amz-Date' });
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, PUT, POST, DELETE',
      'access-control-allow-headers': 'content-type, x-amz-date',
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    expect(answer.headers['access-control-expose-headers']).toBeUndefined();
    expect(answer.body).toBe('');
  });

  it('not allowed by any rule: 403 AccessForbidden naming the method', async () => {
    const answer = await preflight(`/${BUCKET}/photo.jpg`, { origin: SHOP, 'access-control-request-method': 'HEAD' });
    expect(answer.status).toBe(403);
    expect(errorCode(answer)).toBe('AccessForbidden');
    expect(answer.body).toContain('<Method>HEAD</Method>');
    expect(answer.body).toContain('<ResourceType>OBJECT</ResourceType>');
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('no CORS configuration, no bucket, or no Origin: as S3 answers', async () => {
    const noConfig = await preflight(`/${PLAIN}/photo.jpg`, { origin: SHOP, 'access-control-request-method': 'GET' });
    expect([noConfig.status, errorCode(noConfig)]).toEqual([403, 'AccessForbidden']);
    expect(noConfig.body).toContain('CORSResponse: CORS is not enabled for this bucket.');
    const noBucket = await preflight('/no-such-bucket/x', { origin: SHOP, 'access-control-request-method': 'GET' });
    expect(noBucket.body).toContain('CORSResponse: Bucket not found');
    const noOrigin = await preflight(`/${BUCKET}/photo.jpg`, { 'access-control-request-method': 'GET' });
    expect([noOrigin.status, errorCode(noOrigin)]).toEqual([400, 'BadRequest']);
  });

  it('a rule naming the origin echoes it with credentials and Max-Age (set through the AWS CLI)', async () => {
    const rules = { CORSRules: [{ AllowedOrigins: ['http://*.localhost:3000'], AllowedMethods: ['GET'], AllowedHeaders: ['x-amz-*'], ExposeHeaders: ['ETag', 'x-amz-request-id'], MaxAgeSeconds: 600 }] };
    writeFileSync(join(work, 'named.json'), JSON.stringify(rules));
    await ok('s3api', 'put-bucket-cors', '--bucket', PLAIN, '--cors-configuration', 'file://named.json');
    try {
      const allowed = await preflight(`/${PLAIN}/photo.jpg`, { origin: 'http://shop.localhost:3000', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-amz-user-agent' });
      expect(allowed.status).toBe(200);
      expect(allowed.headers).toMatchObject({ 'access-control-allow-origin': 'http://shop.localhost:3000', 'access-control-allow-credentials': 'true', 'access-control-max-age': '600' });
      const otherHeader = await preflight(`/${PLAIN}/photo.jpg`, { origin: 'http://shop.localhost:3000', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' });
      expect(otherHeader.status).toBe(403);
      const otherPort = await preflight(`/${PLAIN}/photo.jpg`, { origin: 'http://shop.localhost:4000', 'access-control-request-method': 'GET' });
      expect(otherPort.status).toBe(403);

      const actual = await rawHttp(url(`/${PLAIN}/photo.jpg`), { headers: { origin: 'http://shop.localhost:3000', authorization: FAKE_SIGNATURE } });
      expect(actual.status).toBe(200);
      expect(actual.headers).toMatchObject({ 'access-control-allow-origin': 'http://shop.localhost:3000', 'access-control-expose-headers': 'ETag, x-amz-request-id' });
    } finally {
      await ok('s3api', 'delete-bucket-cors', '--bucket', PLAIN);
    }
  });
});

describeCli('CORS headers on actual answers', () => {
  it('an answer to a page’s request carries Allow-Origin, Expose-Headers and Vary; others carry none', async () => {
    const fromPage = await rawHttp(url(`/${BUCKET}/photo.jpg`), { headers: { origin: SHOP } });
    expect(fromPage.status).toBe(200);
    expect(fromPage.headers).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'ETag',
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
    const noOrigin = await rawHttp(url(`/${BUCKET}/photo.jpg`));
    expect(noOrigin.headers['access-control-allow-origin']).toBeUndefined();
    // A method the rules do not list (HEAD) gets no CORS headers: the browser keeps the answer from the page.
    const head = await rawHttp(url(`/${BUCKET}/photo.jpg`), { method: 'HEAD', headers: { origin: SHOP } });
    expect(head.status).toBe(200);
    expect(head.headers['access-control-allow-origin']).toBeUndefined();
    // Error answers are marked too, so a page can read a 403.
    const denied = await rawHttp(url(`/${BUCKET}/missing.jpg`), { headers: { origin: SHOP } });
    expect(denied.status).toBe(403);
    expect(denied.headers['access-control-allow-origin']).toBe('*');
  });
});

describeCli('anonymous (unsigned) requests, judged by the bucket policy', () => {
  it('GetObject is allowed by PublicReadGetObject: curl and aws --no-sign-request read the photo', async () => {
    const plain = await rawHttp(url(`/${BUCKET}/photo.jpg`));
    expect([plain.status, plain.body]).toEqual([200, 'not really a photo']);
    const cli = await aws('--no-sign-request', 's3', 'cp', `s3://${BUCKET}/photo.jpg`, 'downloaded.jpg');
    expect(cli.code).toBe(0);
    expect(readFileSync(join(work, 'downloaded.jpg'), 'utf8')).toBe('not really a photo');
  });

  it('everything else anonymous is 403 AccessDenied: PUT, DELETE, ListBucket, bucket settings, other buckets', async () => {
    const put = await aws('--no-sign-request', 's3', 'cp', 'photo.jpg', `s3://${BUCKET}/anonymous.jpg`);
    expect(put.code).not.toBe(0);
    expect(put.stderr).toContain('AccessDenied');
    const list = await aws('--no-sign-request', 's3', 'ls', `s3://${BUCKET}`);
    expect(list.code).not.toBe(0);
    expect(list.stderr).toContain('AccessDenied');
    const del = await rawHttp(url(`/${BUCKET}/photo.jpg`), { method: 'DELETE' });
    expect([del.status, errorCode(del)]).toEqual([403, 'AccessDenied']);
    const policy = await rawHttp(url(`/${BUCKET}?policy`), { method: 'DELETE' });
    expect([policy.status, errorCode(policy)]).toEqual([403, 'AccessDenied']);
    const other = await rawHttp(url(`/${PLAIN}/photo.jpg`));
    expect([other.status, errorCode(other)]).toEqual([403, 'AccessDenied']);
    expect(other.body).toContain(`bucket ${PLAIN} has no bucket policy`);
    const create = await rawHttp(url('/anonymous-bucket'), { method: 'PUT' });
    expect([create.status, errorCode(create)]).toEqual([403, 'AccessDenied']);
    // Nothing changed.
    expect((await ok('s3api', 'head-object', '--bucket', BUCKET, '--key', 'photo.jpg')).code).toBe(0);
    expect((await aws('s3api', 'head-object', '--bucket', BUCKET, '--key', 'anonymous.jpg')).code).not.toBe(0);
  });

  it('a key that does not exist reads as AccessDenied (not NoSuchKey) to callers who may not list', async () => {
    const missing = await rawHttp(url(`/${BUCKET}/processed/not-yet.jpg`));
    expect([missing.status, errorCode(missing)]).toEqual([403, 'AccessDenied']);
    const signed = await rawHttp(url(`/${BUCKET}/processed/not-yet.jpg`), { headers: { authorization: FAKE_SIGNATURE } });
    expect([signed.status, errorCode(signed)]).toEqual([404, 'NoSuchKey']);
  });

  it('without the policy the public GET is 403; a Deny statement wins over the Allow', async () => {
    await ok('s3api', 'delete-bucket-policy', '--bucket', BUCKET);
    try {
      const gone = await rawHttp(url(`/${BUCKET}/photo.jpg`));
      expect([gone.status, errorCode(gone)]).toEqual([403, 'AccessDenied']);
      expect(gone.body).toContain(`bucket ${BUCKET} has no bucket policy`);

      const policy = {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'PublicRead', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['s3:Get*'], Resource: [`arn:aws:s3:::${BUCKET}/*`] },
          { Sid: 'NotDrafts', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/drafts/*` },
        ],
      };
      writeFileSync(join(work, 'deny.json'), JSON.stringify(policy));
      await ok('s3api', 'put-bucket-policy', '--bucket', BUCKET, '--policy', 'file://deny.json');
      await ok('s3', 'cp', 'photo.jpg', `s3://${BUCKET}/drafts/photo.jpg`);
      expect((await rawHttp(url(`/${BUCKET}/photo.jpg`))).status).toBe(200);
      const draft = await rawHttp(url(`/${BUCKET}/drafts/photo.jpg`));
      expect([draft.status, errorCode(draft)]).toEqual([403, 'AccessDenied']);
      expect(draft.body).toContain('denies s3:GetObject');
    } finally {
      await ok('s3api', 'put-bucket-policy', '--bucket', BUCKET, '--policy', 'file://policy.json');
    }
  });

  it('signed requests work with any keys, as on LocalStack (no signature is checked)', async () => {
    const answer = await rawHttp(url(`/${PLAIN}/photo.jpg`), { headers: { authorization: FAKE_SIGNATURE } });
    expect([answer.status, answer.body]).toEqual([200, 'not really a photo']);
  });
});

describeCli('presigned URLs', () => {
  const s3 = () =>
    new S3Client({ endpoint: endpoint.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestChecksumCalculation: 'WHEN_REQUIRED' });

  it('aws s3 presign: works until it expires, then 403 AccessDenied "Request has expired"', async () => {
    const fresh = (await ok('s3', 'presign', `s3://${PLAIN}/photo.jpg`, '--expires-in', '300')).stdout.trim();
    expect((await rawHttp(fresh)).status).toBe(200);
    const short = (await ok('s3', 'presign', `s3://${PLAIN}/photo.jpg`, '--expires-in', '1')).stdout.trim();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const expired = await rawHttp(short);
    expect([expired.status, errorCode(expired)]).toEqual([403, 'AccessDenied']);
    expect(expired.body).toContain('<Message>Request has expired</Message>');
    expect(expired.body).toContain('<X-Amz-Expires>1</X-Amz-Expires>');
    expect(expired.body).toMatch(/<Expires>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expires><ServerTime>/);
  });

  it('an SDK presigned PUT uploads without credentials; a GET reads it back', async () => {
    const client = s3();
    try {
      const put = await getSignedUrl(client, new PutObjectCommand({ Bucket: PLAIN, Key: 'from-browser.txt' }), { expiresIn: 60 });
      const stored = await rawHttp(put, { method: 'PUT', body: 'uploaded with a presigned URL', headers: { 'content-type': 'text/plain' } });
      expect(stored.status).toBe(200);
      const get = await getSignedUrl(client, new GetObjectCommand({ Bucket: PLAIN, Key: 'from-browser.txt' }), { expiresIn: 60 });
      expect((await rawHttp(get)).body).toBe('uploaded with a presigned URL');
    } finally {
      client.destroy();
    }
  });

  it('a SigV2 query (Expires) expires too; X-Amz-Expires over a week is refused', async () => {
    const past = Math.floor(Date.now() / 1000) - 10;
    const v2 = await rawHttp(url(`/${PLAIN}/photo.jpg?AWSAccessKeyId=test&Expires=${past}&Signature=abc`));
    expect([v2.status, errorCode(v2)]).toEqual([403, 'AccessDenied']);
    expect(v2.body).toContain('Request has expired');
    const future = Math.floor(Date.now() / 1000) + 600;
    expect((await rawHttp(url(`/${PLAIN}/photo.jpg?AWSAccessKeyId=test&Expires=${future}&Signature=abc`))).status).toBe(200);

    const fresh = new URL((await ok('s3', 'presign', `s3://${PLAIN}/photo.jpg`)).stdout.trim());
    fresh.searchParams.set('X-Amz-Expires', '604801');
    const tooLong = await rawHttp(fresh.href);
    expect([tooLong.status, errorCode(tooLong)]).toEqual([400, 'AuthorizationQueryParametersError']);
  });
});
