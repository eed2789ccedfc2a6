// Roles, functions and permissions survive a restart of the built-in endpoint on the same data dir;
// damaged state files are set aside (kept under <dataDir>/damaged/) and the endpoint starts without them.
import { describe, it, expect, afterAll } from '@jest/globals';
import { strToU8, zipSync } from 'fflate';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
import { fileNameFor } from '../../src/endpoint/store/safe-name.js';
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

  it.each([
    ['unparseable JSON', '{"schemaVersion": 1, "name": '],
    ['wrong field types', JSON.stringify({ schemaVersion: 1, name: 'damaged', region: 'us-east-1', runtime: 'nodejs20.x', role: 5, timeout: '3' })],
    ['a directory where the file should be', undefined],
  ])('a function file with %s: the endpoint starts without it and keeps the file and its code', async (_label, content) => {
    const dir = dataDir();
    const first = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const client = clientsFor(first.url).lambda;
    await ensureRole(first.url, 'lambda-image-processor-role');
    for (const name of ['damaged', 'healthy']) {
      await client.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: ROLE_ARN,
          Code: { ZipFile: zipSync({ 'index.js': strToU8(`// ${name}`) }) },
        }),
      );
    }
    client.destroy();
    await first.close();

    const functionsDir = join(dir, 'lambda', 'functions');
    const file = join(functionsDir, `${fileNameFor('us-east-1\ndamaged')}.json`);
    rmSync(file);
    if (content === undefined) mkdirSync(file);
    else writeFileSync(file, content);

    const second = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const after = clientsFor(second.url).lambda;
    try {
      expect(second.repairs[0].path).toBe(file);
      if (content !== undefined) expect(readFileSync(second.repairs[0].keptAt, 'utf8')).toBe(content);
      // Its code is kept with it (no readable record names it any more), not pruned.
      expect(second.repairs.slice(1).map((r) => r.reason)).toEqual(['code no readable function refers to']);
      await expect(after.send(new GetFunctionCommand({ FunctionName: 'damaged' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      const healthy = await after.send(new GetFunctionCommand({ FunctionName: 'healthy' }));
      expect(healthy.Configuration?.FunctionName).toBe('healthy');
    } finally {
      after.destroy();
      await second.close();
    }
  });

  it('a damaged IAM file: starts with no roles and keeps the file; a damaged role entry drops only that role', async () => {
    const dir = dataDir();
    const iamFile = join(dir, 'iam', 'roles.json');
    const first = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const iam = clientsFor(first.url).iam;
    for (const RoleName of ['kept', 'broken']) await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST_POLICY }));
    iam.destroy();
    await first.close();
    const saved = JSON.parse(readFileSync(iamFile, 'utf8')) as { roles: { roleName: string; attachedPolicyArns: unknown }[] };

    // One entry with a wrong type: that role goes, the other stays.
    saved.roles.find((r) => r.roleName === 'broken')!.attachedPolicyArns = 'arn:aws:iam::aws:policy/AmazonS3FullAccess';
    writeFileSync(iamFile, JSON.stringify(saved));
    const second = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const client = clientsFor(second.url).iam;
    try {
      expect(second.repairs.map((r) => r.path)).toEqual([iamFile]);
      expect(second.repairs[0].reason).toMatch(/^roles\.\d+: attachedPolicyArns: /);
      expect(readFileSync(second.repairs[0].keptAt, 'utf8')).toBe(JSON.stringify(saved));
      await client.send(new GetRoleCommand({ RoleName: 'kept' }));
      await expect(client.send(new GetRoleCommand({ RoleName: 'broken' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    } finally {
      client.destroy();
      await second.close();
    }

    // The whole file unreadable: no roles, the file kept.
    writeFileSync(iamFile, 'not json');
    const third = await startEndpoint({ dataDir: dir, host: '127.0.0.1', port: 0 });
    const again = clientsFor(third.url).iam;
    try {
      expect(third.repairs.map((r) => r.path)).toEqual([iamFile]);
      expect(readFileSync(third.repairs[0].keptAt, 'utf8')).toBe('not json');
      await expect(again.send(new GetRoleCommand({ RoleName: 'kept' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    } finally {
      again.destroy();
      await third.close();
    }
  });
});
