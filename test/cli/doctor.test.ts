// `serverless-tutorial doctor` through the built CLI, as a learner runs it (no TTY): JSON
// diagnoses, --fix refusing without --yes, --fix --yes bringing every check back to green (the
// built-in endpoint stopped; a broken trigger and environment), and --report with secrets redacted.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { RemovePermissionCommand, UpdateFunctionCodeCommand, UpdateFunctionConfigurationCommand, waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { loadDefaultLesson } from '../../src/lesson/index.js';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import { startEndpoint } from '../../src/endpoint/server.js';
import { contextFor } from '../helpers/lesson-context.js';
import { tempDir } from '../helpers/endpoint.js';
import { CLI, runCli } from '../helpers/cli.js';
import { unusedPort } from '../helpers/ports.js';
import { schemaValidator } from '../helpers/schemas.js';

// doctor's JSON is a check report (schemas/check-report.schema.json) with diagnoses added.
const validateCheckReport = schemaValidator('check-report');

const STANDIN_DIR = fileURLToPath(new URL('../fixtures/docker/', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));


function state(): string {
  const dir = tempDir('st-doctor-cli-');
  dirs.push(dir);
  return dir;
}

/** The whole lesson done against a built-in endpoint on <dir>/endpoint, which keeps running. */
async function lessonDone(dir: string) {
  const lesson = await loadDefaultLesson();
  const endpoint = await startEndpoint({ dataDir: join(dir, 'endpoint'), host: '127.0.0.1', port: 0 });
  const ctx = await contextFor(lesson, endpoint.url, dir);
  for (const step of lesson.steps) await STEP_ACTIONS[step.action](ctx);
  return { lesson, endpoint, ctx };
}

