// lambda-not-executing, each cause made to happen for real against the built-in endpoint: the
// diagnosis names problem and cause with evidence, and its fix (applied in-process) brings the
// function's checks back to pass. Also: a check that could not run never leads to a diagnosis.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DeleteFunctionCommand, GetFunctionConfigurationCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2, type Runtime,
} from '@aws-sdk/client-lambda';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { loadDefaultLesson, type Lesson, type CheckId } from '../../src/lesson/index.js';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import { runChecks } from '../../src/checks/run-checks.js';
import type { CheckContext } from '../../src/checks/context.js';
import { zipPathOf } from '../../src/steps/build-function.js';
import { applyFixes, diagnose, fixesInOrder, type Diagnosis } from '../../src/troubleshoot/index.js';
import { contextFor } from '../helpers/lesson-context.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';

const FUNCTION_CHECKS: CheckId[] = ['localstack-running', 'bucket-created', 'function-deployed', 'function-invocable'];
const NAME = 'image-processor';

describe('lambda-not-executing: every cause for real, diagnosed and fixed', () => {
  let lesson: Lesson;
  let endpoint: TestEndpoint;
  let ctx: CheckContext;
  let realZip: Buffer;

  const deployZip = async (files: Zippable) => {
    await ctx.aws.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: NAME, ZipFile: zipSync(files) }));
    await waitUntilFunctionUpdatedV2({ client: ctx.aws.lambda, maxWaitTime: 60 }, { FunctionName: NAME });
  };
  const configure = async (change: { Timeout?: number; Runtime?: Runtime; Environment?: { Variables: Record<string, string> } }) => {
    await ctx.aws.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: NAME, ...change }));
    await waitUntilFunctionUpdatedV2({ client: ctx.aws.lambda, maxWaitTime: 60 }, { FunctionName: NAME });
  };
  const diagnoseNow = async (ids: CheckId[] = FUNCTION_CHECKS) => {
    const results = await runChecks(ctx, ids);
    return { results, diagnoses: await diagnose(ctx, results, { env: { PATH: '/usr/bin:/bin' } }) };
  };
  /** Applies every fix of the diagnoses, then the function's checks must all pass. */
  const fixAndRecheck = async (diagnoses: Diagnosis[]) => {
    const { applied } = await applyFixes(ctx, fixesInOrder(diagnoses));
    expect(applied.map((a) => [a.id, a.outcome])).toEqual(fixesInOrder(diagnoses).map((f) => [f.id, 'applied']));
    const after = await runChecks(ctx, FUNCTION_CHECKS);
    expect(after.map((r) => [r.id, r.status])).toEqual(FUNCTION_CHECKS.map((id) => [id, 'pass']));
  };
  const only = (diagnoses: Diagnosis[]) => {
    expect(diagnoses.map((d) => `${d.problem}/${d.cause}`)).toHaveLength(1);
    return diagnoses[0];
  };

  beforeAll(async () => {
    lesson = await loadDefaultLesson();
    const stateDir = tempDir('st-doctor-fn-');
    endpoint = await startTestEndpoint(join(stateDir, 'endpoint'));
    ctx = await contextFor(lesson, endpoint.url, stateDir);
    for (const step of lesson.steps) await STEP_ACTIONS[step.action](ctx);
    realZip = readFileSync(zipPathOf(ctx));
  }, 300_000);
  afterAll(async () => {
    ctx?.aws.destroy();
    await endpoint?.dispose();
  });

  it('no diagnosis at all when everything passes', async () => {
    const { results, diagnoses } = await diagnoseNow();
    expect(results.every((r) => r.status === 'pass')).toBe(true);
    expect(diagnoses).toEqual([]);
  }, 120_000);

  it('function-error: a handler that throws, with its log tail as evidence; redeploying the lesson function fixes it', async () => {
    await deployZip({ 'index.js': strToU8("exports.handler = async () => { console.log('about to fail'); throw new TypeError('boom from the test'); };\n") });
    const { diagnoses } = await diagnoseNow();
    const d = only(diagnoses);
    expect([d.problem, d.cause]).toEqual(['lambda-not-executing', 'function-error']);
    expect(d.message.en).toContain('TypeError: boom from the test');
    expect(d.evidence.find((e) => e.label === 'log tail')?.value).toContain('about to fail');
    expect(d.checks).toContain('function-invocable');
    expect(d.fixes.map((f) => [f.id, f.impact])).toEqual([['rebuild-redeploy', 'changes']]);
    // The runner commands that do what the fix does (a pasted awslocal update-function-code would
    // upload the learner's own zip, not the one the fix builds).
    expect(d.fixes[0].command).toBe('npx serverless-tutorial run --step function && npx serverless-tutorial run --step deploy');
    await fixAndRecheck(diagnoses);
  }, 180_000);

  it('cannot-reach-s3: a handler that reads S3 from a hard-coded http://localhost:1', async () => {
    await deployZip({
      'index.js': strToU8(
        "const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');\n" +
          "const s3 = new S3Client({ endpoint: 'http://localhost:1', region: 'us-east-1', forcePathStyle: true, maxAttempts: 1 });\n" +
          'exports.handler = async (event) => { const r = event.Records[0].s3; await s3.send(new GetObjectCommand({ Bucket: r.bucket.name, Key: r.object.key })); };\n',
      ),
    });
    const { diagnoses } = await diagnoseNow();
    const d = only(diagnoses);
    expect([d.problem, d.cause]).toEqual(['lambda-not-executing', 'cannot-reach-s3']);
    expect(d.message.en).toMatch(/could not connect to .*:1\b/);
    expect(d.message.en).toContain('AWS_ENDPOINT_URL');
    await fixAndRecheck(diagnoses);
  }, 180_000);

  it('timeout: Timeout 1 with a handler that needs longer; the fix sets the lesson timeout back', async () => {
    // The real function, made slower: its export wrapped in a 1.5 s wait.
    const files = unzipSync(realZip);
    files['index.js'] = strToU8(
      `${strFromU8(files['index.js'])}\n;{ const real = module.exports; module.exports = { handler: async (e, c) => { await new Promise((r) => setTimeout(r, 1500)); return real.handler(e, c); } }; }\n`,
    );
    await deployZip(files);
    await configure({ Timeout: 1 });
    const { diagnoses } = await diagnoseNow();
    const d = only(diagnoses);
    expect([d.problem, d.cause]).toEqual(['lambda-not-executing', 'timeout']);
    expect(d.message.en).toContain('Task timed out after 1.00 seconds');
    expect(d.fixes.map((f) => f.command)).toEqual(['awslocal lambda update-function-configuration --function-name image-processor --timeout 30']);
    await fixAndRecheck(diagnoses);
    const config = await ctx.aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: NAME }));
    expect(config.Timeout).toBe(30);
    await STEP_ACTIONS['deploy-function'](ctx);
  }, 180_000);

  it('handler-not-in-zip: the folder zipped instead of its contents (dist/index.js, no index.js at the top)', async () => {
    await deployZip({ 'dist/index.js': strToU8('exports.handler = async () => "never found";\n') });
    const { diagnoses } = await diagnoseNow();
    const d = only(diagnoses);
    expect([d.problem, d.cause]).toEqual(['lambda-not-executing', 'handler-not-in-zip']);
    expect(d.message.en).toContain('must contain index.js');
    expect(d.evidence.find((e) => e.label.startsWith('deployed zip'))?.value).toContain('dist/index.js');
    await fixAndRecheck(diagnoses);
  }, 180_000);

  it('wrong-bucket-env: BUCKET_NAME points at another bucket; the fix updates the environment', async () => {
    await configure({ Environment: { Variables: { BUCKET_NAME: 'product-imagez' } } });
    const { results, diagnoses } = await diagnoseNow();
    expect(results.find((r) => r.id === 'function-invocable')?.status).toBe('fail');
    const d = only(diagnoses);
    expect([d.problem, d.cause]).toEqual(['lambda-not-executing', 'wrong-bucket-env']);
    expect(d.message.en).toContain('BUCKET_NAME is "product-imagez" (lesson: "product-images")');
    expect(d.fixes[0].command).toBe('awslocal lambda update-function-configuration --function-name image-processor --environment "Variables={BUCKET_NAME=product-images}"');
    await fixAndRecheck(diagnoses);
  }, 180_000);

  it('wrong-runtime: the function set to another runtime than the lesson', async () => {
    await configure({ Runtime: 'nodejs18.x' });
    const { diagnoses } = await diagnoseNow();
    const d = only(diagnoses);
    expect([d.problem, d.cause]).toEqual(['lambda-not-executing', 'wrong-runtime']);
    expect(d.message.en).toContain('runs on nodejs18.x');
    await fixAndRecheck(diagnoses);
  }, 180_000);

  it('sharp-wrong-platform: a zip whose sharp natives are for linux-arm64; the function really fails to load sharp', async () => {
    const files = unzipSync(realZip);
    const renamed: Zippable = {};
    for (const [path, data] of Object.entries(files)) {
      renamed[path.replace('@img/sharp-linux-x64/', '@img/sharp-linux-arm64/').replace('@img/sharp-libvips-linux-x64/', '@img/sharp-libvips-linux-arm64/')] = data;
    }
    await deployZip(renamed);
    const { results, diagnoses } = await diagnoseNow();
    const invocable = results.find((r) => r.id === 'function-invocable');
    expect(invocable?.status).toBe('fail');
    expect(invocable?.message.en).toContain('Could not load the "sharp" module');
    const d = only(diagnoses);
    expect([d.problem, d.cause]).toEqual(['lambda-not-executing', 'sharp-wrong-platform']);
    expect(d.message.en).toContain('sharp for linux-arm64');
    expect(d.fixes.map((f) => f.id)).toEqual(['repackage-sharp']);
    await fixAndRecheck(diagnoses);
  }, 180_000);

  it('a check that could not run (error) never leads to a diagnosis, even with the function really gone', async () => {
    await ctx.aws.lambda.send(new DeleteFunctionCommand({ FunctionName: NAME }));
    const down = await contextFor(lesson, 'http://127.0.0.1:9', ctx.stateDir);
    const results = await runChecks(down, FUNCTION_CHECKS);
    down.aws.destroy();
    const couldNotRun = results.filter((r) => r.status === 'error');
    expect(couldNotRun.map((r) => r.id)).toEqual(['bucket-created', 'function-deployed', 'function-invocable']);
    // The same "could not check" results, diagnosed against the endpoint where the function is missing.
    expect(await diagnose(ctx, couldNotRun, { env: { PATH: '/usr/bin:/bin' } })).toEqual([]);
  }, 120_000);

  it('function-missing: deleted; the fix builds and deploys it again', async () => {
    const { diagnoses } = await diagnoseNow();
    const d = only(diagnoses);
    expect([d.problem, d.cause]).toEqual(['lambda-not-executing', 'function-missing']);
    expect(d.evidence[0].value).toContain('ResourceNotFoundException');
    expect(d.fixes[0].command).toBe('npx serverless-tutorial run --step function && npx serverless-tutorial run --step deploy');
    await fixAndRecheck(diagnoses);
  }, 180_000);
});
