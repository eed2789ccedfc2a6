// A step/check context over a test endpoint, as the commands build it, for in-process lesson tests.
import { loadDefaultLesson, type Lesson } from '../../src/lesson/index.js';
import { createAwsClients } from '../../src/aws/clients.js';
import { localAwsSettings } from '../../src/config/credentials.js';
import { readHealth } from '../../src/aws/health.js';
import type { CheckContext } from '../../src/checks/context.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from './endpoint.js';

export interface LessonHarness {
  lesson: Lesson;
  endpoint: TestEndpoint;
  ctx: CheckContext;
  stateDir: string;
  dispose(): Promise<void>;
}

export async function contextFor(lesson: Lesson, url: string, stateDir: string, extra: Partial<CheckContext> = {}): Promise<CheckContext> {
  const aws = await createAwsClients(localAwsSettings(url));
  const health = await readHealth(url, 1000);
  return { lesson, aws, endpoint: { url, kind: health.kind }, stateDir, cwd: stateDir, arch: 'x86_64', readOnly: false, ...extra };
}

export async function startLessonHarness(): Promise<LessonHarness> {
  const lesson = await loadDefaultLesson();
  const endpoint = await startTestEndpoint();
  const stateDir = tempDir('st-state-');
  const ctx = await contextFor(lesson, endpoint.url, stateDir);
  return {
    lesson,
    endpoint,
    ctx,
    stateDir,
    dispose: async () => {
      ctx.aws.destroy();
      await endpoint.dispose();
    },
  };
}
