// The lesson's self-test: for every step, what confirms it (its checks, or its build artefact)
// does not hold before its action and holds after it — against the built-in endpoint.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import { confirmStep } from '../../src/steps/flow.js';
import { contextFor, startLessonHarness, type LessonHarness } from '../helpers/lesson-context.js';

describe('lesson self-test against the built-in endpoint', () => {
  let h: LessonHarness;
  beforeAll(async () => {
    h = await startLessonHarness();
  });
  afterAll(async () => h?.dispose());

  it('step 1 (localstack): its check fails with nothing listening and passes once the endpoint runs', async () => {
    const down = await contextFor(h.lesson, 'http://127.0.0.1:9', h.stateDir);
    const before = await confirmStep(down, h.lesson.steps[0]);
    down.aws.destroy();
    expect(before.ok).toBe(false);
    expect(before.checks.map((c) => c.status)).toEqual(['fail']);
    await STEP_ACTIONS['verify-endpoint'](h.ctx);
    const after = await confirmStep(h.ctx, h.lesson.steps[0]);
    expect(after.checks.map((c) => [c.id, c.status])).toEqual([['localstack-running', 'pass']]);
  });

  for (const index of [1, 2, 3, 4, 5]) {
    it(`step ${index + 1}: confirmation fails before the action and passes after it`, async () => {
      const step = h.lesson.steps[index];
      const before = await confirmStep(h.ctx, step);
      expect({ step: step.id, ok: before.ok }).toEqual({ step: step.id, ok: false });

      await STEP_ACTIONS[step.action](h.ctx);

      const after = await confirmStep(h.ctx, step);
      const notPassing = after.checks.filter((c) => c.status !== 'pass').map((c) => ({ id: c.id, status: c.status, message: c.message.en, evidence: c.evidence }));
      expect({ step: step.id, notPassing, artifact: after.artifact?.ok ?? true }).toEqual({ step: step.id, notPassing: [], artifact: true });
      expect(after.ok).toBe(true);
    }, 180_000);
  }

  it('every step is idempotent: a second pass reports nothing created or updated except the test uploads', async () => {
    for (const step of h.lesson.steps) {
      const outcome = await STEP_ACTIONS[step.action](h.ctx);
      const changed = outcome.changes.filter((c) => c.state === 'created' || c.state === 'updated').map((c) => c.resource);
      const uploads = changed.filter((r) => r.endsWith('.jpg'));
      expect({ step: step.id, changed: changed.filter((r) => !uploads.includes(r)) }).toEqual({ step: step.id, changed: [] });
    }
  }, 180_000);
});
