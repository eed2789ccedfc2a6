// trigger-not-firing, each cause made to happen for real against the built-in endpoint: the
// diagnosis names problem and cause, and its fixes (applied in-process) bring trigger-fires back.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, type LambdaFunctionConfiguration } from '@aws-sdk/client-s3';
import {
  AddPermissionCommand, CreateFunctionCommand, RemovePermissionCommand, UpdateFunctionCodeCommand, waitUntilFunctionActiveV2, waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { loadDefaultLesson, type Lesson, type CheckId } from '../../src/lesson/index.js';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import { runChecks } from '../../src/checks/run-checks.js';
import type { CheckContext } from '../../src/checks/context.js';
import { applyFixes, diagnose, fixesInOrder, type Diagnosis } from '../../src/troubleshoot/index.js';
import { contextFor } from '../helpers/lesson-context.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { words, type Words } from '../../src/checks/result.js';

/** Evidence words in English (labels and values may be translated texts). */
function en(w: Words): string;
function en(w: Words | undefined): string | undefined;
function en(w: Words | undefined): string | undefined {
  return w === undefined ? undefined : words('en', w);
}

const TRIGGER_CHECKS: CheckId[] = ['localstack-running', 'bucket-created', 'function-deployed', 'function-invocable', 'trigger-fires'];
const NAME = 'image-processor';
const ARN = `arn:aws:lambda:us-east-1:000000000000:function:${NAME}`;
const BUCKET = 'product-images';

describe('trigger-not-firing: every cause for real, diagnosed and fixed', () => {
  let lesson: Lesson;
  let endpoint: TestEndpoint;
  let ctx: CheckContext;

  const putNotification = async (configs: LambdaFunctionConfiguration[], skipValidation = false) => {
    await ctx.aws.s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: BUCKET,
      NotificationConfiguration: { LambdaFunctionConfigurations: configs },
      ...(skipValidation ? { SkipDestinationValidation: true } : {}),
    }));
  };
  const lessonConfig = (over: Partial<LambdaFunctionConfiguration> = {}): LambdaFunctionConfiguration => ({
    LambdaFunctionArn: ARN,
    Events: ['s3:ObjectCreated:*'],
    Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: '' }, { Name: 'suffix', Value: '.jpg' }] } },
    ...over,
  });
  const diagnoseNow = async () => {
    const results = await runChecks(ctx, TRIGGER_CHECKS);
    return { results, diagnoses: await diagnose(ctx, results, { env: { PATH: '/usr/bin:/bin' } }) };
  };
  const causes = (diagnoses: Diagnosis[]) => diagnoses.map((d) => `${d.problem}/${d.cause}`);
  const fixAndRecheck = async (diagnoses: Diagnosis[]) => {
    const { applied } = await applyFixes(ctx, fixesInOrder(diagnoses));
    expect(applied.every((a) => a.outcome === 'applied')).toBe(true);
    const after = await runChecks(ctx, TRIGGER_CHECKS);
    expect(after.map((r) => [r.id, r.status])).toEqual(TRIGGER_CHECKS.map((id) => [id, 'pass']));
  };

  beforeAll(async () => {
    lesson = await loadDefaultLesson();
    const stateDir = tempDir('st-doctor-trigger-');
    endpoint = await startTestEndpoint(join(stateDir, 'endpoint'));
    ctx = await contextFor(lesson, endpoint.url, stateDir);
    for (const step of lesson.steps) await STEP_ACTIONS[step.action](ctx);
  }, 300_000);
  afterAll(async () => {
    ctx?.aws.destroy();
    await endpoint?.dispose();
  });

  it('no-notification: the bucket has none; the fix re-applies notification.json', async () => {
    await putNotification([]);
    const { diagnoses } = await diagnoseNow();
    expect(causes(diagnoses)).toEqual(['trigger-not-firing/no-notification']);
    expect(diagnoses[0].fixes.map((f) => f.id)).toEqual(['reapply-notification']);
    expect(diagnoses[0].fixes[0].command).toBe('awslocal s3api put-bucket-notification-configuration --bucket product-images --notification-configuration file://notification.json');
    await fixAndRecheck(diagnoses);
  }, 120_000);

  it('filter-excludes-upload: suffix .JPG, while keys are matched case-sensitively', async () => {
    await putNotification([lessonConfig({ Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.JPG' }] } } })]);
    const { diagnoses } = await diagnoseNow();
    expect(causes(diagnoses)).toEqual(['trigger-not-firing/filter-excludes-upload']);
    expect(diagnoses[0].message.en).toContain('suffix ".JPG"');
    expect(diagnoses[0].message.en).toContain('photo.jpg does not pass this filter');
    await fixAndRecheck(diagnoses);
  }, 120_000);

  it('wrong-events: the notification is for deletions only', async () => {
    await putNotification([lessonConfig({ Events: ['s3:ObjectRemoved:*'] })]);
    const { diagnoses } = await diagnoseNow();
    expect(causes(diagnoses)).toEqual(['trigger-not-firing/wrong-events']);
    expect(diagnoses[0].message.en).toContain('s3:ObjectRemoved:*');
    await fixAndRecheck(diagnoses);
  }, 120_000);

  it('wrong-function-arn: another region in the ARN (set with x-amz-skip-destination-validation)', async () => {
    await putNotification([lessonConfig({ LambdaFunctionArn: `arn:aws:lambda:ap-northeast-1:000000000000:function:${NAME}` })], true);
    const { diagnoses } = await diagnoseNow();
    expect(causes(diagnoses)).toEqual(['trigger-not-firing/wrong-function-arn']);
    expect(diagnoses[0].message.en).toContain('arn:aws:lambda:ap-northeast-1:000000000000:function:image-processor');
    await fixAndRecheck(diagnoses);
  }, 120_000);

  it('function-name-mismatch: the notification calls a second deployed function, image_processor', async () => {
    await ctx.aws.lambda.send(new CreateFunctionCommand({
      FunctionName: 'image_processor', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: lesson.resources.role.arn,
      Code: { ZipFile: zipSync({ 'index.js': strToU8('exports.handler = async () => ({});\n') }) },
    }));
    await waitUntilFunctionActiveV2({ client: ctx.aws.lambda, maxWaitTime: 60 }, { FunctionName: 'image_processor' });
    await ctx.aws.lambda.send(new AddPermissionCommand({
      FunctionName: 'image_processor', StatementId: 's3-trigger', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::product-images',
    }));
    await putNotification([lessonConfig({ LambdaFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:image_processor' })]);
    const { diagnoses } = await diagnoseNow();
    expect(causes(diagnoses)).toEqual(['trigger-not-firing/function-name-mismatch']);
    expect(diagnoses[0].message.en).toContain('calls image_processor');
    await fixAndRecheck(diagnoses);
    const now = await ctx.aws.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: BUCKET }));
    expect((now.LambdaFunctionConfigurations ?? []).map((c) => c.LambdaFunctionArn)).toEqual([ARN]);
  }, 120_000);

  it('permission-missing: removed; the fix adds it back (remove + add)', async () => {
    await ctx.aws.lambda.send(new RemovePermissionCommand({ FunctionName: NAME, StatementId: 's3-trigger' }));
    const { diagnoses } = await diagnoseNow();
    expect(causes(diagnoses)).toEqual(['trigger-not-firing/permission-missing']);
    expect(diagnoses[0].fixes[0].command).toBe(
      'awslocal lambda remove-permission --function-name image-processor --statement-id s3-trigger; awslocal lambda add-permission --function-name image-processor --statement-id s3-trigger --action lambda:InvokeFunction --principal s3.amazonaws.com --source-arn arn:aws:s3:::product-images',
    );
    await fixAndRecheck(diagnoses);
  }, 120_000);

  it('permission-wrong-source: the statement names another bucket', async () => {
    await ctx.aws.lambda.send(new RemovePermissionCommand({ FunctionName: NAME, StatementId: 's3-trigger' }));
    await ctx.aws.lambda.send(new AddPermissionCommand({
      FunctionName: NAME, StatementId: 's3-trigger', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::product-imagez',
    }));
    const { diagnoses } = await diagnoseNow();
    expect(causes(diagnoses)).toEqual(['trigger-not-firing/permission-wrong-source']);
    expect(diagnoses[0].message.en).toContain('only from arn:aws:s3:::product-imagez');
    await fixAndRecheck(diagnoses);
  }, 120_000);

  it('permission and notification both wrong: two diagnoses, the permission fixed first so the notification can be set', async () => {
    await putNotification([]);
    await ctx.aws.lambda.send(new RemovePermissionCommand({ FunctionName: NAME, StatementId: 's3-trigger' }));
    const { diagnoses } = await diagnoseNow();
    expect(causes(diagnoses)).toEqual(['trigger-not-firing/permission-missing', 'trigger-not-firing/no-notification']);
    await fixAndRecheck(diagnoses);
  }, 120_000);

  it('function-failing: notification and permission are right but the function throws: said to be lambda-not-executing, diagnosed too', async () => {
    await ctx.aws.lambda.send(new UpdateFunctionCodeCommand({
      FunctionName: NAME,
      ZipFile: zipSync({ 'index.js': strToU8("exports.handler = async () => { throw new Error('processing exploded'); };\n") }),
    }));
    await waitUntilFunctionUpdatedV2({ client: ctx.aws.lambda, maxWaitTime: 60 }, { FunctionName: NAME });
    // Only the trigger check: here the function's own failure is seen through S3, not through check 4.
    const results = await runChecks(ctx, ['localstack-running', 'trigger-fires']);
    expect(results.map((r) => r.status)).toEqual(['pass', 'fail']);
    const diagnoses = await diagnose(ctx, results, { env: { PATH: '/usr/bin:/bin' } });
    expect(causes(diagnoses)).toEqual(['trigger-not-firing/function-failing', 'lambda-not-executing/function-error']);
    expect(diagnoses[0].message.en).toContain('lambda-not-executing');
    expect(en(diagnoses[0].evidence.find((e) => en(e.label) === 'logs /aws/lambda/image-processor')?.value)).toContain('processing exploded');
    expect(diagnoses[1].message.en).toContain('processing exploded');
    await fixAndRecheck(diagnoses);
  }, 180_000);
});
