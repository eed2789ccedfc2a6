// IAM roles and STS of the built-in endpoint, driven with the real SDK v3 clients.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';
import { clientsFor } from '../helpers/clients.js';

const TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const S3_FULL = 'arn:aws:iam::aws:policy/AmazonS3FullAccess';
const BASIC_EXECUTION = 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

/** Runs the call and returns the error code on the wire (`Code`; the SDK's class name may differ), status and message. */
async function failure(call: Promise<unknown>): Promise<{ code: string; status?: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { code: e.Code ?? e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

describe('IAM roles (SDK v3)', () => {
  let endpoint: TestEndpoint;
  let iam: IAMClient;
  let sts: STSClient;

  beforeAll(async () => {
    endpoint = await startTestEndpoint();
    ({ iam, sts } = clientsFor(endpoint.url));
  });

  afterAll(async () => {
    iam?.destroy();
    sts?.destroy();
    await endpoint?.dispose();
  });

  it('creates a role and returns its trust policy URL-encoded', async () => {
    const created = await iam.send(
      new CreateRoleCommand({ RoleName: 'lambda-image-processor-role', AssumeRolePolicyDocument: TRUST_POLICY, Description: 'lesson role' }),
    );
    expect(created.Role).toMatchObject({
      RoleName: 'lambda-image-processor-role',
      Path: '/',
      Arn: 'arn:aws:iam::000000000000:role/lambda-image-processor-role',
      Description: 'lesson role',
    });
    expect(created.Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(created.Role?.CreateDate).toBeInstanceOf(Date);
    expect(created.Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST_POLICY));
  });

  it('puts a path into the role ARN', async () => {
    const created = await iam.send(
      new CreateRoleCommand({ RoleName: 'pathed', Path: '/service-role/', AssumeRolePolicyDocument: TRUST_POLICY }),
    );
    expect(created.Role?.Arn).toBe('arn:aws:iam::000000000000:role/service-role/pathed');
  });

  it('gets and lists roles', async () => {
    const got = await iam.send(new GetRoleCommand({ RoleName: 'lambda-image-processor-role' }));
    expect(got.Role?.MaxSessionDuration).toBe(3600);
    expect(decodeURIComponent(String(got.Role?.AssumeRolePolicyDocument))).toBe(TRUST_POLICY);

    const listed = await iam.send(new ListRolesCommand({}));
    expect(listed.IsTruncated).toBe(false);
    expect(listed.Roles?.map((r) => r.RoleName)).toEqual(['lambda-image-processor-role', 'pathed']);

    const firstPage = await iam.send(new ListRolesCommand({ MaxItems: 1 }));
    expect(firstPage.IsTruncated).toBe(true);
    const secondPage = await iam.send(new ListRolesCommand({ MaxItems: 1, Marker: firstPage.Marker }));
    expect(secondPage.Roles?.map((r) => r.RoleName)).toEqual(['pathed']);
    expect(secondPage.IsTruncated).toBe(false);

    const byPath = await iam.send(new ListRolesCommand({ PathPrefix: '/service-role/' }));
    expect(byPath.Roles?.map((r) => r.RoleName)).toEqual(['pathed']);
  });

  it('refuses a duplicate role, in any letter case (409 EntityAlreadyExists)', async () => {
    for (const name of ['lambda-image-processor-role', 'Lambda-Image-Processor-Role']) {
      const result = await failure(iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST_POLICY })));
      expect(result).toMatchObject({ code: 'EntityAlreadyExists', status: 409, message: `Role with name ${name} already exists.` });
    }
  });

  it('refuses a malformed trust policy and a bad role name', async () => {
    const malformed = await failure(iam.send(new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: '{"Version":' })));
    expect(malformed).toMatchObject({ code: 'MalformedPolicyDocument', status: 400, message: 'This policy contains invalid Json' });

    const badName = await failure(iam.send(new CreateRoleCommand({ RoleName: 'bad name', AssumeRolePolicyDocument: TRUST_POLICY })));
    expect(badName).toMatchObject({ code: 'ValidationError', status: 400 });
    expect(badName.message).toContain("Value 'bad name' at 'roleName' failed to satisfy constraint");

    const tooLong = await failure(iam.send(new CreateRoleCommand({ RoleName: 'r'.repeat(65), AssumeRolePolicyDocument: TRUST_POLICY })));
    expect(tooLong).toMatchObject({ code: 'ValidationError', status: 400 });

    const gone = await failure(iam.send(new GetRoleCommand({ RoleName: 'broken' })));
    expect(gone).toMatchObject({ code: 'NoSuchEntity', status: 404, message: 'The role with name broken cannot be found.' });
  });

  it('attaches AWS-managed policies and lists them', async () => {
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'lambda-image-processor-role', PolicyArn: S3_FULL }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'lambda-image-processor-role', PolicyArn: BASIC_EXECUTION }));
    // Attaching again changes nothing, as on AWS.
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'lambda-image-processor-role', PolicyArn: S3_FULL }));

    const listed = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'lambda-image-processor-role' }));
    expect(listed.IsTruncated).toBe(false);
    expect(listed.AttachedPolicies).toEqual([
      { PolicyName: 'AmazonS3FullAccess', PolicyArn: S3_FULL },
      { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: BASIC_EXECUTION },
    ]);
  });

  it('refuses unknown and malformed policy ARNs and unknown roles', async () => {
    const unknown = await failure(
      iam.send(new AttachRolePolicyCommand({ RoleName: 'lambda-image-processor-role', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' })),
    );
    expect(unknown).toMatchObject({
      code: 'NoSuchEntity',
      status: 404,
      message: 'Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.',
    });
    const malformed = await failure(iam.send(new AttachRolePolicyCommand({ RoleName: 'lambda-image-processor-role', PolicyArn: 'AmazonS3FullAccess' })));
    expect(malformed).toMatchObject({ code: 'ValidationError', status: 400 });
    const noRole = await failure(iam.send(new AttachRolePolicyCommand({ RoleName: 'nobody', PolicyArn: S3_FULL })));
    expect(noRole).toMatchObject({ code: 'NoSuchEntity', status: 404, message: 'The role with name nobody cannot be found.' });
    const noRoleList = await failure(iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'nobody' })));
    expect(noRoleList).toMatchObject({ code: 'NoSuchEntity', status: 404 });
  });

  it('keeps inline policies', async () => {
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    await iam.send(new PutRolePolicyCommand({ RoleName: 'pathed', PolicyName: 'read', PolicyDocument: document }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'pathed', PolicyName: 'read' }));
    expect(decodeURIComponent(String(got.PolicyDocument))).toBe(document);
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'pathed' }))).PolicyNames).toEqual(['read']);

    const conflict = await failure(iam.send(new DeleteRoleCommand({ RoleName: 'pathed' })));
    expect(conflict).toMatchObject({ code: 'DeleteConflict', status: 409 });

    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'pathed', PolicyName: 'read' }));
    const missing = await failure(iam.send(new GetRolePolicyCommand({ RoleName: 'pathed', PolicyName: 'read' })));
    expect(missing).toMatchObject({ code: 'NoSuchEntity', status: 404 });
    await iam.send(new DeleteRoleCommand({ RoleName: 'pathed' }));
  });

  it('refuses to delete a role with attached policies (409 DeleteConflict), then detaches and deletes', async () => {
    const conflict = await failure(iam.send(new DeleteRoleCommand({ RoleName: 'lambda-image-processor-role' })));
    expect(conflict).toMatchObject({
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must detach all policies first.',
    });

    await iam.send(new DetachRolePolicyCommand({ RoleName: 'lambda-image-processor-role', PolicyArn: S3_FULL }));
    const notAttached = await failure(
      iam.send(new DetachRolePolicyCommand({ RoleName: 'lambda-image-processor-role', PolicyArn: S3_FULL })),
    );
    expect(notAttached).toMatchObject({ code: 'NoSuchEntity', status: 404, message: `Policy ${S3_FULL} was not found.` });
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'lambda-image-processor-role', PolicyArn: BASIC_EXECUTION }));
    const listed = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'lambda-image-processor-role' }));
    expect(listed.AttachedPolicies).toEqual([]);

    await iam.send(new DeleteRoleCommand({ RoleName: 'lambda-image-processor-role' }));
    const gone = await failure(iam.send(new GetRoleCommand({ RoleName: 'lambda-image-processor-role' })));
    expect(gone).toMatchObject({ code: 'NoSuchEntity', status: 404 });
    const again = await failure(iam.send(new DeleteRoleCommand({ RoleName: 'lambda-image-processor-role' })));
    expect(again).toMatchObject({ code: 'NoSuchEntity', status: 404 });
  });

  it('answers an unknown action with InvalidAction', async () => {
    const response = await fetch(`${endpoint.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: 'Action=CreateUserPool&Version=2010-05-08',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('<Code>InvalidAction</Code>');
    expect(text).toContain('<Type>Sender</Type>');
  });

  it('STS GetCallerIdentity names account 000000000000', async () => {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root', UserId: '000000000000' });
  });

  it('STS AssumeRole hands out temporary credentials, and refuses a malformed role ARN', async () => {
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/lambda-image-processor-role', RoleSessionName: 'lesson' }),
    );
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(assumed.Credentials?.Expiration?.getTime()).toBeGreaterThan(Date.now());
    expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::000000000000:assumed-role/lambda-image-processor-role/lesson');

    const bad = await failure(sts.send(new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'lesson' })));
    expect(bad).toMatchObject({ code: 'ValidationError', status: 400 });
  });
});
