// The function's configuration, changed by hand with the AWS CLI v2 the way a learner would
// (handler, runtime, environment, timeout, memory, role): the troubleshooter's diagnosis carries a
// fix that restores exactly what differs — shown as update-function-configuration with only those
// flags — and "do this step for me" (step 4, `run --step deploy`, `run --all`) converges the same way.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { loadDefaultLesson, type Lesson, type CheckId } from '../../src/lesson/index.js';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import { runChecks } from '../../src/checks/run-checks.js';
import type { CheckContext } from '../../src/checks/context.js';
import { applyFixes, diagnose, fixesInOrder } from '../../src/troubleshoot/index.js';
import { contextFor } from '../helpers/lesson-context.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { awsCli, hasAwsCli } from '../helpers/aws-cli.js';
import { runCli } from '../helpers/cli.js';

const NAME = 'image-processor';
const CHECKS: CheckId[] = ['localstack-running', 'bucket-created', 'function-deployed'];
const FIELDS = ['Runtime', 'Handler', 'Role', 'Timeout', 'MemorySize', 'Environment'] as const;
const OTHER_ROLE = 'arn:aws:iam::000000000000:role/other-role';

interface Drift {
  what: string;
  /** The learner's command, after update-function-configuration --function-name image-processor. */
  flags: string[];
  cause: string;
  /** The fix's flags: only what differs. */
  fixFlags: string;
  /** Step 4's note after "restored the lesson's configuration: ". */
  note: string;
  /** The configuration expected afterwards, when not exactly the lesson's. */
  after?: Partial<Record<(typeof FIELDS)[number], unknown>>;
}

const DRIFTS: Drift[] = [
  { what: 'handler', flags: ['--handler', 'main.handler'], cause: 'handler-not-in-zip', fixFlags: '--handler index.handler', note: 'Handler main.handler → index.handler' },
  { what: 'runtime', flags: ['--runtime', 'nodejs22.x'], cause: 'wrong-runtime', fixFlags: '--runtime nodejs20.x', note: 'Runtime nodejs22.x → nodejs20.x' },
  {
    what: 'environment', flags: ['--environment', 'Variables={BUCKET_NAME=other-bucket,MAX_WIDTH=400,DEBUG=1}'], cause: 'wrong-bucket-env',
    fixFlags: '--environment "Variables={BUCKET_NAME=product-images,MAX_WIDTH=400}"', note: 'BUCKET_NAME=other-bucket → product-images, DEBUG=1 removed',
    // MAX_WIDTH is the lesson's own invitation ("800 unless you set it"): kept.
    after: { Environment: { Variables: { BUCKET_NAME: 'product-images', MAX_WIDTH: '400' } } },
  },
  { what: 'timeout', flags: ['--timeout', '3'], cause: 'configuration-differs', fixFlags: '--timeout 30', note: 'Timeout 3 s → 30 s' },
  { what: 'memory', flags: ['--memory-size', '128'], cause: 'configuration-differs', fixFlags: '--memory-size 512', note: 'MemorySize 128 MB → 512 MB' },
  { what: 'role', flags: ['--role', OTHER_ROLE], cause: 'configuration-differs', fixFlags: '--role arn:aws:iam::000000000000:role/lambda-image-processor-role', note: `Role ${OTHER_ROLE} → arn:aws:iam::000000000000:role/lambda-image-processor-role` },
];

(hasAwsCli ? describe : describe.skip)('function configuration: each drift made by hand, restored exactly', () => {
  let lesson: Lesson;
  let endpoint: TestEndpoint;
  let ctx: CheckContext;
  let work: string;
  let lessons: Record<string, unknown>;

  const cli = async (args: string[]) => {
    const run = await awsCli(endpoint.url, args);
    expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    return run.stdout ? JSON.parse(run.stdout) : undefined;
  };
  const configuration = async () => {
    const c = await cli(['lambda', 'get-function-configuration', '--function-name', NAME]);
    return Object.fromEntries(FIELDS.map((f) => [f, c[f]]));
  };
  const drift = async (d: Drift) => {
    await cli(['lambda', 'update-function-configuration', '--function-name', NAME, ...d.flags]);
    await cli(['lambda', 'wait', 'function-updated-v2', '--function-name', NAME]);
  };

  beforeAll(async () => {
    lesson = await loadDefaultLesson();
    work = tempDir('st-config-');
    endpoint = await startTestEndpoint(join(work, 'endpoint'));
    ctx = await contextFor(lesson, endpoint.url, work);
    for (const step of lesson.steps) await STEP_ACTIONS[step.action](ctx);
    await cli(['iam', 'create-role', '--role-name', 'other-role', '--assume-role-policy-document', lesson.resources.role.trustPolicy.text]);
    lessons = await configuration();
  }, 300_000);
  afterAll(async () => {
    ctx?.aws.destroy();
    await endpoint?.dispose();
  });

  for (const d of DRIFTS) {
    it(`${d.what}: diagnosed as ${d.cause}; the fix sets back only that (${d.fixFlags})`, async () => {
      await drift(d);
      const results = await runChecks(ctx, CHECKS);
      const diagnoses = await diagnose(ctx, results, { env: { PATH: '/usr/bin:/bin' } });
      expect(diagnoses.map((x) => x.cause)).toContain(d.cause);
      const fixes = fixesInOrder(diagnoses);
      expect(fixes.map((f) => [f.id, f.command])).toEqual([['update-function-configuration', `awslocal lambda update-function-configuration --function-name ${NAME} ${d.fixFlags}`]]);
      const { applied } = await applyFixes(ctx, fixes);
      expect(applied.map((a) => a.outcome)).toEqual(['applied']);
      expect(await configuration()).toEqual({ ...lessons, ...d.after });
    }, 120_000);

    it(`${d.what}: step 4 (run --step deploy) restores it the same way and says what it changed`, async () => {
      await drift(d);
      const outcome = await STEP_ACTIONS['deploy-function']({ ...ctx, onProgress: undefined });
      expect(outcome.changes.find((c) => c.resource === `${NAME} configuration`)).toMatchObject({ state: 'updated', note: { en: `restored the lesson's configuration: ${d.note}` } });
      expect(await configuration()).toEqual({ ...lessons, ...d.after });
      // Converged: the next run changes nothing.
      const again = await STEP_ACTIONS['deploy-function']({ ...ctx, onProgress: undefined });
      expect(again.changes.find((c) => c.resource === `${NAME} configuration`)?.state).toBe('unchanged');
      // What the learner may keep (MAX_WIDTH) is taken away here so the next case starts from the lesson's configuration.
      if (d.after) await drift({ ...d, flags: ['--environment', 'Variables={BUCKET_NAME=product-images}'] });
    }, 120_000);
  }

  it('doctor --fix --yes through the CLI: handler and memory changed, one command with exactly those two flags', async () => {
    await cli(['lambda', 'update-function-configuration', '--function-name', NAME, '--handler', 'main.handler', '--memory-size', '256']);
    await cli(['lambda', 'wait', 'function-updated-v2', '--function-name', NAME]);
    const run = await runCli(['doctor', '--fix', '--yes', '--lang', 'en', '--endpoint', endpoint.url, '--state-dir', work], { cwd: work, timeoutMs: 240_000 });
    expect(run.stdout).toContain(`$ awslocal lambda update-function-configuration --function-name ${NAME} --handler index.handler --memory-size 512\n`);
    expect(run.stdout).toContain(`✓ update-function-configuration: updated ${NAME}: Handler main.handler → index.handler, MemorySize 256 MB → 512 MB`);
    expect(await configuration()).toEqual(lessons);
  }, 300_000);
});
