// The async queue behind Event invocations, driven by the real SDK v3 LambdaClient through a
// test-only stand-in for the control plane's Invoke route (so the queue's retry delays and attempt
// hook can be set): failed ones are retried twice, none are lost, queued events run the function
// as it is now. Invoke through the real endpoint is in endpoint-invoke*.test.ts.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { AsyncInvocationQueue } from '../../src/endpoint/lambda/runtime/async-invocation-queue.js';
import { FunctionRunner } from '../../src/endpoint/lambda/runtime/function-runner.js';
import type { RunnableFunction } from '../../src/endpoint/lambda/runtime/types.js';
import { LogStore } from '../../src/endpoint/logs/log-store.js';
import { makeFunction, testContext } from '../fixtures/functions/make-function.js';
import { startInvokeServer, type InvokeServer } from '../fixtures/functions/invoke-server.js';

let dir: string;
let logs: LogStore;
let runner: FunctionRunner;
let queue: AsyncInvocationQueue;
let server: InvokeServer;
let lambda: LambdaClient;
const attempts: { requestId: string; attempt: number; final: boolean }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'st-invoke-'));
  logs = new LogStore(join(dir, 'data'));
  runner = new FunctionRunner({ context: testContext(join(dir, 'data')), logs, maxWorkersPerFunction: 4, idleTimeoutMs: 5000 });
  // Short retry delays for the test; AWS waits about a minute, then two.
  queue = new AsyncInvocationQueue({ runner, concurrency: 4, retryDelaysMs: [100, 200], onAttempt: (a) => attempts.push(a) });
  server = await startInvokeServer(runner, queue);
  lambda = new LambdaClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
});

afterAll(async () => {
  queue.close();
  lambda.destroy();
  await server.close();
  await runner.close();
  rmSync(dir, { recursive: true, force: true });
});

function deploy(spec: Parameters<typeof makeFunction>[1]): RunnableFunction {
  const f = makeFunction(join(dir, 'zips'), spec);
  server.functions.set(f.name, f);
  return f;
}

function logMessages(name: string): string[] {
  const group = logs.group(`/aws/lambda/${name}`);
  return group ? logs.streams(group).flatMap((s) => s.events.map((e) => e.message)) : [];
}

describe('asynchronous invocations', () => {
  it('a failing Event invocation is retried twice with the same request id', async () => {
    const f = deploy({ name: 'always-fails', files: { 'index.js': 'exports.handler = async () => { throw new Error("still broken"); };' } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: f.name, InvocationType: 'Event', Payload: Buffer.from('{}') }));
    expect(out.StatusCode).toBe(202);
    await queue.drain();
    const starts = logMessages('always-fails').filter((m) => m.startsWith('START RequestId: '));
    expect(starts).toHaveLength(3);
    expect(new Set(starts).size).toBe(1);
    const requestId = /START RequestId: (\S+)/.exec(starts[0])![1];
    expect(attempts.filter((a) => a.requestId === requestId).map((a) => [a.attempt, a.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });

  it('a timed-out Event invocation is retried too; one that succeeds on retry stops there', async () => {
    const counter = join(dir, 'flaky-count');
    writeFileSync(counter, '');
    const f = deploy({
      name: 'flaky',
      timeoutSeconds: 1,
      environment: { COUNTER: counter },
      files: {
        'index.js': `const fs = require('fs');
          exports.handler = async () => {
            fs.appendFileSync(process.env.COUNTER, 'x');
            if (fs.readFileSync(process.env.COUNTER, 'utf8').length === 1) await new Promise((r) => setTimeout(r, 5000));
            return 'ok';
          };`,
      },
    });
    queue.enqueue(f, Buffer.from('{}'), 'flaky-request');
    await queue.drain();
    expect(readFileSync(counter, 'utf8')).toBe('xx');
    const messages = logMessages('flaky');
    expect(messages.filter((m) => m === 'START RequestId: flaky-request Version: $LATEST')).toHaveLength(2);
    expect(messages.some((m) => m.endsWith('flaky-request Task timed out after 1.00 seconds'))).toBe(true);
  });

  it('100 Event invocations sent at once all run, none lost', async () => {
    const ledger = join(dir, 'ledger');
    writeFileSync(ledger, '');
    const f = deploy({
      name: 'ledger-fn',
      environment: { LEDGER: ledger },
      files: { 'index.js': 'exports.handler = async (e, ctx) => { require("fs").appendFileSync(process.env.LEDGER, `${e.n} ${ctx.awsRequestId}\\n`); };' },
    });
    const statuses = await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        lambda.send(new InvokeCommand({ FunctionName: f.name, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ n })) })).then((o) => o.StatusCode),
      ),
    );
    expect(statuses.every((s) => s === 202)).toBe(true);
    await queue.drain();
    const lines = readFileSync(ledger, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(100);
    expect(new Set(lines.map((l) => Number(l.split(' ')[0]))).size).toBe(100);
    expect(logMessages('ledger-fn').filter((m) => m.startsWith('START RequestId: '))).toHaveLength(100);
  });

  it('resolveCurrent runs queued events with the function as it is now, and drops those of deleted functions', async () => {
    const marker = join(dir, 'current-version');
    const v1 = makeFunction(join(dir, 'zips'), { name: 'moving', environment: { MARKER: marker }, files: { 'index.js': 'exports.handler = async () => require("fs").writeFileSync(process.env.MARKER, "v1");' } });
    const v2 = makeFunction(join(dir, 'zips'), { name: 'moving', environment: { MARKER: marker }, files: { 'index.js': 'exports.handler = async () => require("fs").writeFileSync(process.env.MARKER, "v2");' } });
    let current: RunnableFunction | undefined = v2;
    const seen: string[] = [];
    const q = new AsyncInvocationQueue({ runner, resolveCurrent: () => current, onAttempt: (a) => seen.push(`${a.requestId}:${a.outcome ? 'ran' : 'dropped'}`) });
    q.enqueue(v1, Buffer.from('{}'), 'moving-1');
    await q.drain();
    expect(readFileSync(marker, 'utf8')).toBe('v2');
    current = undefined;
    q.enqueue(v1, Buffer.from('{}'), 'moving-2');
    await q.drain();
    expect(seen).toEqual(['moving-1:ran', 'moving-2:dropped']);
    q.close();
  });
});
