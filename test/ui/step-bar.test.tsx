// The step bar shows what the environment says: at start-up (steps done elsewhere — another
// terminal, another state dir, no progress.json here — are ✓, and the UI opens at the first step not
// done), and after a check (a step whose checks just failed loses its ✓). The closing summary's time
// comes from the lesson's clock, which reset restarts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateFunctionConfigurationCommand, waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda';
import { loadDefaultLesson } from '../../src/lesson/index.js';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import type { CheckContext } from '../../src/checks/context.js';
import { resetCommand } from '../../src/commands/reset.js';
import type { LessonServices } from '../../src/ui/services.js';
import { contextFor } from '../helpers/lesson-context.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { lessonServices, renderUi, type UiHandle } from './harness.js';

let endpoint: TestEndpoint;
let elsewhere: CheckContext;
const dirs: string[] = [];
const open: { ui: UiHandle; services: LessonServices }[] = [];

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  const lesson = await loadDefaultLesson();
  // Steps 1–4 done from another state dir (as a learner's other terminal, or the scripts, would).
  const otherState = tempDir('st-ui-elsewhere-');
  dirs.push(otherState);
  elsewhere = await contextFor(lesson, endpoint.url, otherState);
  for (const action of ['create-bucket', 'build-function', 'deploy-function'] as const) await STEP_ACTIONS[action](elsewhere);
}, 240_000);
afterAll(async () => {
  for (const o of open) {
    o.ui.unmount();
    await o.services.close();
  }
  elsewhere?.aws.destroy();
  await endpoint?.dispose();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function start(stateDir = tempDir('st-ui-bar-')) {
  dirs.push(stateDir);
  const services = await lessonServices({ endpoint: endpoint.url, stateDir });
  const ui = renderUi(services);
  open.push({ ui, services });
  return { ui, services, stateDir };
}

describe('the step bar follows the environment', () => {
  it('at start-up, with no saved progress, shows the steps done elsewhere and opens at the first not done', async () => {
    const { ui } = await start();
    const frame = await ui.waitFor(/Step 5\/6/);
    expect(frame).toContain('✓ 1 localstack  ✓ 2 bucket  ✓ 3 function  ✓ 4 deploy  [· 5 invoke]  · 6 trigger');
  }, 60_000);

  it('after deploy then breaking the function, c at step 5 takes the ✓ from step 4', async () => {
    const { ui } = await start();
    await ui.waitFor(/\[· 5 invoke\]/);
    await elsewhere.aws.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'image-processor', Handler: 'dist/index.handler' }));
    await waitUntilFunctionUpdatedV2({ client: elsewhere.aws.lambda, maxWaitTime: 60 }, { FunctionName: 'image-processor' });
    try {
      await ui.press('c');
      const frame = await ui.waitFor(/\[✗ 5 invoke\]/, 60_000);
      expect(frame).toMatch(/^✗ function-deployed +Function image-processor has handler dist\/index\.handler/m);
      expect(frame).toContain('✓ 1 localstack  ✓ 2 bucket  ✓ 3 function  ✗ 4 deploy  [✗ 5 invoke]  · 6 trigger');
    } finally {
      await elsewhere.aws.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'image-processor', Handler: 'index.handler' }));
      await waitUntilFunctionUpdatedV2({ client: elsewhere.aws.lambda, maxWaitTime: 60 }, { FunctionName: 'image-processor' });
    }
  }, 120_000);

  it("the summary's time is the lesson's clock, which reset restarts", async () => {
    const stateDir = tempDir('st-ui-clock-');
    mkdirSync(stateDir, { recursive: true });
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000).toISOString();
    writeFileSync(join(stateDir, 'progress.json'), JSON.stringify({ schemaVersion: 2, lesson: 'serverless-basics', startedAt: tenMinutesAgo, steps: {}, checks: {} }));
    const before = await lessonServices({ endpoint: endpoint.url, stateDir });
    expect(before.timing().durationMs).toBeGreaterThanOrEqual(10 * 60_000 - 1000);
    await before.close();
    const quiet = { stdout: () => {}, stderr: () => {} };
    expect(await resetCommand({ endpoint: endpoint.url, stateDir, color: false }, quiet)).toBe(0);
    const after = await lessonServices({ endpoint: endpoint.url, stateDir });
    const ui = renderUi(after);
    open.push({ ui, services: after });
    expect(after.timing().durationMs).toBeLessThan(60_000);
    // The UI's start-up asks the endpoint: let it finish, so nothing is still asking when the file ends.
    const busy = /Establishing your progress|[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
    await ui.until(() => ui.frames.some((frame) => /Establishing your progress/.test(frame)) && !busy.test(ui.frame()), 30_000);
  }, 60_000);
});
