// A function's crash never fails the next invoke, through the real endpoint and SDK. Lambda's
// behaviour: the invocation that crashes reports the error (an invocation that had already
// returned cannot; on Lambda its frozen timer fires in the next one, which then reports the
// function's own error); the environment is reset, and the next invocation runs in a fresh one.
// Each case repeats: the failure it guards against was a race (4 of 5 tries).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { InvokeCommand, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { startEndToEnd, utf8, type EndToEnd } from '../fixtures/functions/end-to-end.js';
import { deployFunction } from '../fixtures/functions/deploy.js';

const ROUNDS = 8;

// {crash:'during'}: a timer throws while the invocation waits for it (the promise never settles).
// {crash:'after'}: the invocation answers, and a timer throws right after.
// Anything else: a good invocation, answered by a worker that reports its pid.
const CRASHER = `exports.handler = async (event) => {
  if (event.crash === 'during') return new Promise(() => setTimeout(() => { throw new Error('timer explosion'); }, 5));
  if (event.crash === 'after') { setTimeout(() => { throw new Error('late explosion'); }, 1); return 'answered first'; }
  return { good: true, pid: process.pid };
};`;

let e2e: EndToEnd;

beforeAll(async () => {
  e2e = await startEndToEnd('st-runtime-crash-');
  await deployFunction(e2e.clients.lambda, { name: 'crasher', files: { 'index.js': CRASHER } });
}, 60_000);

afterAll(async () => {
  await e2e?.dispose();
});

async function invoke(event: unknown): Promise<{ out: InvokeCommandOutput; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any -- payloads are arbitrary JSON
  const out = await e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'crasher', Payload: Buffer.from(JSON.stringify(event)) }));
  return { out, body: JSON.parse(utf8(out.Payload)) };
}

describe('an uncaught exception in one invocation', () => {
  it('fails that invocation with the error; the next good one runs in a fresh environment', async () => {
    const pids = new Set<number>();
    for (let round = 0; round < ROUNDS; round++) {
      const crashed = await invoke({ crash: 'during' });
      expect(crashed.out.FunctionError).toBe('Unhandled');
      expect(crashed.body).toMatchObject({ errorType: 'Error', errorMessage: 'timer explosion' });
      const next = await invoke({});
      expect({ round, error: next.out.FunctionError, body: next.body }).toEqual({ round, error: undefined, body: { good: true, pid: expect.any(Number) } });
      pids.add(next.body.pid);
    }
    // Every crash reset the environment.
    expect(pids.size).toBe(ROUNDS);
  }, 120_000);
});

describe('a crash after the invocation answered', () => {
  it('(a timer throws) never fails the next invocation with Runtime.ExitError', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const answered = await invoke({ crash: 'after' });
        expect(answered.out.FunctionError).toBeUndefined();
        expect(answered.body).toBe('answered first');
        // Sent at once: the dying worker may or may not have ended yet. On Lambda the frozen timer
        // would fire in this invocation, which then reports the function's own error; here the
        // worker is not frozen, so this one runs in a fresh environment. Never a bare exit error.
        const next = await invoke({});
        if (next.out.FunctionError) {
          expect({ round, body: next.body }).toEqual({ round, body: expect.objectContaining({ errorType: 'Error', errorMessage: 'late explosion' }) });
        } else {
          expect({ round, body: next.body }).toEqual({ round, body: { good: true, pid: expect.any(Number) } });
        }
        const third = await invoke({});
        expect({ round, error: third.out.FunctionError, body: third.body }).toEqual({ round, error: undefined, body: { good: true, pid: expect.any(Number) } });
      }
  }, 120_000);
});
