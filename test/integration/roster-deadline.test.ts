// A learner whose endpoint answers health but then hangs on every AWS call: their deadline ends
// their checks (reported as "could not check"), and the learners after them are still checked.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadDefaultLesson, type Lesson } from '../../src/lesson/index.js';
import { checkClass } from '../../src/roster/check-class.js';
import { startTestEndpoint, tempDir, type TestEndpoint } from '../helpers/endpoint.js';

describe('a hung learner endpoint', () => {
  let lesson: Lesson;
  let hung: Server;
  let hungUrl: string;
  let fresh: TestEndpoint;
  const held: { destroy(): void }[] = [];

  beforeAll(async () => {
    lesson = await loadDefaultLesson();
    fresh = await startTestEndpoint();
    hung = createServer((req, res) => {
      if (req.url?.startsWith('/_localstack/health')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ services: { s3: 'running', lambda: 'running' }, version: '4.14.0' }));
        return;
      }
      held.push(req.socket); // never answered
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const socket of held) socket.destroy();
    // Idle keep-alive connections (the health reads) would hold close() open.
    hung?.closeAllConnections();
    await new Promise((resolve) => hung?.close(resolve));
    await fresh?.dispose();
  });

  it('is cut off at its deadline with every unfinished check "could not check", and the next learner is checked', async () => {
    const runs = await checkClass(
      [
        { name: 'hangs', endpoint: hungUrl, line: 1 },
        { name: 'fresh', endpoint: fresh.url, line: 2 },
      ],
      { lesson, stateDir: tempDir('st-state-'), cwd: tempDir('st-cwd-'), readOnly: true, concurrency: 1, deadlineMs: 2_000 },
    );
    const [hangs, other] = runs;
    expect(hangs.timedOut).toBe(true);
    expect(hangs.passed).toBe(false);
    expect(hangs.run.results.map((r) => r.status)).toEqual(['error', 'error', 'error', 'error', 'error', 'error', 'error']);
    expect(hangs.run.results[0].message.en).toBe("could not check: hangs's checks did not finish within 2 s");
    // Nothing the lesson made exists at the fresh endpoint: real verdicts, not deadline errors.
    expect(other.timedOut).toBe(false);
    expect(other.run.results.map((r) => r.status).slice(0, 5)).toEqual(['pass', 'fail', 'fail', 'skip', 'skip']);
    expect(other.run.results.filter((r) => r.message.en.includes('did not finish within'))).toEqual([]);
  }, 60_000);
});
