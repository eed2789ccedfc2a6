// The env block at step 1: the exact line that sets up the learner's other terminal for the
// endpoint in use, in the form they started the runner with, plus what it sets — once, at step 1.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { loadDefaultLesson, type Lesson } from '../../src/lesson/index.js';
import { lessonLines } from '../../src/ui/view/lesson-lines.js';
import { envBlockLines } from '../../src/ui/view/env-lines.js';
import type { Line } from '../../src/ui/text/wrap.js';
import type { Invocation } from '../../src/config/invocation.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';
import { lessonServices, renderUi } from './harness.js';

const text = (lines: Line[]) => lines.map((line) => line.map((s) => s.text).join(''));
const FROM_CLONE: Invocation = { kind: 'node', prefix: 'node dist/cli.js' };

let lesson: Lesson;
beforeAll(async () => {
  lesson = await loadDefaultLesson();
});

describe('env block lines', () => {
  it('step 1 shows the line for the endpoint in use and the runner commands as the learner types them', () => {
    const lines = text(lessonLines(lesson, lesson.steps[0], 'en', 'builtin', 100, 'http://127.0.0.1:4571', FROM_CLONE));
    expect(lines.filter((line) => line.startsWith('eval '))).toEqual(['eval "$(node dist/cli.js env --endpoint http://127.0.0.1:4571)"']);
    expect(lines).toContain('node dist/cli.js init');
    // The built-in endpoint to start is the one in use: on its port, not LocalStack's usual 4566.
    expect(lines).toContain('node dist/cli.js endpoint --port 4571');
    expect(lines).not.toContain('node dist/cli.js endpoint');
    expect(lines.join(' ')).toContain('Sets this terminal up for http://127.0.0.1:4571: AWS_ENDPOINT_URL, LocalStack\'s test keys, region us-east-1');
    // The bare export the lesson used to show is gone: it left out the keys and the region.
    expect(lines.some((line) => line.startsWith('export AWS_ENDPOINT_URL'))).toBe(false);
    // The step text's own mention of the runner follows the learner's form too.
    expect(lines.join('\n')).not.toContain('npx serverless-tutorial');
  });

  it('on the usual address the line needs no --endpoint; in Japanese it says what it sets in Japanese', () => {
    const lines = text(envBlockLines(lesson, 'http://127.0.0.1:4566', 'ja', 100, { kind: 'npx', prefix: 'npx serverless-tutorial' }));
    expect(lines.at(-1)).toBe('eval "$(npx serverless-tutorial env)"');
    expect(lines.join('')).toContain('この端末を http://127.0.0.1:4566 用に設定します');
  });

  it('only step 1 has it', () => {
    for (const step of lesson.steps.slice(1)) {
      expect({ step: step.id, env: text(lessonLines(lesson, step, 'en', 'builtin', 100, 'http://127.0.0.1:4571')).some((line) => line.startsWith('eval ')) }).toEqual({ step: step.id, env: false });
    }
  });
});

describe('the guided UI at step 1', () => {
  let endpoint: TestEndpoint;
  const dirs: string[] = [];
  beforeAll(async () => {
    endpoint = await startTestEndpoint();
  });
  afterAll(async () => {
    await endpoint.dispose();
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('shows the env line for its endpoint', async () => {
    const stateDir = tempDir('st-ui-env-');
    dirs.push(stateDir);
    const services = await lessonServices({ endpoint: endpoint.url, stateDir });
    const ui = renderUi(services);
    try {
      // A first start opens on the opening page; n goes to step 1 (checked at start).
      await ui.waitFor(/n start/);
      await ui.press('n');
      const frame = await ui.waitFor(/Step 1 done/);
      expect(frame).toContain(`eval "$(npx serverless-tutorial env --endpoint ${endpoint.url})"`);
    } finally {
      ui.unmount();
      await services.close();
    }
  });
});
