// The lesson's IAM, Lambda and STS commands typed as a learner types them, with Debian's AWS CLI v2
// (/usr/bin/aws) against the built-in endpoint.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { strToU8, zipSync } from 'fflate';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';
import { awsCli, cliJson, hasAwsCli } from '../helpers/aws-cli.js';

// The lesson's trust policy, as the course material writes it.
const TRUST_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Service": "lambda.amazonaws.com" },
      "Action": "sts:AssumeRole"
    }
  ]
}
`;
const ROLE_ARN = 'arn:aws:iam::000000000000:role/lambda-image-processor-role';

if (!hasAwsCli) {
  // Visible in the test output: these tests need Debian's awscli package (apt-get install -y awscli).
  console.warn('lambda-iam-cli tests skipped: /usr/bin/aws is not installed');
}
const describeWithCli = hasAwsCli ? describe : describe.skip;

describeWithCli('Lambda, IAM and STS with the AWS CLI v2', () => {
  let endpoint: TestEndpoint;
  let work: string;
  const aws = (...args: string[]) => awsCli(endpoint.url, args, { cwd: work });

  beforeAll(async () => {
    endpoint = await startTestEndpoint();
    work = mkdtempSync(join(tmpdir(), 'st-cli-'));
    writeFileSync(join(work, 'trust-policy.json'), TRUST_POLICY);
    writeFileSync(
      join(work, 'function.zip'),
      zipSync({ 'index.js': strToU8('exports.handler = async (event) => ({ records: event.Records?.length ?? 0 });') }),
    );
  });

  afterAll(async () => {
    await endpoint?.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('iam create-role with the lesson trust policy', async () => {
    const created = cliJson<{ Role: { RoleName: string; Arn: string; AssumeRolePolicyDocument: unknown } }>(
      await aws('iam', 'create-role', '--role-name', 'lambda-image-processor-role', '--assume-role-policy-document', 'file://trust-policy.json'),
    );
    expect(created.Role.Arn).toBe(ROLE_ARN);
    // The CLI decodes the URL-encoded document back into JSON.
    expect(created.Role.AssumeRolePolicyDocument).toEqual(JSON.parse(TRUST_POLICY));

    const duplicate = await aws('iam', 'create-role', '--role-name', 'lambda-image-processor-role', '--assume-role-policy-document', 'file://trust-policy.json');
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain('EntityAlreadyExists');
  });

  it('iam attach-role-policy and list-attached-role-policies', async () => {
    const attached = await aws(
      'iam', 'attach-role-policy', '--role-name', 'lambda-image-processor-role',
      '--policy-arn', 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
    );
    expect(attached).toMatchObject({ code: 0 });
    const listed = cliJson<{ AttachedPolicies: { PolicyName: string; PolicyArn: string }[] }>(
      await aws('iam', 'list-attached-role-policies', '--role-name', 'lambda-image-processor-role'),
    );
    expect(listed.AttachedPolicies).toEqual([
      { PolicyName: 'AmazonS3FullAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' },
    ]);

    const unknown = await aws(
      'iam', 'attach-role-policy', '--role-name', 'lambda-image-processor-role', '--policy-arn', 'arn:aws:iam::aws:policy/AmazonS3Everything',
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('NoSuchEntity');
  });

  it('lambda create-function, wait function-active-v2, get-function', async () => {
    const created = cliJson<{ State: string; FunctionArn: string; Environment: { Variables: Record<string, string> } }>(
      await aws(
        'lambda', 'create-function',
        '--function-name', 'image-processor',
        '--runtime', 'nodejs20.x',
        '--handler', 'index.handler',
        '--role', ROLE_ARN,
        '--zip-file', 'fileb://function.zip',
        '--environment', 'Variables={BUCKET_NAME=product-images}',
      ),
    );
    expect(created.State).toBe('Pending');
    expect(created.FunctionArn).toBe('arn:aws:lambda:us-east-1:000000000000:function:image-processor');
    expect(created.Environment.Variables).toEqual({ BUCKET_NAME: 'product-images' });

    const waited = await aws('lambda', 'wait', 'function-active-v2', '--function-name', 'image-processor');
    expect(waited).toMatchObject({ code: 0 });

    const got = cliJson<{ Configuration: { State: string; LastUpdateStatus: string; Runtime: string; Handler: string }; Code: { Location: string } }>(
      await aws('lambda', 'get-function', '--function-name', 'image-processor'),
    );
    expect(got.Configuration).toMatchObject({ State: 'Active', LastUpdateStatus: 'Successful', Runtime: 'nodejs20.x', Handler: 'index.handler' });
    expect(got.Code.Location).toContain('/code-download/');
  });

  it('lambda add-permission for the S3 trigger and get-policy', async () => {
    const added = cliJson<{ Statement: string }>(
      await aws(
        'lambda', 'add-permission',
        '--function-name', 'image-processor',
        '--statement-id', 's3-trigger',
        '--action', 'lambda:InvokeFunction',
        '--principal', 's3.amazonaws.com',
        '--source-arn', 'arn:aws:s3:::product-images',
      ),
    );
    expect(JSON.parse(added.Statement)).toMatchObject({
      Sid: 's3-trigger',
      Principal: { Service: 's3.amazonaws.com' },
      Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::product-images' } },
    });

    const policy = cliJson<{ Policy: string; RevisionId: string }>(await aws('lambda', 'get-policy', '--function-name', 'image-processor'));
    const document = JSON.parse(policy.Policy) as { Statement: { Sid: string }[] };
    expect(document.Statement.map((s) => s.Sid)).toEqual(['s3-trigger']);

    const duplicate = await aws(
      'lambda', 'add-permission', '--function-name', 'image-processor', '--statement-id', 's3-trigger',
      '--action', 'lambda:InvokeFunction', '--principal', 's3.amazonaws.com',
    );
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain('ResourceConflictException');
  });

  it('sts get-caller-identity', async () => {
    const identity = cliJson<{ Account: string; Arn: string }>(await aws('sts', 'get-caller-identity'));
    expect(identity).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:root' });
  });

  it('shows the errors for a missing function and for go1.x', async () => {
    const missing = await aws('lambda', 'get-function', '--function-name', 'no-such-function');
    expect(missing.code).toBe(254);
    expect(missing.stderr).toContain('(ResourceNotFoundException)');
    expect(missing.stderr).toContain('Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function');

    const go = await aws(
      'lambda', 'create-function', '--function-name', 'image-processor-go', '--runtime', 'go1.x', '--handler', 'main',
      '--role', ROLE_ARN, '--zip-file', 'fileb://function.zip',
    );
    expect(go.code).toBe(254);
    expect(go.stderr).toContain('(InvalidParameterValueException)');
    expect(go.stderr).toContain('The runtime parameter of go1.x is no longer supported');
  });
});
