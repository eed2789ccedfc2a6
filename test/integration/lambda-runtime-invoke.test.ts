// The HTTP side of Invoke (handleInvoke) driven by the real SDK v3 LambdaClient and by
// /usr/bin/aws, through a test-only stand-in for the control plane's route; and the async queue:
// Event invocations run in the background, failed ones are retried twice, none are lost.
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
import { awsCli, hasAwsCli } from '../helpers/aws-cli.js';

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

const decode = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

async function sdkError(promise: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}

describe('Invoke over HTTP with the SDK', () => {
  it('RequestResponse: 200, the payload, ExecutedVersion; Tail gives the log', async () => {
    const f = deploy({ files: { 'index.mjs': 'export const handler = async (e) => { console.log("event key", e.key); return { seen: e.key }; };' } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: f.name, Payload: Buffer.from('{"key":"a.jpg"}'), LogType: 'Tail' }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(JSON.parse(decode(out.Payload))).toEqual({ seen: 'a.jpg' });
    const log = Buffer.from(out.LogResult!, 'base64').toString();
    expect(log).toMatch(/^START RequestId: (\S+) Version: \$LATEST\n/);
    expect(log).toMatch(/\tINFO\tevent key a\.jpg\n/);
    expect(log).toMatch(/END RequestId: \S+\nREPORT RequestId: \S+\tDuration: /);
  });

  it('a function error: 200 with X-Amz-Function-Error Unhandled', async () => {
    const f = deploy({ files: { 'index.js': 'exports.handler = async () => { throw new Error("image too large"); };' } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: f.name }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    expect(JSON.parse(decode(out.Payload))).toMatchObject({ errorType: 'Error', errorMessage: 'image too large' });
    expect(out.LogResult).toBeUndefined();
  });

  it('an empty body is the event {}', async () => {
    const f = deploy({ files: { 'index.js': 'exports.handler = async (e) => ({ event: e });' } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: f.name }));
    expect(JSON.parse(decode(out.Payload))).toEqual({ event: {} });
  });

  it('DryRun: 204 and nothing runs', async () => {
    const f = deploy({ name: 'dry-run-probe', files: { 'index.js': 'exports.handler = async () => 1;' } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: f.name, InvocationType: 'DryRun' }));
    expect(out.StatusCode).toBe(204);
    expect(logMessages('dry-run-probe')).toEqual([]);
  });

  it('Event: 202 at once, the function runs in the background', async () => {
    const marker = join(dir, 'event-ran');
    const f = deploy({ environment: { MARKER: marker }, files: { 'index.js': 'exports.handler = async (e) => require("fs").writeFileSync(process.env.MARKER, JSON.stringify(e));' } });
    const out = await lambda.send(new InvokeCommand({ FunctionName: f.name, InvocationType: 'Event', Payload: Buffer.from('{"async":true}') }));
    expect(out.StatusCode).toBe(202);
    expect(decode(out.Payload)).toBe('');
    await queue.drain();
    expect(JSON.parse(readFileSync(marker, 'utf8'))).toEqual({ async: true });
  });

  it('a non-JSON body: 400 InvalidRequestContentException', async () => {
    const f = deploy({ files: { 'index.js': 'exports.handler = async () => 1;' } });
    const error = await sdkError(lambda.send(new InvokeCommand({ FunctionName: f.name, Payload: Buffer.from('not json') })));
    expect(error.status).toBe(400);
    expect(error.name).toBe('InvalidRequestContentException');
    expect(error.message).toMatch(/^Could not parse request body into json: Could not parse payload into json: /);
    const badUtf8 = await sdkError(lambda.send(new InvokeCommand({ FunctionName: f.name, Payload: Buffer.from([0x22, 0x87, 0x22]) })));
    expect(badUtf8.name).toBe('InvalidRequestContentException');
  });

  it('payloads over 6 MB (sync) and 256 KB (Event): 413 with AWS messages', async () => {
    const f = deploy({ files: { 'index.js': 'exports.handler = async () => 1;' } });
    const big = Buffer.from(JSON.stringify({ data: 'x'.repeat(6_291_456) }));
    const sync = await sdkError(lambda.send(new InvokeCommand({ FunctionName: f.name, Payload: big })));
    expect(sync).toMatchObject({ status: 413, name: 'RequestEntityTooLargeException', message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' });

    const medium = Buffer.from(JSON.stringify({ data: 'x'.repeat(300_000) }));
    const async = await sdkError(lambda.send(new InvokeCommand({ FunctionName: f.name, InvocationType: 'Event', Payload: medium })));
    expect(async).toMatchObject({
      status: 413,
      name: 'RequestEntityTooLargeException',
      message: `${medium.length} byte payload is too large for the Event invocation type (limit 262144 bytes)`,
    });
    // The same 300 KB payload is fine synchronously.
    const ok = await lambda.send(new InvokeCommand({ FunctionName: f.name, Payload: medium }));
    expect(ok.StatusCode).toBe(200);
  });

  it('an unknown invocation type: 400 ValidationException', async () => {
    const f = deploy({ files: { 'index.js': 'exports.handler = async () => 1;' } });
    const response = await fetch(`${server.url}/2015-03-31/functions/${f.name}/invocations`, {
      method: 'POST',
      headers: { 'X-Amz-Invocation-Type': 'Later' },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
    const body = (await response.json()) as { Type: string; message: string; Message: string };
    expect(body.Type).toBe('User');
    expect(body.Message).toBe(body.message);
    expect(body.message).toContain("Value 'Later' at 'invocationType'");
  });
});

describe('Invoke with /usr/bin/aws', () => {
  const maybe = hasAwsCli ? it : it.skip;
  if (!hasAwsCli) console.warn('SKIPPED: /usr/bin/aws is not installed');

  maybe('aws lambda invoke --log-type Tail writes the payload and returns the log', async () => {
    const f = deploy({ files: { 'index.js': 'exports.handler = async (e) => { console.log("cli says", e.from); return { answered: e.from }; };' } });
    const outFile = join(dir, 'cli-out.json');
    const result = await awsCli(server.url, [
      'lambda', 'invoke', '--function-name', f.name, '--payload', '{"from":"cli"}', '--cli-binary-format', 'raw-in-base64-out',
      '--log-type', 'Tail', outFile,
    ]);
    expect(result.code).toBe(0);
    const meta = JSON.parse(result.stdout) as { StatusCode: number; ExecutedVersion: string; LogResult: string; FunctionError?: string };
    expect(meta.StatusCode).toBe(200);
    expect(meta.ExecutedVersion).toBe('$LATEST');
    expect(meta.FunctionError).toBeUndefined();
    expect(Buffer.from(meta.LogResult, 'base64').toString()).toContain('\tINFO\tcli says cli');
    expect(JSON.parse(readFileSync(outFile, 'utf8'))).toEqual({ answered: 'cli' });
  });

  maybe('a function error shows FunctionError; an oversized Event payload fails with the AWS error', async () => {
    const f = deploy({ files: { 'index.js': 'exports.handler = async () => { throw new TypeError("nope"); };' } });
    const outFile = join(dir, 'cli-err.json');
    const failed = await awsCli(server.url, ['lambda', 'invoke', '--function-name', f.name, outFile]);
    expect(failed.code).toBe(0);
    expect(JSON.parse(failed.stdout)).toMatchObject({ StatusCode: 200, FunctionError: 'Unhandled' });
    expect(JSON.parse(readFileSync(outFile, 'utf8'))).toMatchObject({ errorType: 'TypeError', errorMessage: 'nope' });

    const payloadFile = join(dir, 'big.json');
    writeFileSync(payloadFile, JSON.stringify({ data: 'x'.repeat(270_000) }));
    const tooBig = await awsCli(server.url, [
      'lambda', 'invoke', '--function-name', f.name, '--invocation-type', 'Event', '--payload', `fileb://${payloadFile}`, outFile,
    ]);
    expect(tooBig.code).not.toBe(0);
    expect(tooBig.stderr).toMatch(/RequestEntityTooLargeException.*byte payload is too large for the Event invocation type \(limit 262144 bytes\)/);
  });
});

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
