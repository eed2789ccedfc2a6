// `init` writes the course's hand scripts; run with Debian's AWS CLI v2 (/usr/bin/aws, no awslocal)
// against the built-in endpoint they do the whole lesson, and `check` then reports seven passes —
// with scripts-clean running those scripts (twice each) instead of the runner's own actions.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadDefaultLesson } from '../../src/lesson/index.js';
import { runChecks } from '../../src/checks/run-checks.js';
import { LESSON_SCRIPTS } from '../../src/scaffold/lesson-scripts.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { contextFor } from '../helpers/lesson-context.js';
import { runCli } from '../helpers/cli.js';
import { words } from '../../src/checks/result.js';

const exec = promisify(execFile);
// /usr/bin first and nothing else that could hold another aws or an awslocal.
const PATH = '/usr/bin:/bin';

async function runScript(project: string, script: string, endpoint: string) {
  try {
    const { stdout, stderr } = await exec('bash', [join(project, 'backend/scripts/aws', script)], {
      cwd: project,
      env: { PATH, HOME: process.env.HOME, AWS_ENDPOINT_URL: endpoint },
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('init and the hand scripts', () => {
  let endpoint: TestEndpoint;
  let project: string;

  beforeAll(async () => {
    endpoint = await startTestEndpoint();
    project = tempDir('st-init-');
  });
  afterAll(async () => endpoint?.dispose());

  it('writes the scripts, JSON files, test image and function source, and never overwrites', async () => {
    writeFileSync(join(project, 'cors.json'), '{"mine": true}\n');
    const first = await runCli(['init', project]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('  + backend/scripts/aws/deploy-lambda.sh');
    expect(first.stdout).toContain('  + lambda/image-processor/src/index.ts');
    expect(first.stdout).toContain('  = cors.json');
    expect(readFileSync(join(project, 'cors.json'), 'utf8')).toBe('{"mine": true}\n');
    for (const script of LESSON_SCRIPTS) {
      const path = join(project, 'backend/scripts/aws', script);
      expect({ script, executable: (statSync(path).mode & 0o111) !== 0 }).toEqual({ script, executable: true });
      expect(readFileSync(path, 'utf8')).toMatch(/^#!\/usr\/bin\/env bash\n[\s\S]*set -euo pipefail/);
    }
    const again = await runCli(['init', project]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('  + ');
    expect(again.stdout).toContain('  = backend/scripts/aws/setup-s3-trigger.sh');
    // Put the lesson's CORS file back so the lesson's bucket check can pass.
    const lesson = await loadDefaultLesson();
    writeFileSync(join(project, 'cors.json'), lesson.resources.bucket.cors.text);
  });

  it('the scripts use /usr/bin/aws (no awslocal here) and do the lesson against the built-in endpoint', async () => {
    const which = await exec('bash', ['-c', 'command -v aws; command -v awslocal || echo none'], { env: { PATH } });
    expect(which.stdout.split('\n').slice(0, 2)).toEqual(['/usr/bin/aws', 'none']);
    for (const script of LESSON_SCRIPTS) {
      const run = await runScript(project, script, endpoint.url);
      expect({ script, code: run.code, stderr: run.code === 0 ? '' : run.stderr + run.stdout }).toEqual({ script, code: 0, stderr: '' });
    }
    const trigger = await runScript(project, 'setup-s3-trigger.sh', endpoint.url);
    expect(trigger.stdout).toContain('the trigger ran: s3://product-images/processed/trigger-test.jpg');
  }, 600_000);

  it('check then reports seven passes, scripts-clean having run each script twice', async () => {
    const run = await runCli(['check', '--endpoint', endpoint.url, '--format', 'json'], { cwd: project, env: { PATH }, timeoutMs: 600_000 });
    const report = JSON.parse(run.stdout);
    const statuses = report.results.map((r: { id: string; status: string; message: string }) => [r.id, r.status, r.status === 'pass' ? '' : r.message]);
    expect(statuses).toEqual(report.results.map((r: { id: string }) => [r.id, 'pass', '']));
    expect(statuses).toHaveLength(7);
    expect(run.code).toBe(0);
    const clean = report.results.find((r: { id: string }) => r.id === 'scripts-clean');
    expect(clean.message).toBe('your 4 scripts in backend/scripts/aws ran twice each without error');
    expect(clean.evidence.map((e: { label: string }) => e.label)).toEqual(
      LESSON_SCRIPTS.flatMap((s) => [`backend/scripts/aws/${s} (run 1)`, `backend/scripts/aws/${s} (run 2)`]),
    );
  }, 600_000);

  it('scripts-clean fails, naming the script, when a script cannot be run a second time', async () => {
    const other = tempDir('st-init-bad-');
    mkdirSync(join(other, 'backend/scripts/aws'), { recursive: true });
    // Not idempotent: add-permission with a statement id that exists fails the second time.
    writeFileSync(
      join(other, 'backend/scripts/aws/setup-s3-trigger.sh'),
      [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        'export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1',
        `aws --endpoint-url "$AWS_ENDPOINT_URL" lambda add-permission --function-name image-processor --statement-id once-only --action lambda:InvokeFunction --principal s3.amazonaws.com --source-arn arn:aws:s3:::product-images`,
        '',
      ].join('\n'),
    );
    const lesson = await loadDefaultLesson();
    const ctx = await contextFor(lesson, endpoint.url, tempDir('st-state-'), { cwd: other });
    const savedPath = process.env.PATH;
    process.env.PATH = PATH;
    try {
      const [result] = await runChecks(ctx, ['scripts-clean']);
      expect(result.status).toBe('fail');
      expect(result.message.en).toMatch(/^backend\/scripts\/aws\/setup-s3-trigger\.sh exited with \d+ when run a second time \(it must be safe to re-run\)\.$/);
      expect(result.evidence.map((e) => words('en', e.label))).toEqual([
        'backend/scripts/aws/setup-s3-trigger.sh (run 1)',
        'backend/scripts/aws/setup-s3-trigger.sh (run 2)',
      ]);
      expect(words('en', result.evidence[1].value)).toContain('ResourceConflictException');
    } finally {
      process.env.PATH = savedPath;
      ctx.aws.destroy();
    }
  }, 120_000);
});
