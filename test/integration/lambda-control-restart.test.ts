// Roles, functions and permissions survive a restart of the built-in endpoint on the same data dir;
// damaged state files stop the start-up with a message naming the file.
import { describe, it, expect, afterAll } from '@jest/globals';
import { strToU8, zipSync } from 'fflate';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttachRolePolicyCommand, CreateRoleCommand, GetRoleCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  UpdateFunctionCodeCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { startEndpoint } from '../../src/endpoint/server.js';
import { CorruptStateError } from '../../src/endpoint/store/atomic.js';
import { tempDir } from '../helpers/endpoint.js';
import { clientsFor } from '../helpers/clients.js';
import { ensureRole } from '../fixtures/functions/deploy.js';

const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const ROLE_ARN = 'arn:aws:iam::000000000000:role/lambda-image-processor-role';

const dirs: string[] = [];
function dataDir(): string {
  const dir = tempDir('st-restart-');
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('Lambda and IAM state across restarts', () => {
  it('keeps the role, its policy, the function, its code and its permission', async () => {
    const dir = dataDir();
    const zip = zipSync({ 'index.js': strToU8('exports.handler = async () => "persisted";') });

    const first = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const before = clientsFor(first.url);
    await before.iam.send(new CreateRoleCommand({ RoleName: 'lambda-image-processor-role', AssumeRolePolicyDocument: TRUST_POLICY }));
    await before.iam.send(
      new AttachRolePolicyCommand({ RoleName: 'lambda-image-processor-role', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }),
    );
    const created = await before.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'image-processor',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE_ARN,
        Code: { ZipFile: zip },
        Environment: { Variables: { BUCKET_NAME: 'product-images' } },
      }),
    );
    await waitUntilFunctionActiveV2({ client: before.lambda, maxWaitTime: 30 }, { FunctionName: 'image-processor' });
    await before.lambda.send(
      new AddPermissionCommand({
        FunctionName: 'image-processor',
        StatementId: 's3-trigger',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: 'arn:aws:s3:::product-images',
      }),
    );
    const role = await before.iam.send(new GetRoleCommand({ RoleName: 'lambda-image-processor-role' }));
    before.iam.destroy();
    before.lambda.destroy();
    await first.close();

    const second = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const after = clientsFor(second.url);
    try {
      const roleAgain = await after.iam.send(new GetRoleCommand({ RoleName: 'lambda-image-processor-role' }));
      expect(roleAgain.Role).toMatchObject({ RoleId: role.Role?.RoleId, Arn: ROLE_ARN });
      const attached = await after.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'lambda-image-processor-role' }));
      expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual(['AmazonS3FullAccess']);

      const fn = await after.lambda.send(new GetFunctionCommand({ FunctionName: 'image-processor' }));
      expect(fn.Configuration).toMatchObject({
        State: 'Active',
        LastUpdateStatus: 'Successful',
        CodeSha256: created.CodeSha256,
        CodeSize: zip.length,
        Environment: { Variables: { BUCKET_NAME: 'product-images' } },
      });
      const download = await fetch(String(fn.Code?.Location));
      expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(zip))).toBe(true);

      const policy = JSON.parse(String((await after.lambda.send(new GetPolicyCommand({ FunctionName: 'image-processor' }))).Policy)) as {
        Statement: { Sid: string; Condition: unknown }[];
      };
      expect(policy.Statement).toEqual([
        expect.objectContaining({ Sid: 's3-trigger', Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::product-images' } } }),
      ]);
    } finally {
      after.iam.destroy();
      after.lambda.destroy();
      await second.close();
    }
  });

  it('finishes a Pending creation and an InProgress update that a shutdown interrupted', async () => {
    const dir = dataDir();
    const zip = zipSync({ 'index.js': strToU8('exports.handler = async () => 1;') });
    const newZip = zipSync({ 'index.js': strToU8('exports.handler = async () => 2;') });

    const first = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const before = clientsFor(first.url);
    await ensureRole(first.url, 'lambda-image-processor-role');
    const create = (name: string) =>
      before.lambda.send(new CreateFunctionCommand({ FunctionName: name, Runtime: 'nodejs20.x', Handler: 'index.handler', Role: ROLE_ARN, Code: { ZipFile: zip } }));
    await create('interrupted-create');
    await create('interrupted-update');
    await waitUntilFunctionActiveV2({ client: before.lambda, maxWaitTime: 30 }, { FunctionName: 'interrupted-update' });
    const updated = await before.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'interrupted-update', ZipFile: newZip }));
    before.lambda.destroy();
    await first.close();

    const second = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const after = clientsFor(second.url);
    try {
      const active = await waitUntilFunctionActiveV2({ client: after.lambda, maxWaitTime: 30 }, { FunctionName: 'interrupted-create' });
      expect(active.state).toBe('SUCCESS');
      const done = await waitUntilFunctionUpdatedV2({ client: after.lambda, maxWaitTime: 30 }, { FunctionName: 'interrupted-update' });
      expect(done.state).toBe('SUCCESS');
      const fn = await after.lambda.send(new GetFunctionCommand({ FunctionName: 'interrupted-update' }));
      expect(fn.Configuration).toMatchObject({ LastUpdateStatus: 'Successful', CodeSha256: updated.CodeSha256 });
    } finally {
      after.lambda.destroy();
      await second.close();
    }
  });

  it('refuses to start on a damaged function file, naming it', async () => {
    const dir = dataDir();
    const first = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const client = clientsFor(first.url).lambda;
    await ensureRole(first.url, 'lambda-image-processor-role');
    await client.send(
      new CreateFunctionCommand({
        FunctionName: 'damaged',
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: ROLE_ARN,
        Code: { ZipFile: zipSync({ 'index.js': strToU8('') }) },
      }),
    );
    client.destroy();
    await first.close();

    const functionsDir = join(dir, 'lambda', 'functions');
    const [file] = readdirSync(functionsDir);
    writeFileSync(join(functionsDir, file), '{"schemaVersion": 1, "name": ');
    const failure = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 }).then(
      async (unexpected) => {
        await unexpected.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CorruptStateError);
    expect((failure as CorruptStateError).message).toContain(join(functionsDir, file));
  });

  it('refuses to start on a damaged IAM file, naming it', async () => {
    const dir = dataDir();
    const iamFile = join(dir, 'iam', 'roles.json');
    const first = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const iam = clientsFor(first.url).iam;
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: TRUST_POLICY }));
    iam.destroy();
    await first.close();

    writeFileSync(iamFile, 'not json');
    const failure = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 }).then(
      async (unexpected) => {
        await unexpected.close();
        return undefined;
      },
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CorruptStateError);
    expect((failure as CorruptStateError).message).toContain(iamFile);
  });
});
