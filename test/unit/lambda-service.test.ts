// LambdaService's typed methods for the rest of the endpoint, driven through its own handle().
import { describe, it, expect, afterEach } from '@jest/globals';
import { strToU8, zipSync } from 'fflate';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { LambdaService, type FunctionChange, type FunctionRecord } from '../../src/endpoint/lambda/service.js';
import type { EndpointRequest } from '../../src/endpoint/http.js';
import type { EndpointContext } from '../../src/endpoint/context.js';
import { tempDir } from '../helpers/endpoint.js';

const ROLE = 'arn:aws:iam::000000000000:role/r';
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';

const services: LambdaService[] = [];
const dirs: string[] = [];

function contextFor(dataDir = tempDir('st-lambda-unit-')): EndpointContext {
  dirs.push(dataDir);
  return { dataDir, accountId: '000000000000', defaultRegion: 'us-east-1', url: 'http://127.0.0.1:4566' };
}

function service(context: EndpointContext, options: ConstructorParameters<typeof LambdaService>[1] = {}): LambdaService {
  const created = new LambdaService(context, options);
  services.push(created);
  return created;
}

function request(method: string, path: string, body?: unknown): EndpointRequest {
  const [rawPath, query = ''] = path.split('?');
  return {
    method,
    rawPath,
    query: new URLSearchParams(query),
    headers: { host: '127.0.0.1:4566' },
    hostname: '127.0.0.1',
    body: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
    requestId: randomUUID(),
  };
}

async function call(lambda: LambdaService, method: string, path: string, body?: unknown) {
  const response = await lambda.handle(request(method, path, body), 'us-east-1');
  const text = response.body === undefined ? '' : response.body.toString();
  return { status: response.status, headers: response.headers ?? {}, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const zip = (source = 'exports.handler = async () => 1;') => Buffer.from(zipSync({ 'index.js': strToU8(source) })).toString('base64');

async function createFunction(lambda: LambdaService, name: string) {
  return call(lambda, 'POST', '/2015-03-31/functions', {
    FunctionName: name,
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: ROLE,
    Code: { ZipFile: zip() },
  });
}

/** Polls GetFunction until the predicate holds (bounded). */
async function until(lambda: LambdaService, name: string, predicate: (config: Record<string, unknown>) => boolean) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const got = await call(lambda, 'GET', `/2015-03-31/functions/${name}/configuration`);
    if (predicate(got.json)) return got.json;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`function ${name} never reached the expected state`);
}

afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('LambdaService for other parts of the endpoint', () => {
  it('getFunction resolves names and ARNs to a record with the zip on disk', async () => {
    const lambda = service(contextFor(), { transitionDelayMs: 20 });
    const created = await createFunction(lambda, 'image-processor');
    expect(created.status).toBe(201);

    for (const ref of ['image-processor', `${ARN}image-processor`, `${ARN}image-processor:$LATEST`, '000000000000:function:image-processor']) {
      const record = lambda.getFunction(ref) as FunctionRecord;
      expect(record).toMatchObject({ name: 'image-processor', arn: `${ARN}image-processor`, handler: 'index.handler', runtime: 'nodejs20.x' });
      expect(record.codeSha256).toBe(created.json.CodeSha256);
      expect(existsSync(record.zipPath)).toBe(true);
      expect(readFileSync(record.zipPath).toString('base64')).toBe(zip());
    }
    expect(lambda.getFunction('other')).toBeUndefined();
    expect(lambda.getFunction(`${ARN}image-processor:1`)).toBeUndefined();
    expect(lambda.getFunction('111122223333:function:image-processor')).toBeUndefined();
    expect(Object.isFrozen(lambda.getFunction('image-processor'))).toBe(true);
  });

  it('policyAllows follows the resource policy', async () => {
    const lambda = service(contextFor(), { transitionDelayMs: 20 });
    await createFunction(lambda, 'image-processor');
    expect(lambda.policyAllows('image-processor', 's3.amazonaws.com', 'arn:aws:s3:::product-images')).toBe(false);
    const added = await call(lambda, 'POST', '/2015-03-31/functions/image-processor/policy', {
      StatementId: 's3-trigger',
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      SourceArn: 'arn:aws:s3:::product-*',
    });
    expect(added.status).toBe(201);
    expect(lambda.policyAllows(`${ARN}image-processor`, 's3.amazonaws.com', 'arn:aws:s3:::product-images')).toBe(true);
    expect(lambda.policyAllows('image-processor', 's3.amazonaws.com', 'arn:aws:s3:::other')).toBe(false);
    expect(lambda.policyAllows('image-processor', 'sns.amazonaws.com', 'arn:aws:s3:::product-images')).toBe(false);
    expect(lambda.policyAllows('missing', 's3.amazonaws.com', 'arn:aws:s3:::product-images')).toBe(false);
  });

  it('tells listeners about creation, readiness, updates and deletion', async () => {
    const lambda = service(contextFor(), { transitionDelayMs: 20 });
    const changes: FunctionChange[] = [];
    const stop = lambda.onFunctionChanged((change) => changes.push(change));
    const kinds = () => changes.map((c) => c.kind);

    await createFunction(lambda, 'f');
    await until(lambda, 'f', (c) => c.State === 'Active');
    await call(lambda, 'PUT', '/2015-03-31/functions/f/code', { ZipFile: zip('exports.handler = async () => 2;') });
    await until(lambda, 'f', (c) => c.LastUpdateStatus === 'Successful');
    await call(lambda, 'PUT', '/2015-03-31/functions/f/configuration', { Timeout: 9 });
    await until(lambda, 'f', (c) => c.LastUpdateStatus === 'Successful');
    expect((await call(lambda, 'DELETE', '/2015-03-31/functions/f')).status).toBe(204);

    expect(kinds()).toEqual(['created', 'ready', 'code', 'ready', 'configuration', 'ready', 'deleted']);
    const code = changes[2] as Exclude<FunctionChange, { kind: 'deleted' }>;
    expect(code.record.lastUpdateStatus).toBe('InProgress');
    const configuration = changes[4] as Exclude<FunctionChange, { kind: 'deleted' }>;
    expect(configuration.record.timeout).toBe(9);
    expect(changes[6]).toEqual({ kind: 'deleted', name: 'f', arn: `${ARN}f`, region: 'us-east-1' });

    stop();
    await createFunction(lambda, 'g');
    expect(changes).toHaveLength(7);
  });

  it('hands Active functions to the invoker, after its own checks', async () => {
    const invoked: string[] = [];
    const lambda = service(contextFor(), {
      // Long enough that the first invocation below certainly meets a Pending function.
      transitionDelayMs: 400,
      invoker: async (record, req) => {
        invoked.push(`${record.name} ${req.body.toString()}`);
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '"ran"' };
      },
    });
    await createFunction(lambda, 'f');
    const pending = await call(lambda, 'POST', '/2015-03-31/functions/f/invocations', { x: 1 });
    expect(pending.status).toBe(409);
    expect(pending.headers['x-amzn-errortype']).toBe('ResourceConflictException');

    await until(lambda, 'f', (c) => c.State === 'Active');
    const ran = await lambda.handle(request('POST', `/2015-03-31/functions/${encodeURIComponent(`${ARN}f`)}/invocations`, { x: 2 }), 'us-east-1');
    expect(ran).toMatchObject({ status: 200, body: '"ran"', operation: 'Invoke' });
    expect(invoked).toEqual(['f {"x":2}']);

    const missing = await call(lambda, 'POST', '/2015-03-31/functions/nope/invocations', {});
    expect(missing.status).toBe(404);
    const version = await call(lambda, 'POST', '/2015-03-31/functions/f/invocations?Qualifier=7', {});
    expect(version.status).toBe(404);
    expect(invoked).toHaveLength(1);
  });

  it('answers 501 for an invocation when no invoker is wired', async () => {
    const lambda = service(contextFor(), { transitionDelayMs: 20 });
    await createFunction(lambda, 'f');
    await until(lambda, 'f', (c) => c.State === 'Active');
    const result = await call(lambda, 'POST', '/2015-03-31/functions/f/invocations', {});
    expect(result.status).toBe(501);
    expect(String(result.json.Message)).toContain('Function execution is not available');
  });

  it('resumes a transition a shutdown interrupted', async () => {
    const context = contextFor();
    // So slow that the first service certainly closes while the function is Pending.
    const first = service(context, { transitionDelayMs: 60_000 });
    await createFunction(first, 'f');
    await first.close();
    const [file] = readdirSync(join(context.dataDir, 'lambda', 'functions'));
    expect(JSON.parse(readFileSync(join(context.dataDir, 'lambda', 'functions', file), 'utf8')).state).toBe('Pending');

    const second = service(context, { transitionDelayMs: 20 });
    expect(second.getFunction('f')?.state).toBe('Pending');
    const active = await until(second, 'f', (c) => c.State === 'Active');
    expect(active.LastUpdateStatus).toBe('Successful');
  });

  it('marks a function whose zip vanished from the data dir as Failed', async () => {
    const context = contextFor();
    const first = service(context, { transitionDelayMs: 20 });
    await createFunction(first, 'f');
    await until(first, 'f', (c) => c.State === 'Active');
    const zipPath = (first.getFunction('f') as FunctionRecord).zipPath;
    await first.close();
    rmSync(zipPath);

    const second = service(context, { transitionDelayMs: 20 });
    const config = (await call(second, 'GET', '/2015-03-31/functions/f/configuration')).json;
    expect(config).toMatchObject({ State: 'Failed', StateReasonCode: 'InternalError' });
    expect(String(config.StateReason)).toContain(zipPath);
    const invoke = await call(second, 'POST', '/2015-03-31/functions/f/invocations', {});
    expect(invoke.status).toBe(409);
  });

  it('stores each distinct zip once and drops zips no function uses', async () => {
    const context = contextFor();
    const lambda = service(context, { transitionDelayMs: 20 });
    await createFunction(lambda, 'a');
    await createFunction(lambda, 'b');
    const codeDir = join(context.dataDir, 'lambda', 'code');
    expect(readdirSync(codeDir)).toHaveLength(1);
    await until(lambda, 'a', (c) => c.State === 'Active');
    await call(lambda, 'PUT', '/2015-03-31/functions/a/code', { ZipFile: zip('exports.handler = async () => "new";') });
    expect(readdirSync(codeDir)).toHaveLength(2);
    await call(lambda, 'DELETE', '/2015-03-31/functions/b');
    expect(readdirSync(codeDir)).toHaveLength(1);
    expect(readdirSync(codeDir)[0]).toBe(`${(lambda.getFunction('a') as FunctionRecord).zipPath.split('/').pop()}`);
  });
});
