// Finding 7 of issue 10: the learner uploads photo.png or photo.JPG with the AWS CLI and nothing
// happens, while every check passes (the checks upload their own well-named .jpg). The doctor
// follows the evidence — the bucket's uploads without a processed copy, the function's log — to
// trigger-not-firing / filter-excludes-upload, naming the keys and the filter. Another prefix in
// the notification is caught the same way.
import { evidenceIn } from '../../src/checks/result.js';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { loadDefaultLesson, type Lesson, type CheckId } from '../../src/lesson/index.js';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import { runChecks } from '../../src/checks/run-checks.js';
import type { CheckContext } from '../../src/checks/context.js';
import { makeTestJpeg, waitForObject } from '../../src/aws/objects.js';
import { applyFixes, diagnose, fixesInOrder } from '../../src/troubleshoot/index.js';
import { contextFor } from '../helpers/lesson-context.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { awsCli, hasAwsCli } from '../helpers/aws-cli.js';
import { runCli } from '../helpers/cli.js';

const CHECKS: CheckId[] = ['localstack-running', 'bucket-created', 'function-deployed', 'function-invocable', 'trigger-fires', 'processed-saved'];
const BUCKET = 'product-images';

(hasAwsCli ? describe : describe.skip)('uploads the notification filter keeps out, found from the evidence', () => {
  let lesson: Lesson;
  let endpoint: TestEndpoint;
  let ctx: CheckContext;
  let work: string;

  /** The learner's own upload, as step 6's text shows it: aws s3 cp (AWS CLI v2). */
  const upload = async (file: string, key: string) => {
    const cp = await awsCli(endpoint.url, ['s3', 'cp', join(work, file), `s3://${BUCKET}/${key}`]);
    expect(cp.code).toBe(0);
  };
  const diagnoseNow = async () => {
    const results = await runChecks(ctx, CHECKS);
    return { results, diagnoses: await diagnose(ctx, results, { env: { PATH: '/usr/bin:/bin' } }) };
  };

  beforeAll(async () => {
    lesson = await loadDefaultLesson();
    work = tempDir('st-doctor-uploads-');
    endpoint = await startTestEndpoint(join(work, 'endpoint'));
    ctx = await contextFor(lesson, endpoint.url, work);
    for (const step of lesson.steps) await STEP_ACTIONS[step.action](ctx);
    const jpeg = await makeTestJpeg(400, 300);
    writeFileSync(join(work, 'photo.JPG'), jpeg);
    writeFileSync(join(work, 'photo.png'), jpeg);
    writeFileSync(join(work, 'cat.jpg'), jpeg);
  }, 300_000);
  afterAll(async () => {
    ctx?.aws.destroy();
    await endpoint?.dispose();
  });

  it('another prefix in the notification: the root upload cat.jpg is named, and notification.json is applied again', async () => {
    await ctx.aws.s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: BUCKET,
      NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: lesson.resources.function.arn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }, { Name: 'suffix', Value: '.jpg' }] } } }] },
    }));
    await upload('cat.jpg', 'cat.jpg');
    const { diagnoses } = await diagnoseNow();
    const filter = diagnoses.find((d) => d.cause === 'filter-excludes-upload');
    expect(filter?.problem).toBe('trigger-not-firing');
    expect(filter?.message.en).toContain('cat.jpg does not start with "uploads/"');
    expect(filter?.evidence.map((e) => evidenceIn('en', e)).find((e) => e.label === 'notification')?.value).toContain('(prefix "uploads/", suffix ".jpg")');
    expect(filter?.fixes.map((f) => f.id)).toEqual(['reapply-notification']);
    await applyFixes(ctx, fixesInOrder(diagnoses));
    // Put the lesson's trigger to work on the learner's file again: a new upload after the fix.
    await upload('cat.jpg', 'cat.jpg');
    expect(await waitForObject(ctx.aws.s3, BUCKET, 'processed/cat.jpg', { deadline: Date.now() + 60_000 })).toBeDefined();
  }, 180_000);

  it('photo.png and photo.JPG: every check passes, yet the doctor names both keys and the .jpg filter; photo.JPG can be copied to photo.jpg', async () => {
    await upload('photo.png', 'photo.png');
    await upload('photo.JPG', 'photo.JPG');
    const { results, diagnoses } = await diagnoseNow();
    expect(results.map((r) => r.status)).toEqual(CHECKS.map(() => 'pass'));
    expect(diagnoses.map((d) => `${d.problem}/${d.cause}`)).toEqual(['trigger-not-firing/filter-excludes-upload']);
    const [d] = diagnoses;
    expect(d.message.en).toContain('2 uploads never ran image-processor: the notification fires only for keys that end in ".jpg"');
    expect(d.message.en).toContain('photo.png ends in ".png", not ".jpg"');
    expect(d.message.en).toContain('photo.JPG ends in ".JPG", not ".jpg" (letter case counts)');
    expect(d.message.ja).toContain('photo.JPG の末尾は ".JPG" で、".jpg" ではありません (大文字と小文字は区別されます)');
    expect(d.evidence.map((e) => evidenceIn('en', e)).find((e) => e.label.startsWith('uploads without'))?.value).toMatch(/photo\.(png|JPG)[\s\S]*photo\.(png|JPG)/);
    expect(d.evidence.map((e) => evidenceIn('en', e)).find((e) => e.label === 'logs /aws/lambda/image-processor')?.value).toBe('no line names these keys: the function was never called for them');
    expect(d.fixes.map((f) => [f.id, f.command])).toEqual([['copy-to-matching-key', 'awslocal s3 cp "s3://product-images/photo.JPG" "s3://product-images/photo.jpg"']]);

    // The fix copies it to a name the filter passes: the trigger runs for the copy.
    const { applied } = await applyFixes(ctx, d.fixes);
    expect(applied.map((a) => a.outcome)).toEqual(['applied']);
    expect(await waitForObject(ctx.aws.s3, BUCKET, 'processed/photo.jpg', { deadline: Date.now() + 60_000 })).toBeDefined();
    const again = await diagnoseNow();
    expect(again.diagnoses).toHaveLength(1);
    expect(again.diagnoses[0].message.en).toContain('An upload never ran image-processor');
    expect(again.diagnoses[0].message.en).toContain('photo.png');
    expect(again.diagnoses[0].message.en).not.toContain('photo.JPG');
    expect(again.diagnoses[0].fixes).toEqual([]);
  }, 180_000);

  it('doctor in Japanese no longer says no known problem was found', async () => {
    const run = await runCli(['doctor', '--lang', 'ja', '--endpoint', endpoint.url, '--state-dir', work], { cwd: work, timeoutMs: 240_000 });
    expect(run.stdout).not.toContain('既知の問題は見つかりませんでした');
    expect(run.stdout).toContain('[trigger-not-firing / filter-excludes-upload]');
    expect(run.stdout).toContain('photo.png の末尾は ".png" で、".jpg" ではありません');
  }, 300_000);
});
