// Lambda control plane of the built-in endpoint, driven with the real SDK v3 client.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { createHash } from 'node:crypto';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  RemovePermissionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  paginateListFunctions,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type CreateFunctionCommandInput,
  type GetFunctionCommandOutput,
} from '@aws-sdk/client-lambda';
import { ensureRole } from '../fixtures/functions/deploy.js';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';
import { clientsFor } from '../helpers/clients.js';
import { sdkError } from '../helpers/sdk-error.js';

const ROLE = 'arn:aws:iam::000000000000:role/lambda-image-processor-role';
const ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';

function handlerZip(source = 'exports.handler = async () => ({ ok: true });'): Uint8Array {
  return zipSync({ 'index.js': strToU8(source) });
}

function base64Sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

describe('Lambda control plane (SDK v3)', () => {
  let endpoint: TestEndpoint;
  let lambda: LambdaClient;

  const create = (name: string, extra: Partial<CreateFunctionCommandInput> = {}) =>
    lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { ZipFile: handlerZip() },
        ...extra,
      }),
    );
  const waitActive = (name: string) => waitUntilFunctionActiveV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });
  const waitUpdated = (name: string) => waitUntilFunctionUpdatedV2({ client: lambda, maxWaitTime: 30 }, { FunctionName: name });

  beforeAll(async () => {
    endpoint = await startTestEndpoint();
    lambda = clientsFor(endpoint.url).lambda;
    await ensureRole(endpoint.url, 'lambda-image-processor-role');
  });

  afterAll(async () => {
    lambda?.destroy();
    await endpoint?.dispose();
  });

  it('creates a function Pending, and the v2 waiter sees Pending before Active', async () => {
    const zip = handlerZip();
    // A client of its own records every state GetFunction returned to the waiter.
    const watched = clientsFor(endpoint.url).lambda;
    const seen: string[] = [];
    watched.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (context.commandName === 'GetFunctionCommand') {
          seen.push(String((result.output as GetFunctionCommandOutput).Configuration?.State));
        }
        return result;
      },
      { step: 'initialize', name: 'recordStates' },
    );

    const created = await watched.send(
      new CreateFunctionCommand({
        FunctionName: 'image-processor',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE,
        Code: { ZipFile: zip },
        Environment: { Variables: { BUCKET_NAME: 'product-images' } },
        Description: 'resizes images',
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      FunctionName: 'image-processor',
      FunctionArn: `${ARN_PREFIX}image-processor`,
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Role: ROLE,
      State: 'Pending',
      StateReason: 'The function is being created.',
      StateReasonCode: 'Creating',
      Timeout: 3,
      MemorySize: 128,
      Architectures: ['x86_64'],
      PackageType: 'Zip',
      Version: '$LATEST',
      Description: 'resizes images',
      Environment: { Variables: { BUCKET_NAME: 'product-images' } },
      CodeSha256: base64Sha256(zip),
      CodeSize: zip.length,
    });
    expect(created.LastUpdateStatus).toBeUndefined();
    expect(created.RevisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

    const waited = await waitUntilFunctionActiveV2({ client: watched, maxWaitTime: 30 }, { FunctionName: 'image-processor' });
    expect(waited.state).toBe('SUCCESS');
    expect(seen[0]).toBe('Pending');
    expect(seen[seen.length - 1]).toBe('Active');
    watched.destroy();

    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'image-processor' }));
    expect(got.Configuration).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful' });
    expect(got.Configuration?.StateReason).toBeUndefined();
    expect(got.Configuration?.RevisionId).not.toBe(created.RevisionId);
  });

  it('serves the zip behind GetFunction Code.Location', async () => {
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'image-processor' }));
    expect(got.Code?.RepositoryType).toBe('S3');
    const response = await fetch(String(got.Code?.Location));
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(base64Sha256(bytes)).toBe(got.Configuration?.CodeSha256);
  });

  it('finds a function by name, full ARN, ARN with $LATEST and partial ARN', async () => {
    for (const ref of [
      'image-processor',
      `${ARN_PREFIX}image-processor`,
      `${ARN_PREFIX}image-processor:$LATEST`,
      '000000000000:function:image-processor',
    ]) {
      const got = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: ref }));
      expect(got.FunctionName).toBe('image-processor');
    }
  });

  it('decodes a percent-encoded ARN in the path', async () => {
    const path = encodeURIComponent(`${ARN_PREFIX}image-processor`);
    expect(path).toContain('%3A');
    const response = await fetch(`${endpoint.url}/2015-03-31/functions/${path}/configuration`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { FunctionName: string }).FunctionName).toBe('image-processor');
  });

  it('lists functions page by page', async () => {
    await create('list-a');
    await create('list-b');
    const firstPage = await lambda.send(new ListFunctionsCommand({ MaxItems: 1 }));
    expect(firstPage.Functions).toHaveLength(1);
    expect(firstPage.NextMarker).toBeTruthy();
    // ListFunctions leaves out the state fields, as AWS does.
    expect(firstPage.Functions?.[0].State).toBeUndefined();

    const names: string[] = [];
    for await (const page of paginateListFunctions({ client: lambda, pageSize: 2 }, {})) {
      names.push(...(page.Functions ?? []).map((f) => String(f.FunctionName)));
    }
    expect(names).toEqual(['image-processor', 'list-a', 'list-b']);
  });

  it('updates code: InProgress, then Successful with the new CodeSha256', async () => {
    const before = await lambda.send(new GetFunctionCommand({ FunctionName: 'image-processor' }));
    const zip = handlerZip('exports.handler = async () => ({ version: 2 });');
    const updated = await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'image-processor', ZipFile: zip }));
    expect(updated.LastUpdateStatus).toBe('InProgress');
    expect(updated.CodeSha256).toBe(base64Sha256(zip));
    expect(updated.CodeSha256).not.toBe(before.Configuration?.CodeSha256);
    expect(updated.RevisionId).not.toBe(before.Configuration?.RevisionId);

    const waited = await waitUpdated('image-processor');
    expect(waited.state).toBe('SUCCESS');
    const after = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'image-processor' }));
    expect(after).toMatchObject({ LastUpdateStatus: 'Successful', CodeSha256: base64Sha256(zip), CodeSize: zip.length });
  });

  it('refuses a second update while one is in progress (409)', async () => {
    await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'image-processor', ZipFile: handlerZip('exports.handler = async () => 3;') }));
    const second = await sdkError(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'image-processor', Timeout: 10 })),
    );
    expect(second).toMatchObject({ name: 'ResourceConflictException', status: 409 });
    expect(second.message).toBe(
      `The operation cannot be performed at this time. An update is in progress for resource: ${ARN_PREFIX}image-processor`,
    );
    await waitUpdated('image-processor');
  });

  it('updates configuration', async () => {
    const updated = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'image-processor',
        Timeout: 30,
        MemorySize: 512,
        Environment: { Variables: { BUCKET_NAME: 'product-images', MAX_WIDTH: '640' } },
        Handler: 'index.main',
        Runtime: 'nodejs22.x',
        Description: 'v2',
      }),
    );
    expect(updated).toMatchObject({ LastUpdateStatus: 'InProgress', Timeout: 30, MemorySize: 512, Handler: 'index.main', Runtime: 'nodejs22.x' });
    await waitUpdated('image-processor');
    const after = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'image-processor' }));
    expect(after).toMatchObject({
      LastUpdateStatus: 'Successful',
      Timeout: 30,
      MemorySize: 512,
      Description: 'v2',
      Environment: { Variables: { BUCKET_NAME: 'product-images', MAX_WIDTH: '640' } },
    });
  });

  it('rejects configuration values out of range and retired runtimes', async () => {
    const role = await sdkError(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'image-processor', Role: 'arn:aws:iam::000000000000:role/no-such-role' })),
    );
    expect(role).toEqual({ name: 'InvalidParameterValueException', status: 400, message: 'The role defined for the function cannot be assumed by Lambda.' });
    const timeout = await sdkError(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'image-processor', Timeout: 901 })));
    expect(timeout).toMatchObject({ name: 'ValidationException', status: 400 });
    const memory = await sdkError(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'image-processor', MemorySize: 64 })));
    expect(memory).toMatchObject({ name: 'ValidationException', status: 400 });
    const runtime = await sdkError(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'image-processor', Runtime: 'nodejs16.x' as never })),
    );
    expect(runtime).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(runtime.message).toContain('The runtime parameter of nodejs16.x is no longer supported');
  });

  it('adds, reads and removes permissions', async () => {
    const added = await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'image-processor',
        StatementId: 's3-trigger',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: 'arn:aws:s3:::product-images',
        SourceAccount: '000000000000',
      }),
    );
    expect(added.$metadata.httpStatusCode).toBe(201);
    expect(typeof added.Statement).toBe('string');
    expect(JSON.parse(String(added.Statement))).toEqual({
      Sid: 's3-trigger',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: `${ARN_PREFIX}image-processor`,
      Condition: {
        StringEquals: { 'AWS:SourceAccount': '000000000000' },
        ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::product-images' },
      },
    });
    await lambda.send(
      new AddPermissionCommand({ FunctionName: 'image-processor', StatementId: 'account', Action: 'lambda:*', Principal: '111122223333' }),
    );

    const duplicate = await sdkError(
      lambda.send(
        new AddPermissionCommand({ FunctionName: 'image-processor', StatementId: 's3-trigger', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com' }),
      ),
    );
    expect(duplicate).toMatchObject({ name: 'ResourceConflictException', status: 409 });
    expect(duplicate.message).toBe(
      'The statement id (s3-trigger) provided already exists. Please provide a new statement id, or remove the existing statement.',
    );

    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'image-processor' }));
    const document = JSON.parse(String(policy.Policy)) as { Version: string; Id: string; Statement: { Sid: string; Principal: unknown }[] };
    expect(document.Version).toBe('2012-10-17');
    expect(document.Id).toBe('default');
    expect(document.Statement.map((s) => s.Sid)).toEqual(['s3-trigger', 'account']);
    expect(document.Statement[1].Principal).toEqual({ AWS: 'arn:aws:iam::111122223333:root' });
    expect(policy.RevisionId).toMatch(/^[0-9a-f-]{36}$/);

    const removed = await lambda.send(new RemovePermissionCommand({ FunctionName: 'image-processor', StatementId: 'account' }));
    expect(removed.$metadata.httpStatusCode).toBe(204);
    const missingSid = await sdkError(lambda.send(new RemovePermissionCommand({ FunctionName: 'image-processor', StatementId: 'account' })));
    expect(missingSid).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    expect(missingSid.message).toBe('Statement account is not found in resource policy.');

    const bad = await sdkError(
      lambda.send(new AddPermissionCommand({ FunctionName: 'image-processor', StatementId: 'bad', Action: 'lambda:InvokeFunction', Principal: 'not a principal' })),
    );
    expect(bad).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
  });

  it('answers 404 for GetPolicy on a function without a policy', async () => {
    const result = await sdkError(lambda.send(new GetPolicyCommand({ FunctionName: 'list-a' })));
    expect(result).toMatchObject({ name: 'ResourceNotFoundException', status: 404, message: 'The resource you requested does not exist.' });
  });

  it('reports a missing function as AWS does', async () => {
    for (const call of [
      () => lambda.send(new GetFunctionCommand({ FunctionName: 'no-such-function' })),
      () => lambda.send(new GetFunctionConfigurationCommand({ FunctionName: `${ARN_PREFIX}no-such-function` })),
      () => lambda.send(new DeleteFunctionCommand({ FunctionName: 'no-such-function' })),
      () => lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'no-such-function', ZipFile: handlerZip() })),
      () => lambda.send(new InvokeCommand({ FunctionName: 'no-such-function' })),
    ]) {
      const result = await sdkError(call());
      expect(result).toMatchObject({
        name: 'ResourceNotFoundException',
        status: 404,
        message: `Function not found: ${ARN_PREFIX}no-such-function`,
      });
    }
  });

  it('rejects the retired go1.x runtime with AWS message', async () => {
    const result = await sdkError(create('go-function', { Runtime: 'go1.x' as never, Handler: 'main' }));
    expect(result).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(result.message).toBe(
      'The runtime parameter of go1.x is no longer supported for creating or updating AWS Lambda functions. ' +
        'We recommend you use a supported runtime while creating or updating functions.',
    );
    expect(await sdkError(lambda.send(new GetFunctionCommand({ FunctionName: 'go-function' })))).toMatchObject({ status: 404 });
  });

  it('rejects an unknown runtime, a bad role ARN, a bad name and a missing handler', async () => {
    const runtime = await sdkError(create('rt', { Runtime: 'nodejs99.x' as never }));
    expect(runtime).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(runtime.message).toContain("Value nodejs99.x at 'runtime' failed to satisfy constraint");

    const role = await sdkError(create('bad-role', { Role: 'lambda-image-processor-role' }));
    expect(role).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(role.message).toContain("Value 'lambda-image-processor-role' at 'role' failed to satisfy constraint");

    const name = await sdkError(create('bad name!'));
    expect(name).toMatchObject({ name: 'ValidationException', status: 400 });

    // Well-formed, but no such role: AWS cannot assume it, and nothing is created.
    const missingRole = await sdkError(create('role-missing', { Role: 'arn:aws:iam::000000000000:role/no-such-role' }));
    expect(missingRole).toEqual({
      name: 'InvalidParameterValueException',
      status: 400,
      message: 'The role defined for the function cannot be assumed by Lambda.',
    });
    expect(await sdkError(lambda.send(new GetFunctionCommand({ FunctionName: 'role-missing' })))).toMatchObject({ status: 404 });

    const handler = await sdkError(create('no-handler', { Handler: undefined }));
    expect(handler).toMatchObject({ name: 'ValidationException', status: 400 });
  });

  it('refuses a duplicate function (409)', async () => {
    const result = await sdkError(create('image-processor'));
    expect(result).toMatchObject({ name: 'ResourceConflictException', status: 409, message: 'Function already exist: image-processor' });
  });

  it('refuses a zip over 50 MiB (413)', async () => {
    const big = zipSync({ 'big.bin': [new Uint8Array(52_428_800), { level: 0 }] });
    expect(big.length).toBeGreaterThan(52_428_800);
    const result = await sdkError(create('too-big', { Code: { ZipFile: big } }));
    expect(result).toMatchObject({
      name: 'RequestEntityTooLargeException',
      status: 413,
      message: 'Zipped size must be smaller than 52428800 bytes',
    });
  });

  it('refuses bytes that are not a zip', async () => {
    const result = await sdkError(create('not-a-zip', { Code: { ZipFile: strToU8('exports.handler = 1') } }));
    expect(result).toMatchObject({
      name: 'InvalidParameterValueException',
      status: 400,
      message: 'Could not unzip uploaded file. Please check your file, then try to upload again.',
    });
  });

  it.each<[string, Zippable]>([
    ['../evil.js', { 'index.js': strToU8('ok'), '../evil.js': strToU8('x') }],
    ['/etc/evil.js', { '/etc/evil.js': strToU8('x') }],
    ['C:/evil.js', { 'C:/evil.js': strToU8('x') }],
    ['lib\\..\\..\\evil.js', { 'lib\\..\\..\\evil.js': strToU8('x') }],
  ])('refuses a zip-slip entry %s at create and at code update', async (entry, files) => {
    const zip = zipSync(files);
    const created = await sdkError(create('slip', { Code: { ZipFile: zip } }));
    expect(created).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(created.message).toContain(`'${entry}'`);
    const updated = await sdkError(lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'list-a', ZipFile: zip })));
    expect(updated).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
  });

  it('refuses a symlink entry', async () => {
    const zip = zipSync({
      'index.js': strToU8('exports.handler = async () => 1;'),
      'secrets': [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
    });
    const result = await sdkError(create('symlink', { Code: { ZipFile: zip } }));
    expect(result).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(result.message).toContain("'secrets' is a symbolic link");
  });

  it('answers 409 to invoking or changing a Pending function', async () => {
    await create('fresh');
    const invoked = await sdkError(lambda.send(new InvokeCommand({ FunctionName: 'fresh', Payload: strToU8('{}') })));
    expect(invoked).toMatchObject({
      name: 'ResourceConflictException',
      status: 409,
      message: 'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    });
    const updated = await sdkError(lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'fresh', Timeout: 5 })));
    expect(updated).toMatchObject({ name: 'ResourceConflictException', status: 409 });
    await waitActive('fresh');
  });

  it('answers invocations of an Active function through the invoker, or 501 without one', async () => {
    await waitActive('list-a');
    const response = await fetch(`${endpoint.url}/2015-03-31/functions/list-a/invocations`, { method: 'POST', body: '{}' });
    // The test endpoint may or may not have function execution wired in; either way the control
    // plane let the call through (no 404/409).
    expect([200, 501]).toContain(response.status);
    if (response.status === 501) {
      expect(response.headers.get('x-amzn-errortype')).toBe('ServiceException');
    }
  });

  it('answers an unknown route and a broken JSON body with JSON errors', async () => {
    const unknown = await fetch(`${endpoint.url}/2015-03-31/functions/list-a/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(((await unknown.json()) as { Message: string }).Message).toContain('No Lambda operation matches');

    const broken = await fetch(`${endpoint.url}/2015-03-31/functions`, { method: 'POST', body: '{"FunctionName":' });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('x-amzn-errortype')).toBe('InvalidRequestContentException');
    const body = (await broken.json()) as { Type: string; Message: string; message: string };
    expect(body.Type).toBe('User');
    expect(body.message).toBe(body.Message);
  });

  it('deletes a function (204), after which it is gone', async () => {
    const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: `${ARN_PREFIX}list-b` }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await sdkError(lambda.send(new GetFunctionCommand({ FunctionName: 'list-b' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
    expect(await sdkError(lambda.send(new DeleteFunctionCommand({ FunctionName: 'list-b' })))).toMatchObject({ status: 404 });
  });
});
