// Progress established from the environment, against the built-in endpoint: step 3 accepts the
// learner's own zip where the lesson's commands put it (and a zip named with --zip, and the
// deployed function's code), names a broken one instead of passing over it, step 4 deploys the
// package step 3 established and says which; read-only establishment (list, the UI's start-up)
// agrees with the writing checklist (check) step by step — after deploying, after breaking the
// function, and for a script that cannot be re-run (remembered from check).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UpdateFunctionConfigurationCommand, waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda';
import { loadDefaultLesson, type Lesson } from '../../src/lesson/index.js';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import { runChecks } from '../../src/checks/run-checks.js';
import type { CheckContext } from '../../src/checks/context.js';
import type { CheckResult } from '../../src/checks/result.js';
import { zipPathOf } from '../../src/steps/build-function.js';
import { verifyBuild } from '../../src/steps/build-verdict.js';
import { StepFailure } from '../../src/steps/context.js';
import { establishCovered, establishSteps } from '../../src/progress/establish.js';
import { ProgressStore } from '../../src/progress/store.js';
import { rememberChecks } from '../../src/steps/flow.js';
import { contextFor } from '../helpers/lesson-context.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';

describe('progress from the environment', () => {
  let lesson: Lesson;
  let endpoint: TestEndpoint;
  let project: string;
  let ctx: CheckContext;
  let builtZip: Buffer;
  const own = () => join(project, 'lambda/image-processor/function.zip');

  beforeAll(async () => {
    lesson = await loadDefaultLesson();
    project = tempDir('st-establish-');
    endpoint = await startTestEndpoint(join(project, '.serverless-tutorial/endpoint'));
    ctx = await contextFor(lesson, endpoint.url, join(project, '.serverless-tutorial'), { cwd: project });
    await STEP_ACTIONS['create-bucket'](ctx);
    // A package as the learner's own build would be, where the lesson's commands put it.
    await STEP_ACTIONS['build-function'](ctx);
    builtZip = readFileSync(zipPathOf(ctx));
    rmSync(zipPathOf(ctx));
    mkdirSync(dirname(own()), { recursive: true });
    writeFileSync(own(), builtZip);
  }, 180_000);
  afterAll(async () => {
    ctx?.aws.destroy();
    await endpoint?.dispose();
    rmSync(project, { recursive: true, force: true });
  });

  const statuses = async (readOnly = true) => (await establishSteps({ ...ctx, readOnly }, new ProgressStore(ctx.stateDir).load(lesson.id).progress)).steps.map((s) => [s.step.id, s.status]);

  /** What check's results say of each step, beside what read-only establishment says. */
  const agreement = async () => {
    const listed = await statuses();
    const results: CheckResult[] = await runChecks({ ...ctx, readOnly: false }, lesson.checks.map((c) => c.id));
    const checked = establishCovered(lesson, results, await verifyBuild(ctx)).map((s) => [s.step.id, s.status]);
    return { listed, checked, results };
  };

  it('accepts the zip at lambda/image-processor/function.zip for step 3, and step 4 deploys it, saying which', async () => {
    const verdict = await verifyBuild(ctx);
    expect(verdict.ok).toBe(true);
    expect(verdict.package).toMatchObject({ origin: 'working-directory', shown: 'lambda/image-processor/function.zip', reason: 'only' });
    expect(verdict.message.en).toMatch(/^your zip lambda\/image-processor\/function\.zip \(the only one\): holds index\.js with the handler's export and sharp [\d.]+ for this machine/);
    expect(verdict.message.ja).toContain('あなたの zip lambda/image-processor/function.zip');
    const deployed = await STEP_ACTIONS['deploy-function'](ctx);
    expect(deployed.changes.map((c) => c.note.en)).toContain('created function image-processor from your zip lambda/image-processor/function.zip (the only one) and it is Active');
  }, 120_000);

  it("accepts the deployed function's code (read through Code.Location) when no zip is here", async () => {
    renameSync(own(), `${own()}.away`);
    try {
      const verdict = await verifyBuild(ctx);
      expect(verdict.ok).toBe(true);
      expect(verdict.package).toMatchObject({ origin: 'deployed', reason: 'deployed' });
      expect(verdict.message.en).toMatch(/^the deployed function's code \(it is what is deployed\): holds index\.js/);
    } finally {
      renameSync(`${own()}.away`, own());
    }
  }, 60_000);

  it('names a broken zip of the learner instead of passing over it, and never deploys one', async () => {
    // The runner's build (what is deployed) and, newer, the learner's zip of the dist folder itself.
    mkdirSync(dirname(zipPathOf(ctx)), { recursive: true });
    writeFileSync(zipPathOf(ctx), builtZip);
    const broken = join(project, 'broken');
    mkdirSync(join(broken, 'dist'), { recursive: true });
    execFileSync('unzip', ['-q', own(), '-d', join(broken, 'dist')]);
    execFileSync('zip', ['-qr', join(broken, 'function.zip'), 'dist'], { cwd: broken });
    const verdict = await verifyBuild({ ...ctx, zip: 'broken/function.zip' });
    expect(verdict.ok).toBe(true);
    expect(verdict.package).toMatchObject({ origin: 'working-directory', reason: 'deployed' });
    expect(verdict.message.en).toContain('. Also found broken/function.zip, not used: index.js is under dist/');
    // Step 4 deploys the named package or none: it does not fall back to another.
    const failure = await STEP_ACTIONS['deploy-function']({ ...ctx, zip: 'broken/function.zip' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StepFailure);
    expect((failure as StepFailure).text.en).toMatch(/^Not deploying the zip you named \(--zip\) broken\/function\.zip \(you named it\): it cannot run as the function: index\.js is under dist\/, but the handler index\.handler needs it at the top of the zip: zip from inside dist/);
    // Without --zip, step 4 deploys the newest package that holds, and says so.
    utimesSync(zipPathOf(ctx), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    copyFileSync(own(), `${own()}.good`);
    copyFileSync(join(broken, 'function.zip'), own());
    try {
      const deployed = await STEP_ACTIONS['deploy-function'](ctx);
      expect(deployed.changes.map((c) => c.note.en)).toContain("code unchanged (same CodeSha256): not uploaded again (the runner's build .serverless-tutorial/build/function.zip (the newest that holds))");
    } finally {
      renameSync(`${own()}.good`, own());
    }
    // A --zip that names nothing is said, not passed over.
    const missing = await verifyBuild({ ...ctx, zip: 'nope/function.zip' });
    expect(missing.ok).toBe(false);
    expect(missing.message.en).toBe(`the zip you named (--zip nope/function.zip) does not exist (${join(project, 'nope/function.zip')})`);
    rmSync(zipPathOf(ctx));
  }, 120_000);

  it('list and check agree after deploying, and after breaking the function', async () => {
    const afterDeploy = await agreement();
    expect(afterDeploy.listed).toEqual([['localstack', 'done'], ['bucket', 'done'], ['function', 'done'], ['deploy', 'done'], ['invoke', 'not-done'], ['trigger', 'not-done']]);
    expect(afterDeploy.checked).toEqual(afterDeploy.listed);

    await ctx.aws.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'image-processor', Handler: 'dist/index.handler' }));
    await waitUntilFunctionUpdatedV2({ client: ctx.aws.lambda, maxWaitTime: 60 }, { FunctionName: 'image-processor' });
    const broken = await agreement();
    expect(broken.results.find((r) => r.id === 'function-deployed')?.status).toBe('fail');
    expect(broken.listed).toEqual([['localstack', 'done'], ['bucket', 'done'], ['function', 'done'], ['deploy', 'not-done'], ['invoke', 'not-done'], ['trigger', 'not-done']]);
    expect(broken.checked).toEqual(broken.listed);

    await STEP_ACTIONS['deploy-function'](ctx);
  }, 240_000);

  it('steps 5 and 6 done by the runner are established read-only from what they left; a script check remembered from check counts', async () => {
    await STEP_ACTIONS['invoke-function'](ctx);
    await STEP_ACTIONS['configure-trigger'](ctx);
    const done = await agreement();
    expect(done.listed).toEqual(lesson.steps.map((s) => [s.id, 'done']));
    expect(done.checked).toEqual(done.listed);
    const readOnly = await establishSteps({ ...ctx, readOnly: true }, undefined);
    const invoke = readOnly.steps.find((s) => s.step.id === 'invoke')!;
    expect(invoke.checks.find((c) => c.id === 'function-invocable')).toMatchObject({ status: 'pass', basis: 'evidence' });
    expect(invoke.checks.find((c) => c.id === 'function-invocable')?.message.en).toMatch(/^processed\/test\.jpg was written by image-processor at .+, after its last change$/);
    const trigger = readOnly.steps.find((s) => s.step.id === 'trigger')!;
    expect(trigger.checks.find((c) => c.id === 'trigger-fires')?.message.en).toMatch(/^the trigger is set, and processed\/trigger-test-\d+\.jpg shows an upload ran image-processor/);

    // A hand script that cannot run twice: check finds it, and remembers it; list then agrees.
    const script = join(project, 'backend/scripts/aws/create-s3-bucket.sh');
    mkdirSync(dirname(script), { recursive: true });
    writeFileSync(script, `#!/usr/bin/env bash\nset -e\n[ ! -e "${project}/ran-once" ] || { echo "already made" >&2; exit 3; }\ntouch "${project}/ran-once"\n`);
    chmodSync(script, 0o755);
    const store = new ProgressStore(ctx.stateDir);
    const results = await runChecks({ ...ctx, readOnly: false }, lesson.checks.map((c) => c.id));
    expect(results.find((r) => r.id === 'scripts-clean')?.status).toBe('fail');
    await rememberChecks(ctx, store, store.load(lesson.id).progress, results);
    const listed = await establishSteps({ ...ctx, readOnly: true }, store.load(lesson.id).progress);
    const step6 = listed.steps.find((s) => s.step.id === 'trigger')!;
    expect(step6.status).toBe('not-done');
    expect(step6.checks.find((c) => c.id === 'scripts-clean')).toMatchObject({ status: 'fail', basis: 'memo' });
    expect(step6.message.en).toMatch(/^failed when last checked \(.+\) and nothing it tested has changed since: backend\/scripts\/aws\/create-s3-bucket\.sh exited with 3 when run a second time/);
    // Changing the script is a change: the memo no longer applies, and the step counts again.
    writeFileSync(script, '#!/usr/bin/env bash\necho fixed\n');
    expect((await statuses()).at(-1)).toEqual(['trigger', 'done']);
  }, 300_000);
});
