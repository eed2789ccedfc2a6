// The guided UI's keys that act: r, c, w, t, f (with y/n), Tab, the resume at start-up and --step,
// a failing check with its troubleshooting panel, applied fixes, and the summary. Everything runs
// against the built-in endpoint with the real steps, checks and troubleshooter.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GetFunctionConfigurationCommand, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { awsCli, hasAwsCli } from '../helpers/aws-cli.js';
import { closedPort, closeStartedEndpoints, KEYS, lessonServices, renderUi, type UiHandle } from './harness.js';
import type { LessonServices } from '../../src/ui/services.js';
import { loadDefaultLesson, findStep } from '../../src/lesson/index.js';

const dirs: string[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await closeStartedEndpoints();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function track(ui: UiHandle, services: LessonServices) {
  cleanups.push(async () => {
    ui.unmount();
    await services.close();
  });
}

async function freshEndpoint(): Promise<TestEndpoint> {
  const endpoint = await startTestEndpoint();
  cleanups.push(() => endpoint.dispose());
  return endpoint;
}

function stateDir(): string {
  const dir = tempDir('st-ui-');
  dirs.push(dir);
  return dir;
}

/** Past the opening page (a fresh start opens there) to step 1, whose check ran at start. */
async function toStep1(ui: UiHandle): Promise<string> {
  await ui.waitFor(/n start/);
  await ui.press('n');
  return ui.waitFor(/Step 1 done/);
}

/** From the start to a check of step 2 (bucket, not made): resolves with the troubleshooting panel's frame. */
async function checkStepTwoUndone(ui: UiHandle): Promise<string> {
  await toStep1(ui);
  await ui.press('n');
  await ui.waitFor(/Step 2\/6/);
  await ui.press('c');
  return ui.waitFor(/^Troubleshooting$/m);
}

const lessonFile = (name: string) => fileURLToPath(new URL(`../../lessons/serverless-basics/files/${name}`, import.meta.url));

describe('guided UI actions', () => {
  let endpoint: TestEndpoint;
  beforeAll(async () => {
    endpoint = await freshEndpoint();
  });

  it('c on a step not done yet fails its check and opens the troubleshooting panel; t hides and shows it', async () => {
    // Given step 2 (bucket) not done
    const services = await lessonServices({ endpoint: endpoint.url, stateDir: stateDir() });
    const ui = renderUi(services);
    track(ui, services);
    // When the learner checks without having made the bucket
    // Then the check turns ✗ with its message, and the panel shows what it saw
    const panel = await checkStepTwoUndone(ui);
    expect(panel).toMatch(/^✓ localstack-running/m);
    expect(panel).toMatch(/^✗ bucket-created +.*product-images/m);
    expect(panel).toMatch(/✗ bucket-created: /);
    expect(panel).toContain('[✗ 2 bucket]');
    expect(panel).toMatch(/t troubleshoot/);
    // t hides the panel (back to the step text) and shows it again
    await ui.press('t');
    expect(await ui.waitFor(/To do it by hand/)).not.toMatch(/^Troubleshooting$/m);
    await ui.press('t');
    await ui.waitFor(/^Troubleshooting$/m);
    await ui.press(KEYS.escape);
    await ui.waitFor(/To do it by hand/);
  });

  it('t asks for a diagnosis when none was made; Esc before it arrives keeps the panel closed', async () => {
    // Given a failed check whose diagnosis (the second one asked for) is held until the learner has closed the panel
    const services = await lessonServices({ endpoint: endpoint.url, stateDir: stateDir() });
    let asked = 0;
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: LessonServices = Object.assign(Object.create(services) as LessonServices, {
      diagnose: async (results: Parameters<NonNullable<LessonServices['diagnose']>>[0]) => {
        if (++asked > 1) await held;
        return services.diagnose!(results);
      },
    });
    const ui = renderUi(slow);
    track(ui, services);
    await checkStepTwoUndone(ui);
    await ui.press('t');
    await ui.waitFor(/To do it by hand/);
    // When t opens the panel again (asking for a diagnosis) and Esc closes it before the answer
    await ui.press('t');
    await ui.waitFor(/^Troubleshooting$/m);
    await ui.until(() => asked === 2);
    await ui.press(KEYS.escape);
    await ui.waitFor(/To do it by hand/);
    release();
    await ui.until(() => !/Looking for the cause/.test(ui.frame()));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Then the answer does not open the panel over the step the learner went back to
    expect(ui.frame()).toMatch(/To do it by hand/);
    expect(ui.frame()).not.toMatch(/^Troubleshooting$/m);
  });

  (hasAwsCli ? it : it.skip)('w watches while the learner works by hand in another terminal, and stops when the checks pass', async () => {
    const own = await freshEndpoint();
    const dir = stateDir();
    const services = await lessonServices({ endpoint: own.url, stateDir: dir });
    const ui = renderUi(services, { startStep: findStep(await loadDefaultLesson(), 'bucket') });
    track(ui, services);
    await ui.waitFor(/Step 2\/6[\s\S]*r run it for me/);
    // When watching starts, the first check fails quietly (no panel: the learner is still working)
    await ui.press('w');
    await ui.waitFor(/✗ bucket-created[\s\S]*◉ watching/);
    expect(ui.frame()).not.toMatch(/^Troubleshooting$/m);
    expect(ui.frame()).toMatch(/w watch/);
    // And the learner makes the bucket by hand with the AWS CLI
    for (const args of [
      ['s3', 'mb', 's3://product-images'],
      ['s3api', 'put-bucket-cors', '--bucket', 'product-images', '--cors-configuration', `file://${lessonFile('cors.json')}`],
      ['s3api', 'put-bucket-policy', '--bucket', 'product-images', '--policy', `file://${lessonFile('policy.json')}`],
    ]) {
      expect((await awsCli(own.url, args)).code).toBe(0);
    }
    // Then a later re-check passes, the step is done and watching stops
    const done = await ui.waitFor(/Step 2 done/, 20_000);
    expect(done).toMatch(/^✓ bucket-created/m);
    expect(done).toContain('✓ 2 bucket');
    expect(done).not.toContain('◉ watching');
    // progress.json keeps every step as last established: the endpoint (at start-up) and now the bucket are done.
    const progress = JSON.parse(readFileSync(`${dir}/progress.json`, 'utf8')) as { steps: Record<string, { status: string }> };
    expect(Object.entries(progress.steps).filter(([, step]) => step.status === 'done').map(([id]) => id)).toEqual(['localstack', 'bucket']);
  });

  it('nothing answers: step 1 fails with its diagnosis; f starts the built-in endpoint and the check passes', async () => {
    // Given an endpoint URL where nothing listens
    const port = await closedPort();
    const services = await lessonServices({ endpoint: `http://127.0.0.1:${port}`, stateDir: stateDir() });
    const ui = renderUi(services);
    track(ui, services);
    // Then step 1's check fails at start-up; the opening page says so, and n shows the panel with fixes
    await ui.waitFor(/Step 1’s check failed: press n to see the cause/);
    await ui.press('n');
    const panel = await ui.waitFor(/Fixes \(f applies/);
    expect(panel).toContain(`http://127.0.0.1:${port} · not answering`);
    expect(panel).toMatch(/^✗ localstack-running/m);
    expect(panel).toMatch(/Problem: .*\(localstack-not-starting\)/);
    expect(panel).toMatch(/Cause: /);
    // Finding 4 of issue 10: the fix names the learner's port and serves there, never on 4566.
    expect(panel).toContain(`› 1. Start the built-in endpoint on port ${port} (no Docker needed)`);
    expect(panel).toMatch(new RegExp(`^npx serverless-tutorial endpoint --port ${port}$`, 'm'));
    expect(panel).toMatch(/f apply fix/);
    // When the learner applies it (impact none: no question)
    await ui.press('f');
    // Then the lesson moves to the built-in endpoint and step 1 passes there
    const after = await ui.waitFor(/started the built-in endpoint/);
    expect(after).toContain(`http://127.0.0.1:${port} · built-in endpoint`);
    expect(services.endpoint().url).toBe(`http://127.0.0.1:${port}`);
    expect(after).toMatch(/^✓ localstack-running/m);
    expect(after).toContain('[✓ 1 localstack]');
  });

  it('the offer to switch to the built-in endpoint serves it on the lesson\'s own address and says so (finding 4)', async () => {
    // Given the learner's `endpoint --port N` in another terminal was stopped
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const services = await lessonServices({ endpoint: url, stateDir: stateDir() });
    cleanups.push(() => services.close());
    const lesson = await loadDefaultLesson();
    const failed = [{ id: 'localstack-running', title: lesson.checks[0].title, status: 'fail' as const, message: { en: 'no answer', ja: '応答なし' }, evidence: [], durationMs: 1 }];
    // Then the offer names that address, not 4566
    const [offer] = await services.offers(failed, []);
    expect(offer.title.en).toBe(`Switch to the built-in endpoint, served at ${url} while this runs`);
    expect(offer.command).toBe(`npx serverless-tutorial --endpoint ${url} --embedded`);
    // When it is applied, the lesson stays on that address and the built-in endpoint answers there
    const result = await services.applyFix(offer);
    expect(services.endpoint()).toEqual({ url, kind: 'builtin', source: 'embedded' });
    expect(result.message.en).toContain(`port ${port}, the address your commands already use`);
    expect((await fetch(`${url}/_localstack/health`)).status).toBe(200);
  }, 60_000);

  it('a step run shows its progress with elapsed time; r runs steps; quitting and starting again resumes; --step opens where asked', async () => {
    const own = await freshEndpoint();
    const dir = stateDir();
    const services = await lessonServices({ endpoint: own.url, stateDir: dir });
    const ui = renderUi(services);
    track(ui, services);
    await toStep1(ui);
    await ui.press('n');
    await ui.waitFor(/Step 2\/6[\s\S]*r run it for me/);
    await ui.press('r');
    const bucket = await ui.waitFor(/Step 2 done/);
    expect(bucket).toMatch(/^\+ .*product-images/m);
    expect(bucket).toMatch(/^✓ bucket-created/m);
    await ui.press('n');
    await ui.waitFor(/Step 3\/6[\s\S]*r run it for me/);
    await ui.press('r');
    await ui.waitFor(/Step 3 done/, 120_000);
    // While it ran, a frame showed the step, its phase and the elapsed seconds
    expect(ui.frames.some((f) => /\(\d+ s\) Build the Lambda function into a zip: bundling /.test(f))).toBe(true);
    expect(ui.frame()).toMatch(/✓ the runner's build \S+function\.zip \(the only one\): holds index\.js/);
    await ui.press('q');
    await ui.until(() => ui.quitCalls === 1);

    // Starting again resumes at the first unfinished step, progress re-confirmed
    const again = await lessonServices({ endpoint: own.url, stateDir: dir });
    const resumed = renderUi(again);
    track(resumed, again);
    const frame = await resumed.waitFor(/Step 4\/6[\s\S]*r run it for me/);
    expect(frame).toContain('✓ 1 localstack  ✓ 2 bucket  ✓ 3 function  [· 4 deploy]');
    expect(frame).toMatch(/███████░{5} 3\/6|██████░{6} 3\/6/);

    // --step opens where asked, whatever the progress
    const third = await lessonServices({ endpoint: own.url, stateDir: dir });
    const atStep = renderUi(third, { startStep: findStep(await loadDefaultLesson(), '6') });
    track(atStep, third);
    expect(await atStep.waitFor(/Step 6\/6[\s\S]*r run it for me/)).toContain('[· 6 trigger]');
  }, 180_000);

  it('a step marked done that the endpoint no longer has is shown as lost, and the UI resumes there', async () => {
    const first = await freshEndpoint();
    const dir = stateDir();
    const services = await lessonServices({ endpoint: first.url, stateDir: dir });
    const ui = renderUi(services);
    track(ui, services);
    await toStep1(ui);
    await ui.press('n');
    await ui.waitFor(/Step 2\/6[\s\S]*r run it for me/);
    await ui.press('r');
    await ui.waitFor(/Step 2 done/);
    // A new, empty endpoint (LocalStack restarted without persistence)
    const second = await freshEndpoint();
    const again = await lessonServices({ endpoint: second.url, stateDir: dir });
    const resumed = renderUi(again);
    track(resumed, again);
    const frame = await resumed.waitFor(/no longer has what it made/);
    expect(frame).toContain('[! 2 bucket]');
    expect(frame).toContain('Step 2/6');
  });

  it('the whole lesson with r to its closing page; a broken function is diagnosed, its fix asked about (n, then y) and applied; the closing page', async () => {
    const own = await freshEndpoint();
    const services = await lessonServices({ endpoint: own.url, stateDir: stateDir() });
    const ui = renderUi(services);
    track(ui, services);
    await toStep1(ui);
    for (let n = 2; n <= 6; n++) {
      await ui.press('n');
      await ui.waitFor(new RegExp(`Step ${n}/6[\\s\\S]*r run it for me`));
      await ui.press('r');
      if (n < 6) await ui.waitFor(new RegExp(`Step ${n} done`), 120_000);
    }
    // The closing page: time taken, trigger latency, what was built, the seven checks, the page itself
    const summary = await ui.waitFor(/^Well done$/m, 120_000);
    expect(summary).toContain('Checklist: 7 of 7 passed');
    expect(summary).toContain('████████████ 6/6');
    expect(summary).toMatch(/^Time taken: \d+/m);
    expect(summary).toMatch(/^Trigger latency \(upload → processed copy\): \d+ ms$/m);
    expect(summary).toMatch(/^What you built$/m);
    expect(summary).toContain('• Lambda function image-processor (nodejs20.x, index.handler)');
    expect((summary.match(/^✓ [^\d]/gm) ?? []).length).toBe(7);
    expect(ui.frames.some((f) => /\(\d+ s, up to \d+ s left\) Connect the S3 trigger: waiting for processed\//.test(f))).toBe(true);

    // Break the function by hand elsewhere: a handler the zip does not have
    const lambda = (await import('../helpers/clients.js')).clientsFor(own.url).lambda;
    await lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'image-processor', Handler: 'main.handler' }));
    // p goes back from the summary to step 6, p again to step 5; c checks; the invocation fails and is diagnosed
    await ui.press('p');
    await ui.waitFor(/Step 6\/6[\s\S]*r run it for me/);
    await ui.press('p');
    await ui.waitFor(/Step 5\/6[\s\S]*r run it for me/);
    await ui.press('c');
    const panel = await ui.waitFor(/Fixes \(f applies/, 60_000);
    expect(panel).toMatch(/^✗ function-invocable/m);
    expect(panel).toMatch(/Problem: .*\(lambda-not-executing\)/);
    expect(panel).toMatch(/Cause: /);
    expect(panel).toMatch(/main\.handler/);
    expect(panel).toMatch(/What was found:/);
    expect(panel).toMatch(/› 1\. .*\[changes your setup\]/);
    expect(panel).toMatch(/^awslocal lambda update-function-configuration --function-name image-processor/m);
    // f asks first (the fix changes something); n declines
    await ui.press('f');
    expect(await ui.waitFor(/^y apply {2}n cancel$/m)).toMatch(/\? This changes your setup\./);
    await ui.press('n');
    expect(await ui.waitFor(/f apply fix/)).not.toContain('y apply');
    // f then y applies it; the checks run again and pass
    await ui.press('f');
    await ui.waitFor(/^y apply {2}n cancel$/m);
    await ui.press('y');
    const fixed = await ui.waitFor(/^✓ function-invocable[\s\S]*r run it for me/m, 120_000);
    expect(fixed).toContain('[✓ 5 invoke]');
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'image-processor' }));
    expect(config.Handler).toBe('index.handler');
    // And the last step checked again brings the closing page back
    await ui.press('n');
    await ui.waitFor(/Step 6\/6[\s\S]*r run it for me/);
    await ui.press('c');
    expect(await ui.waitFor(/^Well done$/m, 120_000)).toContain('Checklist: 7 of 7 passed');
    // s: the shop page is served (no display here, so not opened) and says where
    await ui.press('s');
    const shown = await ui.waitFor(/Shop page: http:\/\/127\.0\.0\.1:\d+\/ \(open it in your browser\)/);
    const url = /Shop page: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(shown)?.[1] ?? '';
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('product-images');
  }, 300_000);
});
