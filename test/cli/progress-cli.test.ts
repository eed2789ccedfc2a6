// Progress through the built CLI: list establishes from the endpoint configured now (JSON against
// schemas/step-list.schema.json), a progress.json with wrong types is repaired with a warning (never
// a stack trace), reset restarts the lesson's clock, and a failed build leaves no stale artefact.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { unusedPort } from '../helpers/ports.js';
import { schemaValidator } from '../helpers/schemas.js';

const validate = schemaValidator('step-list');
const dirs: string[] = [];
let endpoint: TestEndpoint;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
});
afterAll(async () => {
  await endpoint?.dispose();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function project(progress?: unknown): { cwd: string; state: string } {
  const cwd = tempDir('st-progress-cli-');
  dirs.push(cwd);
  const state = join(cwd, '.serverless-tutorial');
  if (progress !== undefined) {
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, 'progress.json'), typeof progress === 'string' ? progress : JSON.stringify(progress));
  }
  return { cwd, state };
}

const noTrace = (text: string) => expect(text).not.toMatch(/\n\s+at |TypeError/);

describe('list, reset and the build through the CLI', () => {
  it.each([
    ['a step without completedAt', { schemaVersion: 1, lesson: 'serverless-basics', steps: { bucket: { status: 'done' } } }],
    ['completedAt a number', { schemaVersion: 1, lesson: 'serverless-basics', startedAt: '2024-01-01T00:00:00.000Z', steps: { bucket: { status: 'done', completedAt: 1700000000 } } }],
    ['completedAt an object', { schemaVersion: 1, lesson: 'serverless-basics', startedAt: '2024-01-01T00:00:00.000Z', steps: { bucket: { status: 'done', completedAt: {} } } }],
  ])('list repairs a progress.json with wrong types (%s): a warning in ja/en, never a crash', async (_name, content) => {
    const { cwd } = project(content);
    const en = await runCli(['list', '--endpoint', endpoint.url], { cwd });
    expect(en.code).toBe(0);
    noTrace(en.stdout + en.stderr);
    expect(en.stderr).toContain('had values of the wrong type and was left out: ');
    expect(en.stdout).toContain('1/6 steps done');
    const ja = await runCli(['list', '--lang', 'ja', '--endpoint', endpoint.url], { cwd: project(content).cwd });
    expect(ja.code).toBe(0);
    expect(ja.stderr).toContain('不正な値だったため、読み飛ばしました');
  }, 60_000);

  it('list --format json establishes from the endpoint configured now, not the one saved', async () => {
    const dead = `http://127.0.0.1:${await unusedPort()}`;
    const { cwd } = project({
      schemaVersion: 1, lesson: 'serverless-basics', endpoint: dead, startedAt: '2024-01-01T00:00:00.000Z',
      steps: { localstack: { status: 'done', completedAt: '2024-01-01T00:01:00.000Z' }, bucket: { status: 'done', completedAt: '2024-01-01T00:02:00.000Z' } },
    });
    const run = await runCli(['list', '--format', 'json', '--endpoint', endpoint.url], { cwd });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    expect(report.endpoint).toEqual({ url: endpoint.url, kind: 'builtin', source: '--endpoint' });
    expect(report.clock).toEqual({ startedAt: '2024-01-01T00:00:00.000Z' });
    expect(report.steps.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      ['localstack', 'done'], ['bucket', 'not-done'], ['function', 'not-done'], ['deploy', 'not-done'], ['invoke', 'not-done'], ['trigger', 'not-done'],
    ]);
    // progress.json said the bucket was done: the endpoint says otherwise, and wins.
    expect(report.steps[1].cached).toEqual({ status: 'done', establishedAt: '2024-01-01T00:02:00.000Z', completedAt: '2024-01-01T00:02:00.000Z' });
    expect(report.steps[1].message).toMatch(/^Bucket product-images does not exist/);
    expect(report.summary).toEqual({ done: 1, notDone: 5, couldNotCheck: 0 });
    expect(report.next).toBe('bucket');

    // Nothing answering: step 1 is not done, the steps that need the endpoint could not be checked.
    const down = JSON.parse((await runCli(['list', '--format', 'json', '--endpoint', dead], { cwd })).stdout);
    expect(validate(down) ? [] : validate.errors).toEqual([]);
    expect(down.steps.map((s: { status: string }) => s.status)).toEqual(['not-done', 'could-not-check', 'could-not-check', 'could-not-check', 'could-not-check', 'could-not-check']);
    const text = await runCli(['list', '--endpoint', dead], { cwd });
    expect(text.stdout).toContain(`Endpoint: ${dead} (not answering or not recognised; from --endpoint)`);
  }, 60_000);

  it("reset restarts the lesson's clock; reset --step keeps it running", async () => {
    const { cwd, state } = project({ schemaVersion: 2, lesson: 'serverless-basics', startedAt: '2024-01-01T00:00:00.000Z', steps: {}, checks: {} });
    const before = Date.now();
    const run = await runCli(['reset', '--endpoint', endpoint.url], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Progress forgotten: the lesson starts again at step 1, and its clock starts now.');
    const saved = JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8'));
    expect(Date.parse(saved.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    // A later step only: the clock keeps running.
    const partial = await runCli(['reset', '--step', 'trigger', '--endpoint', endpoint.url], { cwd });
    expect(partial.code).toBe(0);
    expect(JSON.parse(readFileSync(join(state, 'progress.json'), 'utf8')).startedAt).toBe(saved.startedAt);
  }, 60_000);

  it('a failed build removes the previous one: nothing reports or deploys it as this build', async () => {
    const { cwd, state } = project();
    const bucket = await runCli(['run', '--step', 'bucket', '--endpoint', endpoint.url], { cwd, timeoutMs: 120_000 });
    expect(bucket.code).toBe(0);
    const built = await runCli(['run', '--step', 'function', '--endpoint', endpoint.url], { cwd, timeoutMs: 240_000 });
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/✓ the runner's build \.serverless-tutorial\/build\/function\.zip \(the only one\): holds index\.js/);
    const zip = join(state, 'build/function.zip');
    expect(existsSync(zip)).toBe(true);

    const failed = await runCli(['run', '--step', 'function', '--function-dir', '/nonexistent', '--endpoint', endpoint.url], { cwd, timeoutMs: 120_000 });
    expect(failed.code).toBe(1);
    noTrace(failed.stdout + failed.stderr);
    expect(failed.stdout).toContain('✗ Could not build the function in /nonexistent');
    expect(failed.stdout).toContain(`✗ the build failed, so there is no new function.zip; the previous build (${zip}) was removed so that nothing deploys it by mistake`);
    expect(failed.stdout).not.toMatch(/✓ .*holds index\.js/);
    expect(existsSync(zip)).toBe(false);
    const list = JSON.parse((await runCli(['list', '--format', 'json', '--endpoint', endpoint.url], { cwd })).stdout);
    expect(list.steps[2]).toMatchObject({ id: 'function', status: 'not-done' });
    expect(list.steps[2].message).toMatch(/^function\.zip has not been built yet/);
  }, 480_000);
});
