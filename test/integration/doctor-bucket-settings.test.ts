// doctor names a bucket setting of step 2 that is missing (not one of the three common problems),
// shows the command that sets it, and with --fix sets it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CreateBucketCommand, DeleteBucketPolicyCommand, GetBucketCorsCommand, PutBucketPolicyCommand } from '@aws-sdk/client-s3';
import { loadDefaultLesson, type Lesson } from '../../src/lesson/index.js';
import { adviseBucketSettings } from '../../src/troubleshoot/rules/bucket-settings.js';
import type { CheckResult } from '../../src/checks/result.js';
import type { CheckContext } from '../../src/checks/context.js';
import { runCli } from '../helpers/cli.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { contextFor } from '../helpers/lesson-context.js';

const failed = (id: string): CheckResult => ({ id, title: { en: id, ja: id }, status: 'fail', message: { en: '', ja: '' }, evidence: [], durationMs: 0 });

describe('doctor: the bucket’s CORS rules and policy', () => {
  let lesson: Lesson;
  let endpoint: TestEndpoint;
  let ctx: CheckContext;

  beforeAll(async () => {
    lesson = await loadDefaultLesson();
    endpoint = await startTestEndpoint();
    ctx = await contextFor(lesson, endpoint.url, tempDir('st-state-'));
    await ctx.aws.s3.send(new CreateBucketCommand({ Bucket: 'product-images' }));
    await ctx.aws.s3.send(new PutBucketPolicyCommand({ Bucket: 'product-images', Policy: lesson.resources.bucket.policy.text }));
  });

  afterAll(async () => {
    ctx?.aws.destroy();
    await endpoint?.dispose();
  });

  it('names the missing CORS rules and their command in doctor’s output (text in Japanese, and JSON)', async () => {
    const ja = await runCli(['doctor', '--endpoint', endpoint.url, '--lang', 'ja', '--state-dir', tempDir('st-state-')], { cwd: tempDir('st-cwd-') });
    expect(ja.code).toBe(1);
    expect(ja.stdout).toContain('バケットの設定 (3 つのよくある問題とは別):');
    expect(ja.stdout).toContain('バケット product-images に CORS 設定 (cors.json) がないため');
    expect(ja.stdout).toContain('$ awslocal s3api put-bucket-cors --bucket product-images --cors-configuration file://cors.json');

    const json = await runCli(['doctor', '--endpoint', endpoint.url, '--format', 'json', '--state-dir', tempDir('st-state-')], { cwd: tempDir('st-cwd-') });
    const report = JSON.parse(json.stdout) as { bucketSettings?: { missing: unknown; fix: { id: string } } };
    expect(report.bucketSettings).toMatchObject({ missing: [{ setting: 'cors', state: 'missing' }], fix: { id: 'apply-bucket-settings' } });
  }, 120_000);

  it('its fix applies step 2’s settings; with both in place there is nothing to advise', async () => {
    await ctx.aws.s3.send(new DeleteBucketPolicyCommand({ Bucket: 'product-images' }));
    const advice = await adviseBucketSettings(ctx, [failed('bucket-created')]);
    expect(advice?.wrong).toEqual([
      { setting: 'cors', state: 'missing' },
      { setting: 'policy', state: 'missing' },
    ]);
    expect(advice?.message.en).toContain('has no bucket policy (policy.json), so nobody can open its images by URL');
    expect(advice?.fix.command).toBe(
      'awslocal s3api put-bucket-cors --bucket product-images --cors-configuration file://cors.json && awslocal s3api put-bucket-policy --bucket product-images --policy file://policy.json',
    );
    await advice?.fix.apply(ctx);
    expect((await ctx.aws.s3.send(new GetBucketCorsCommand({ Bucket: 'product-images' }))).CORSRules).toHaveLength(1);
    expect(await adviseBucketSettings(ctx, [failed('bucket-created')])).toBeUndefined();
    expect(await adviseBucketSettings(ctx, [])).toBeUndefined();
  });
});
