// The lesson's hand-typed `awslocal` commands, run exactly as written by a shell in a folder holding
// the lesson's files, against the built-in endpoint. `awslocal` here is a two-line stand-in doing
// what awscli-local does: run the AWS CLI v2 with --endpoint-url from AWS_ENDPOINT_URL.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { filterOf, loadDefaultLesson, type Lesson } from '../../src/lesson/index.js';
import { AWS_CLI, hasAwsCli } from '../helpers/aws-cli.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';

let lesson: Lesson;
let endpoint: TestEndpoint;
let work: string;
let bin: string;

beforeAll(async () => {
  lesson = await loadDefaultLesson();
  endpoint = await startTestEndpoint();
  work = tempDir('lesson-commands-');
  for (const file of lesson.files) writeFileSync(join(work, file.name), file.text);
  // Step 3 would build this; a one-line handler is enough for the control-plane commands.
  const functionDir = join(work, lesson.resources.function.sourceDir);
  mkdirSync(functionDir, { recursive: true });
  writeFileSync(join(functionDir, 'function.zip'), zipSync({ 'index.js': new TextEncoder().encode('exports.handler = async () => ({ ok: true });\n') }));
  bin = join(work, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'awslocal'), `#!/bin/sh\nexec ${AWS_CLI} --endpoint-url "$AWS_ENDPOINT_URL" "$@"\n`);
  chmodSync(join(bin, 'awslocal'), 0o755);
});
afterAll(async () => {
  await endpoint?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

function shell(command: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      '/bin/sh',
      ['-c', command],
      {
        cwd: work,
        timeout: 60_000,
        env: {
          PATH: `${bin}:/usr/bin:/bin`,
          HOME: work,
          AWS_ENDPOINT_URL: endpoint.url,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_PAGER: '',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const awslocalCommands = (stepId: string, until?: RegExp): string[] => {
  const commands = lesson.steps.find((step) => step.id === stepId)!.commands.map((command) => command.run);
  const end = until ? commands.findIndex((command) => until.test(command)) : -1;
  return (end >= 0 ? commands.slice(0, end) : commands).filter((command) => command.startsWith('awslocal '));
};

const describeWithCli = hasAwsCli ? describe : describe.skip;
if (!hasAwsCli) console.warn(`${AWS_CLI} is missing: the lesson's hand commands are not run (apt-get install awscli)`);

describeWithCli("the lesson's awslocal commands, typed as written", () => {
  it.each([
    ['localstack', undefined],
    ['bucket', undefined],
    // update-function-code and its wait are for a second build, after create-function.
    ['deploy', /update-function-code/],
  ] as const)('step %s runs without an error', async (stepId, until) => {
    const commands = awslocalCommands(stepId, until);
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const result = await shell(command);
      expect({ command, code: result.code, stderr: result.stderr }).toEqual({ command, code: 0, stderr: '' });
    }
  });

  it('left the bucket and the function as the lesson describes them', async () => {
    const cors = JSON.parse((await shell('awslocal s3api get-bucket-cors --bucket product-images')).stdout);
    expect(cors).toEqual(lesson.resources.bucket.cors.value);
    const policy = JSON.parse(JSON.parse((await shell('awslocal s3api get-bucket-policy --bucket product-images')).stdout).Policy);
    expect(policy).toEqual(lesson.resources.bucket.policy.value);
    const attached = JSON.parse((await shell('awslocal iam list-attached-role-policies --role-name lambda-image-processor-role')).stdout);
    expect(attached.AttachedPolicies.map((p: { PolicyArn: string }) => p.PolicyArn)).toEqual(lesson.resources.role.managedPolicyArns);
    const config = JSON.parse((await shell('awslocal lambda get-function-configuration --function-name image-processor')).stdout);
    expect(config).toMatchObject({
      FunctionArn: lesson.resources.function.arn,
      Runtime: lesson.resources.function.runtime,
      Handler: lesson.resources.function.handler,
      Role: lesson.resources.role.arn,
      Timeout: lesson.resources.function.timeout,
      MemorySize: lesson.resources.function.memorySize,
      Environment: { Variables: lesson.resources.function.environment },
      State: 'Active',
    });
  });

  it('step trigger: the permission and notification commands leave what the lesson describes', async () => {
    const commands = awslocalCommands('trigger').filter((command) => /add-permission|notification-configuration/.test(command));
    expect(commands).toHaveLength(3);
    for (const command of commands) {
      const result = await shell(command);
      expect({ command, code: result.code, stderr: result.stderr }).toEqual({ command, code: 0, stderr: '' });
    }
    const notification = JSON.parse((await shell('awslocal s3api get-bucket-notification-configuration --bucket product-images')).stdout);
    // S3 takes `prefix` and answers `Prefix`: compare the filter through filterOf.
    const [actual] = notification.LambdaFunctionConfigurations;
    const [expected] = lesson.resources.notification.value.LambdaFunctionConfigurations;
    expect(notification.LambdaFunctionConfigurations).toHaveLength(1);
    expect(actual).toMatchObject({ Id: expected.Id, LambdaFunctionArn: expected.LambdaFunctionArn, Events: expected.Events });
    expect(filterOf(actual)).toEqual({ prefix: '', suffix: '.jpg' });
    const policy = JSON.parse(JSON.parse((await shell('awslocal lambda get-policy --function-name image-processor')).stdout).Policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Sid: 's3-trigger',
        Principal: { Service: 's3.amazonaws.com' },
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::product-images' } },
      }),
    ]);
  });
});
