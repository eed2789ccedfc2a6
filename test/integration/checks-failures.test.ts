// Each of the seven checks made to fail for real against the built-in endpoint, then repaired by
// re-running the step that makes what was broken.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DeleteBucketCorsCommand, DeleteBucketPolicyCommand, DeleteObjectCommand, ListObjectsV2Command, PutBucketNotificationConfigurationCommand, PutObjectCommand,
} from '@aws-sdk/client-s3';
import { DeleteFunctionCommand, RemovePermissionCommand, UpdateFunctionCodeCommand, waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda';
import { zipSync, strToU8 } from 'fflate';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import { CHECKS, runChecks } from '../../src/checks/run-checks.js';
import { runCheck } from '../../src/checks/define.js';
import type { CheckId } from '../../src/lesson/index.js';
import { contextFor, startLessonHarness, type LessonHarness } from '../helpers/lesson-context.js';

describe('every check fails for real when what it checks is broken', () => {
  let h: LessonHarness;
  const bucket = 'product-images';
  const check = (id: CheckId, ctx = h.ctx) => runCheck(CHECKS[id], ctx);
  const redo = async (...actions: (keyof typeof STEP_ACTIONS)[]) => {
    for (const action of actions) await STEP_ACTIONS[action](h.ctx);
  };

  beforeAll(async () => {
    h = await startLessonHarness();
    for (const step of h.lesson.steps) await STEP_ACTIONS[step.action](h.ctx);
    const all = await runChecks(h.ctx, h.lesson.checks.map((c) => c.id));
    expect(all.map((r) => [r.id, r.status])).toEqual(h.lesson.checks.map((c) => [c.id, 'pass']));
  }, 300_000);
  afterAll(async () => h?.dispose());

  it('localstack-running fails with nothing listening, and the others report error (could not check), not fail', async () => {
    const down = await contextFor(h.lesson, 'http://127.0.0.1:9', h.stateDir);
    const results = await runChecks(down, h.lesson.checks.map((c) => c.id));
    down.aws.destroy();
    expect(results[0]).toMatchObject({ id: 'localstack-running', status: 'fail', problem: 'localstack-not-starting' });
    expect(results[0].message.en).toContain('Nothing answers');
    expect(results.slice(1).map((r) => r.status)).toEqual(Array(6).fill('error'));
    expect(results[1].message.en).toContain('could not check');
  });

  it('bucket-created fails without CORS, then without the bucket', async () => {
    await h.ctx.aws.s3.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    const noCors = await check('bucket-created');
    expect(noCors.status).toBe('fail');
    expect(noCors.message.en).toContain('no CORS rules');
    expect(noCors.message.en).toContain('Fix: awslocal s3api put-bucket-cors --bucket product-images --cors-configuration file://cors.json');
    await h.ctx.aws.s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    const neither = await check('bucket-created');
    expect(neither.message.en).toContain('has no bucket policy (policy.json), so nobody can open its images by URL');
    expect(neither.message.ja).toContain('バケットポリシー (policy.json) がないため');
    expect(neither.message.ja).toContain('awslocal s3api put-bucket-policy --bucket product-images --policy file://policy.json');
    await redo('create-bucket');
    expect((await check('bucket-created')).status).toBe('pass');

    const other = await contextFor({ ...h.lesson, resources: { ...h.lesson.resources, bucket: { ...h.lesson.resources.bucket, name: 'no-such-bucket-here' } } }, h.endpoint.url, h.stateDir);
    const missing = await check('bucket-created', other);
    other.aws.destroy();
    expect(missing.status).toBe('fail');
    expect(missing.message.en).toContain('Bucket no-such-bucket-here does not exist');
    expect(missing.evidence[0]).toEqual({ label: 'HeadBucket', value: '404 Not Found' });
  });

  it('function-invocable fails when the handler throws, showing its error and log tail', async () => {
    const throwing = zipSync({ 'index.js': strToU8("exports.handler = async () => { console.log('about to fail'); throw new TypeError('boom from the test'); };\n") });
    await h.ctx.aws.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'image-processor', ZipFile: throwing }));
    await waitUntilFunctionUpdatedV2({ client: h.ctx.aws.lambda, maxWaitTime: 30 }, { FunctionName: 'image-processor' });
    const result = await check('function-invocable');
    expect(result).toMatchObject({ status: 'fail', problem: 'lambda-not-executing' });
    expect(result.message.en).toContain('TypeError: boom from the test');
    expect(result.evidence.find((e) => e.label === 'log tail')?.value).toContain('about to fail');

    await redo('deploy-function');
    expect((await check('function-invocable')).status).toBe('pass');
  }, 120_000);

  it('trigger-fires fails without the notification, with a .JPG suffix, and without the permission', async () => {
    await h.ctx.aws.s3.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket, NotificationConfiguration: {} }));
    const none = await check('trigger-fires');
    expect(none).toMatchObject({ status: 'fail', problem: 'trigger-not-firing' });
    expect(none.evidence.find((e) => e.label === 'notification')?.value).toBe('none');

    await h.ctx.aws.s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [{
          LambdaFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:image-processor',
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.JPG' }] } },
        }],
      },
    }));
    const upper = await check('trigger-fires');
    expect(upper.status).toBe('fail');
    expect(upper.evidence.find((e) => e.label === 'notification')?.value).toContain('suffix ".JPG"');
    await redo('configure-trigger');
    expect((await check('trigger-fires')).status).toBe('pass');

    await h.ctx.aws.lambda.send(new RemovePermissionCommand({ FunctionName: 'image-processor', StatementId: 's3-trigger' }));
    const noPermission = await check('trigger-fires');
    expect(noPermission.status).toBe('fail');
    expect(noPermission.message.en).toContain('policy does not let s3.amazonaws.com invoke it');
    await redo('configure-trigger');
  }, 120_000);

  it('processed-saved fails when there is no processed copy, and when the copy was not resized', async () => {
    const listed = await h.ctx.aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'processed/' }));
    for (const o of listed.Contents ?? []) await h.ctx.aws.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
    const none = await check('processed-saved');
    expect(none).toMatchObject({ status: 'fail', problem: 'lambda-not-executing' });
    expect(none.message.en).toContain('Nothing under processed/');

    // A "processed" copy that is really the 1600 px original.
    const sharp = (await import('sharp')).default;
    const big = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#3366cc' } }).jpeg().toBuffer();
    // `.jpeg` does not match the trigger's `.jpg` suffix, so nothing overwrites the fake copy.
    await h.ctx.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'big.jpeg', Body: big }));
    await h.ctx.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'processed/big.jpeg', Body: big, Metadata: { 'processed-by': 'not-really' } }));
    const unresized = await check('processed-saved');
    expect(unresized.status).toBe('fail');
    expect(unresized.message.en).toContain('more than the 800 px cap');
    await h.ctx.aws.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'processed/big.jpeg' }));
    await redo('invoke-function');
    expect((await check('processed-saved')).status).toBe('pass');
  }, 120_000);

  it('function-deployed fails when the function is gone', async () => {
    await h.ctx.aws.lambda.send(new DeleteFunctionCommand({ FunctionName: 'image-processor' }));
    const gone = await check('function-deployed');
    expect(gone).toMatchObject({ status: 'fail', problem: 'lambda-not-executing' });
    expect(gone.message.en).toContain('Function image-processor does not exist');
    expect(gone.evidence[0].value).toContain('ResourceNotFoundException');
    await redo('deploy-function');
    expect((await check('function-deployed')).status).toBe('pass');
  }, 120_000);

  it('scripts-clean fails when a step cannot be re-run (the function source is missing)', async () => {
    const broken = { ...h.ctx, functionDir: '/nonexistent/function-dir' };
    const result = await runCheck(CHECKS['scripts-clean'], broken);
    expect(result.status).toBe('fail');
    expect(result.message.en).toContain('--function-dir');
  }, 120_000);

  it('--read-only skips the checks that write, saying why', async () => {
    const results = await runChecks({ ...h.ctx, readOnly: true }, h.lesson.checks.map((c) => c.id));
    const skipped = results.filter((r) => r.status === 'skip');
    expect(skipped.map((r) => r.id)).toEqual(['function-invocable', 'trigger-fires', 'scripts-clean']);
    expect(skipped[0].message.en).toContain('--read-only');
    expect(results.filter((r) => r.status !== 'skip').map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });
});

describe('processed-saved without the bucket', () => {
  it('fails (the learner has not made the bucket), it does not report "could not check"', async () => {
    const h = await startLessonHarness();
    try {
      const result = await runCheck(CHECKS['processed-saved'], h.ctx);
      expect(result.status).toBe('fail');
      expect(result.message.en).toContain('Bucket product-images does not exist');
      expect(result.evidence[0]).toEqual({ label: 'ListObjectsV2', value: '404 NoSuchBucket' });
    } finally {
      await h.dispose();
    }
  });
});