describe('doctor', () => {
  it('--format json: the check report plus diagnoses with their fixes (nothing listening, no Docker)', async () => {
    const dir = state();
    const port = await unusedPort();
    const run = await runCli(['doctor', '--format', 'json', '--endpoint', `http://127.0.0.1:${port}`, '--state-dir', dir], { cwd: dir, env: { PATH: '/nonexistent' } });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(validateCheckReport(report) ? [] : validateCheckReport.errors).toEqual([]);
    expect(report.tool).toBe('serverless-tutorial');
    // Nothing answers: every check but the first could not run.
    expect(report.results.map((r: { status: string }) => r.status)).toEqual(['fail', 'error', 'error', 'error', 'error', 'error', 'error']);
    expect(report.diagnoses).toEqual([
      {
        problem: 'localstack-not-starting',
        cause: 'docker-missing',
        title: 'Docker (the engine) is not installed or not running',
        message: expect.stringContaining('Docker is not installed here'),
        evidence: expect.arrayContaining([{ label: 'docker', value: 'docker: not found on PATH' }]),
        checks: ['localstack-running'],
        // Finding 4 of issue 10: the fix starts the built-in endpoint on the learner's port, not 4566.
        fixes: [{ id: 'start-builtin-endpoint', title: `Start the built-in endpoint on port ${port} (no Docker needed)`, command: `node ${CLI} endpoint --port ${port}`, changes: 'none' }],
      },
    ]);
  }, 60_000);

  it('a stopped `endpoint --port N`: the diagnosis is titled with port N, in Japanese too, and its fix serves on N (finding 4)', async () => {
    const dir = state();
    const port = await unusedPort();
    // The built-in endpoint was used here before (its data is there), Docker's engine is down.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'endpoint'), { recursive: true });
    const run = await runCli(['doctor', '--lang', 'ja', '--endpoint', `http://127.0.0.1:${port}`, '--state-dir', dir], {
      cwd: dir,
      env: { PATH: `${STANDIN_DIR}:/usr/bin:/bin`, STANDIN_DOCKER_SCENARIO: 'engine-down' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`LocalStack が起動しない — ${port} 番ポートで何も待ち受けていない  [localstack-not-starting / nothing-listening]`);
    expect(run.stdout).toContain(`修正 start-builtin-endpoint: ポート ${port} で内蔵エンドポイントを起動する (Docker 不要)`);
    expect(run.stdout).toContain(`$ node ${CLI} endpoint --port ${port}`);
    expect(run.stdout).not.toContain('4566 番ポート');
  }, 60_000);

  it('--fix without --yes and without a terminal refuses before changing anything (exit 2)', async () => {
    const dir = state();
    const compose = 'services:\n  localstack:\n    image: localstack/localstack:latest\n';
    writeFileSync(join(dir, 'docker-compose.yml'), compose);
    // The stand-in docker reports the exit-55 container, whose fixes change the compose file.
    const run = await runCli(['doctor', '--fix', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', join(dir, 'state')], {
      cwd: dir,
      env: { PATH: `${STANDIN_DIR}:/usr/bin:/bin`, STANDIN_DOCKER_SCENARIO: 'exited-55' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('run again with --yes');
    expect(run.stdout).toContain('requires-account');
    expect(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')).toBe(compose);
  }, 60_000);

  it('--fix --yes: the built-in endpoint was stopped (nothing-listening); it is started again and all seven checks pass', async () => {
    const dir = state();
    const { endpoint, ctx } = await lessonDone(dir);
    ctx.aws.destroy();
    await endpoint.close();
    const run = await runCli(['doctor', '--fix', '--yes', '--lang', 'en', '--endpoint', endpoint.url, '--state-dir', dir], {
      cwd: dir,
      env: { PATH: `${STANDIN_DIR}:/usr/bin:/bin`, STANDIN_DOCKER_SCENARIO: 'engine-down' },
      timeoutMs: 240_000,
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Preparation (for information; nothing here is required):');
    // Finding 4 of issue 10: the title names the learner's port, and the fix restarts on that address.
    const port = new URL(endpoint.url).port;
    expect(run.stdout).toContain(`1. LocalStack does not start — Nothing is listening on port ${port}  [localstack-not-starting / nothing-listening]`);
    expect(run.stdout).toContain(`$ node ${CLI} endpoint --port ${port}`);
    expect(run.stdout).toContain(`✓ start-builtin-endpoint: started the built-in endpoint at ${endpoint.url} (data: `);
    expect(run.stdout).toContain(`Checklist against ${endpoint.url}`);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('7 passed, 0 failed');
  }, 300_000);

  it('--fix --yes --format json: a wrong BUCKET_NAME, no permission and a .JPG filter, all diagnosed and fixed', async () => {
    const dir = state();
    const { endpoint, ctx } = await lessonDone(dir);
    try {
      await ctx.aws.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'image-processor', Environment: { Variables: { BUCKET_NAME: 'wrong-bucket' } } }));
      await waitUntilFunctionUpdatedV2({ client: ctx.aws.lambda, maxWaitTime: 60 }, { FunctionName: 'image-processor' });
      await ctx.aws.s3.send(new PutBucketNotificationConfigurationCommand({
        Bucket: 'product-images',
        NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: ctx.lesson.resources.function.arn, Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'suffix', Value: '.JPG' }] } } }] },
      }));
      await ctx.aws.lambda.send(new RemovePermissionCommand({ FunctionName: 'image-processor', StatementId: 's3-trigger' }));

      const run = await runCli(['doctor', '--fix', '--yes', '--format', 'json', '--endpoint', endpoint.url, '--state-dir', dir], { cwd: dir, timeoutMs: 240_000 });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      const report = JSON.parse(run.stdout);
      expect(validateCheckReport(report) ? [] : validateCheckReport.errors).toEqual([]);
      expect(report.diagnoses.map((d: { problem: string; cause: string }) => `${d.problem}/${d.cause}`)).toEqual([
        'lambda-not-executing/wrong-bucket-env',
        'trigger-not-firing/permission-missing',
        'trigger-not-firing/filter-excludes-upload',
      ]);
      expect(report.diagnoses[0].fixes).toEqual([{
        id: 'update-function-configuration',
        title: "Restore the lesson's settings: BUCKET_NAME=wrong-bucket → product-images",
        command: 'awslocal lambda update-function-configuration --function-name image-processor --environment "Variables={BUCKET_NAME=product-images}"',
        changes: 'changes',
      }]);
      expect(report.fixes.map((f: { id: string; outcome: string }) => [f.id, f.outcome])).toEqual([
        ['update-function-configuration', 'applied'], ['readd-permission', 'applied'], ['reapply-notification', 'applied'],
      ]);
      expect(report.results.map((r: { status: string }) => r.status)).toEqual(Array(7).fill('pass'));
      expect(report.summary).toEqual({ passed: 7, failed: 0, skipped: 0, errors: 0 });
    } finally {
      ctx.aws.destroy();
      await endpoint.close();
    }
  }, 300_000);

  it('--fix --yes: the folder was zipped instead of its contents (handler-not-in-zip); rebuilt, redeployed, all seven pass', async () => {
    const dir = state();
    const { endpoint, ctx } = await lessonDone(dir);
    try {
      await ctx.aws.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'image-processor', ZipFile: zipSync({ 'dist/index.js': strToU8('exports.handler = async () => ({});\n') }) }));
      await waitUntilFunctionUpdatedV2({ client: ctx.aws.lambda, maxWaitTime: 60 }, { FunctionName: 'image-processor' });
      const run = await runCli(['doctor', '--fix', '--yes', '--lang', 'en', '--endpoint', endpoint.url, '--state-dir', dir], { cwd: dir, timeoutMs: 240_000 });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('[lambda-not-executing / handler-not-in-zip]');
      expect(run.stdout).toContain('fix rebuild-redeploy: Rebuild the function and deploy it again (steps 3 and 4) (changes something)');
      // scripts-clean would re-run (and so change) everything: it waits until the others pass.
      expect(run.stdout).toContain('- scripts-clean       not run yet: it re-runs every step');
      expect(run.stdout).toMatch(/✓ rebuild-redeploy: .*uploaded new code/);
      expect(run.stdout).toContain('Checks after the fixes:');
      expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('7 passed, 0 failed');
    } finally {
      ctx.aws.destroy();
      await endpoint.close();
    }
  }, 300_000);

  it('--report FILE: versions, checklist, diagnoses and the function log, with credentials and tokens redacted', async () => {
    const dir = state();
    const { endpoint, ctx } = await lessonDone(dir);
    const token = 'ls-Learner-Token-0123456789';
    try {
      // A function that prints secrets to its log and then fails: they reach the evidence and the log section.
      await ctx.aws.lambda.send(new UpdateFunctionCodeCommand({
        FunctionName: 'image-processor',
        ZipFile: zipSync({
          'index.js': strToU8(`exports.handler = async () => { console.log('LOCALSTACK_AUTH_TOKEN=${token}'); console.log('my key AKIAIOSFODNN7EXAMPLE, secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'); throw new Error('failed on purpose'); };\n`),
        }),
      }));
      await waitUntilFunctionUpdatedV2({ client: ctx.aws.lambda, maxWaitTime: 60 }, { FunctionName: 'image-processor' });
      const reportFile = join(dir, 'doctor-report.md');
      const run = await runCli(['doctor', '--report', reportFile, '--endpoint', endpoint.url, '--state-dir', dir], {
        cwd: dir,
        env: { LOCALSTACK_AUTH_TOKEN: token, AWS_SECRET_ACCESS_KEY: 'Env-Secret-Value-987' },
        timeoutMs: 240_000,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Wrote ${reportFile} (credentials redacted)`);
      const md = readFileSync(reportFile, 'utf8');
      expect(md).toContain('## Versions');
      expect(md).toContain(`| Node.js | ${process.version} |`);
      expect(md).toMatch(/\| AWS CLI \| \d+\.\d+\.\d+ \(\/\S+\/aws\) \|/);
      expect(md).toContain('(built-in endpoint) |');
      expect(md).toContain(`${endpoint.url} (built-in endpoint)`);
      expect(md).toContain('| ✗ fail | function-invocable |');
      expect(md).toContain('(`lambda-not-executing` / `function-error`)');
      expect(md).toContain('failed on purpose');
      expect(md).toContain('## Recent function log (/aws/lambda/image-processor)');
      expect(md).toContain('LOCALSTACK_AUTH_TOKEN=[REDACTED]');
      for (const leaked of [token, 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'Env-Secret-Value-987']) expect(md).not.toContain(leaked);
    } finally {
      ctx.aws.destroy();
      await endpoint.close();
    }
  }, 300_000);
});
