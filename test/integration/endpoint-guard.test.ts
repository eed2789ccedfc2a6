// The endpoint's front door, driven as curl, a browser's requests and the AWS CLI v2 would: it
// answers only host names nobody else can re-point (DNS rebinding), and requests made by web pages
// from origins not allowed reach S3 objects only — never Lambda, IAM, bucket settings or health.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hostname } from 'node:os';
import { rmSync } from 'node:fs';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startEndpoint, type RequestLogEntry, type RunningEndpoint } from '../../src/endpoint/server.js';
import { awsCli, hasAwsCli } from '../helpers/aws-cli.js';
import { clientsFor, type Clients } from '../helpers/clients.js';
import { tempDir } from '../helpers/endpoint.js';
import { errorCode, plantedFunctionBody, rawHttp } from '../helpers/raw-http.js';

const EVIL = 'http://evil.example';
const TOOLS = 'http://tools.example:8080';
const LAMBDA_SIGNATURE = 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64);
const S3_SIGNATURE = LAMBDA_SIGNATURE.replace('/lambda/', '/s3/');


let open: RunningEndpoint;
let configured: RunningEndpoint;
let clients: Clients;
const log: RequestLogEntry[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  dirs.push(tempDir('st-guard-'), tempDir('st-guard-'));
  open = await startEndpoint({ dataDir: dirs[0], host: '127.0.0.1', port: 0, onRequest: (e) => log.push(e) });
  configured = await startEndpoint({ dataDir: dirs[1], host: '127.0.0.1', port: 0, allowedHosts: ['classroom.test', '*.lab.test'], allowedOrigins: [TOOLS] });
  clients = clientsFor(open.url);
  await clients.s3.send(new CreateBucketCommand({ Bucket: 'product-images' }));
  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::product-images/*' }] };
  await clients.s3.send(new PutBucketPolicyCommand({ Bucket: 'product-images', Policy: JSON.stringify(policy) }));
  await clients.s3.send(new PutObjectCommand({ Bucket: 'product-images', Key: 'photo.jpg', Body: 'jpeg bytes' }));
  await clients.s3.send(new CreateBucketCommand({ Bucket: 'private-bucket' }));
  await clients.s3.send(new PutObjectCommand({ Bucket: 'private-bucket', Key: 'secret.txt', Body: 'secret' }));
});

afterAll(async () => {
  for (const client of Object.values(clients ?? {})) client.destroy();
  await open?.close();
  await configured?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const health = (endpoint: RunningEndpoint, host: string) => rawHttp(`${endpoint.url}/_localstack/health`, { headers: { host } });

describe('host names (DNS rebinding)', () => {
  it('refuses a name it does not serve, for every service, saying why and how to allow it', async () => {
    const refused = await health(open, `rebind.attacker.example:${open.port}`);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('does not answer to the host name \\"rebind.attacker.example\\"');
    expect(refused.body).toContain('--allow-host rebind.attacker.example');
    const s3 = await rawHttp(`${open.url}/`, { headers: { host: 'rebind.attacker.example', authorization: S3_SIGNATURE } });
    expect([s3.status, errorCode(s3)]).toEqual([403, 'AccessDenied']);
    const lambda = await rawHttp(`${open.url}/2015-03-31/functions`, { headers: { host: 'rebind.attacker.example', authorization: LAMBDA_SIGNATURE } });
    expect([lambda.status, errorCode(lambda)]).toEqual([403, 'AccessDeniedException']);
    expect(log.find((e) => e.status === 403 && e.note?.en.includes('unknown host name rebind.attacker.example'))).toBeDefined();
  });

  it('serves loopback names, IP literals, LocalStack’s loopback domain and this machine’s name', async () => {
    const names = [
      `127.0.0.1:${open.port}`,
      'localhost',
      `shop.localhost:${open.port}`,
      '[::1]:4566',
      // An instructor's class check over the classroom network names the learner's machine by address.
      '10.0.0.11:4566',
      'localhost.localstack.cloud:4566',
      'product-images.s3.localhost.localstack.cloud:4566',
      hostname(),
    ];
    for (const name of names) expect({ name, status: (await health(open, name)).status }).toEqual({ name, status: 200 });
  });

  it('serves names given with --allow-host (exact, or *.domain), and only those', async () => {
    expect((await health(configured, 'classroom.test')).status).toBe(200);
    expect((await health(configured, 'pc-07.lab.test:4566')).status).toBe(200);
    expect((await health(configured, 'lab.test.attacker.example')).status).toBe(403);
    expect((await health(open, 'classroom.test')).status).toBe(403);
  });

  const itCli = hasAwsCli ? it : it.skip;
  itCli('the AWS CLI v2 works through localhost (its Host is a served name)', async () => {
    const listed = await awsCli(`http://localhost:${open.port}`, ['s3api', 'list-buckets', '--query', 'Buckets[].Name']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual(['private-bucket', 'product-images']);
  });
});

describe('requests made by web pages', () => {
  it('a cross-origin "simple" POST cannot create a function, nor invoke one (the issue’s probe)', async () => {
    const created = await rawHttp(`${open.url}/2015-03-31/functions`, { method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain' }, body: await plantedFunctionBody() });
    expect([created.status, errorCode(created)]).toEqual([403, 'AccessDeniedException']);
    expect(created.body).toContain(`came from a web page on ${EVIL}`);
    const invoked = await rawHttp(`${open.url}/2015-03-31/functions/planted/invocations`, { method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain' }, body: '{}' });
    expect(invoked.status).toBe(403);
    expect((await clients.lambda.send(new ListFunctionsCommand({}))).Functions).toEqual([]);
    expect(log.find((e) => e.path === '/2015-03-31/functions' && e.note?.en.includes(`request from a web page on ${EVIL}`))).toBeDefined();
  });

  it('IAM, bucket settings and diagnostics are refused to a page too; the request is not carried out', async () => {
    const role = await rawHttp(`${open.url}/`, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=CreateRole&Version=2010-05-08&RoleName=planted&AssumeRolePolicyDocument=%7B%7D',
    });
    expect([role.status, errorCode(role)]).toEqual([403, 'AccessDenied']);
    await expect(clients.iam.send(new GetRoleCommand({ RoleName: 'planted' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });

    const policy = await rawHttp(`${open.url}/product-images?policy`, { method: 'PUT', headers: { origin: EVIL, authorization: S3_SIGNATURE }, body: '{"Version":"2012-10-17","Statement":[]}' });
    expect([policy.status, errorCode(policy)]).toEqual([403, 'AccessDenied']);
    expect((await clients.s3.send(new GetBucketPolicyCommand({ Bucket: 'product-images' }))).Policy).toContain('s3:GetObject');

    expect((await rawHttp(`${open.url}/_localstack/health`, { headers: { origin: EVIL } })).status).toBe(403);
    // A page's preflight for a non-S3 API is refused as well.
    const preflight = await rawHttp(`${open.url}/2015-03-31/functions`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('pages are recognised without an Origin too: Fetch Metadata and Referer', async () => {
    const image = await rawHttp(`${open.url}/2015-03-31/functions`, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' } });
    expect(image.status).toBe(403);
    const referred = await rawHttp(`${open.url}/2015-03-31/functions`, { headers: { referer: `${EVIL}/page.html` } });
    expect(referred.status).toBe(403);
    // Typing the URL or following a link (a top-level navigation) is the person, not a page.
    const typed = await rawHttp(`${open.url}/_localstack/health`, { headers: { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' } });
    expect(typed.status).toBe(200);
    const followed = await rawHttp(`${open.url}/_localstack/health`, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', referer: `${EVIL}/` } });
    expect(followed.status).toBe(200);
  });

  it('S3 object access stays open to pages, under the bucket policy; copying from another bucket does not', async () => {
    const read = await rawHttp(`${open.url}/product-images/photo.jpg`, { headers: { origin: EVIL } });
    expect([read.status, read.body]).toEqual([200, 'jpeg bytes']);
    const secret = await rawHttp(`${open.url}/private-bucket/secret.txt`, { headers: { origin: EVIL } });
    expect(secret.status).toBe(403);
    const copy = await rawHttp(`${open.url}/product-images/copied.txt`, {
      method: 'PUT',
      headers: { origin: EVIL, authorization: S3_SIGNATURE, 'x-amz-copy-source': '/private-bucket/secret.txt' },
    });
    expect([copy.status, errorCode(copy)]).toEqual([403, 'AccessDenied']);
    expect(copy.body).toContain('may not copy objects from another bucket');
    expect((await rawHttp(`${open.url}/product-images/copied.txt`)).status).toBe(403);
  });

  it('an origin allowed with --allow-origin may use every API, with CORS headers like LocalStack’s', async () => {
    const preflight = await rawHttp(`${configured.url}/2015-03-31/functions`, {
      method: 'OPTIONS',
      headers: { origin: TOOLS, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization,x-amz-date' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': TOOLS, 'access-control-allow-credentials': 'true', 'access-control-allow-headers': 'authorization,x-amz-date', vary: 'Origin' });
    const listed = await rawHttp(`${configured.url}/2015-03-31/functions`, { headers: { origin: TOOLS, authorization: LAMBDA_SIGNATURE } });
    expect(listed.status).toBe(200);
    expect(listed.headers['access-control-allow-origin']).toBe(TOOLS);
    expect((await rawHttp(`${configured.url}/2015-03-31/functions`, { headers: { origin: EVIL, authorization: LAMBDA_SIGNATURE } })).status).toBe(403);
  });
});
