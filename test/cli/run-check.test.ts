// The lesson end to end through the built CLI with --embedded: run --all from an empty state dir,
// check in JSON (validated against the committed schema), a second run that finds it all done,
// and the usage and endpoint-down paths with their exit codes.
import { afterAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/endpoint.js';
import { unusedPort } from '../helpers/ports.js';
import { schemaValidator } from '../helpers/schemas.js';

const validate = schemaValidator('check-report');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));


describe('run and check through the CLI', () => {
  it('run --all --embedded completes the lesson; check reports seven passes; a second run finds it all done', async () => {
    const state = tempDir();
    dirs.push(state);
    // --embedded serves on the endpoint's address: a free port, never 4566 (other tests run at the same time).
    const at = ['--endpoint', `http://127.0.0.1:${await unusedPort()}`];
    const first = await runCli(['run', '--all', '--embedded', ...at, '--state-dir', state], { cwd: state, timeoutMs: 240_000 });
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('Built-in endpoint started') });
    for (const step of ['localstack', 'bucket', 'function', 'deploy', 'invoke', 'trigger']) expect(first.stdout).toContain(`] ${step} — `);
    expect(first.stdout).toContain('+ created bucket product-images');
    expect(first.stdout).toContain('The lesson is complete');
    expect(first.stdout.trimEnd().split('\n').at(-1)).toBe('7 passed, 0 failed');

    const check = await runCli(['check', '--embedded', ...at, '--format', 'json', '--state-dir', state], { cwd: state, timeoutMs: 240_000 });
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.results.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      ['localstack-running', 'pass'], ['bucket-created', 'pass'], ['function-deployed', 'pass'], ['function-invocable', 'pass'],
      ['trigger-fires', 'pass'], ['processed-saved', 'pass'], ['scripts-clean', 'pass'],
    ]);
    expect(report.summary).toEqual({ passed: 7, failed: 0, skipped: 0, errors: 0 });

    const second = await runCli(['run', '--all', '--embedded', ...at, '--state-dir', state], { cwd: state, timeoutMs: 240_000 });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('bucket product-images already exists (already done)');
    expect(second.stdout).toContain('code unchanged (same CodeSha256)');
    expect(second.stdout).not.toContain('+ created bucket');

    // list establishes from the endpoint: it needs it too.
    const list = await runCli(['list', '--embedded', '--state-dir', state], { cwd: state });
    expect(list.stdout).toContain('6/6 steps done');

    const junit = await runCli(['check', '--embedded', ...at, '--read-only', '--format', 'junit', '--state-dir', state], { cwd: state, timeoutMs: 120_000 });
    expect(junit.code).toBe(0);
    expect(XMLValidator.validate(junit.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junit.stdout);
    expect(doc.testsuites.testsuite.testcase).toHaveLength(7);
    expect(doc.testsuites.skipped).toBe('3');
  }, 600_000);

  it('run --step deploy from nothing says which step to do first (exit 1)', async () => {
    const state = tempDir();
    dirs.push(state);
    const run = await runCli(['run', '--step', 'deploy', '--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', state], { cwd: state, timeoutMs: 120_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('needs step 2 (bucket) first');
    // The hint in the form this run was started with (node and the path: see test/cli/env-command).
    expect(run.stdout).toContain(`node ${CLI} run --step bucket`);
  }, 120_000);

  it('an unknown --step is a usage error listing the valid steps (exit 2), in ja too', async () => {
    const en = await runCli(['run', '--step', 'deploi', '--endpoint', 'http://127.0.0.1:9']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain("Unknown step 'deploi'");
    expect(en.stderr).toContain('1 localstack, 2 bucket, 3 function, 4 deploy, 5 invoke, 6 trigger');
    expect(en.stderr).not.toMatch(/\n\s+at /);
    const ja = await runCli(['run', '--lang', 'ja', '--step', '9', '--endpoint', 'http://127.0.0.1:9']);
    expect(ja.code).toBe(2);
    expect(ja.stderr).toContain("ステップ '9' はありません");
    const badFormat = await runCli(['check', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
  });

  it('with the endpoint down, check 1 fails and the rest report error (exit 1); real AWS is refused (exit 2)', async () => {
    const port = await unusedPort();
    const down = await runCli(['check', '--endpoint', `http://127.0.0.1:${port}`, '--format', 'json']);
    expect(down.code).toBe(1);
    const report = JSON.parse(down.stdout);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.results.map((r: { status: string }) => r.status)).toEqual(['fail', 'error', 'error', 'error', 'error', 'error', 'error']);
    expect(report.results[0].problem).toBe('localstack-not-starting');

    const text = await runCli(['check', '--endpoint', `http://127.0.0.1:${port}`]);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed, 6 could not check');
    expect(text.stdout).toContain('(6 could not be checked: not counted as failed)');

    const aws = await runCli(['check', '--endpoint', 'https://s3.us-east-1.amazonaws.com']);
    expect(aws.code).toBe(2);
    expect(aws.stderr).toContain('--allow-aws');
  }, 60_000);
});
