// FunctionRunner running real functions in real worker processes: results, handler resolution,
// error shapes (made to happen), context, environment isolation, memory, warm reuse and
// replacement, parallel workers, and the logs each invocation writes.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionRunner } from '../../src/endpoint/lambda/runtime/function-runner.js';
import type { InvokeOutcome, RunnableFunction } from '../../src/endpoint/lambda/runtime/types.js';
import { LogStore } from '../../src/endpoint/logs/log-store.js';
import { makeFunction, testContext } from '../fixtures/functions/make-function.js';

let root: string;
let dataDir: string;
let zips: string;
let logs: LogStore;
let runner: FunctionRunner;
let sequence = 0;

// Set before the runner starts: a function must never see the runner's own environment.
process.env.SUPER_SECRET_TEST = 'do-not-leak';
process.env.AWS_SECRET_ACCESS_KEY = 'REAL-LOOKING-SECRET';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'st-runtime-'));
  // The data dir sits inside a "type": "module" project, like the runner's own checkout.
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'host-project', type: 'module' }));
  dataDir = join(root, 'data');
  zips = join(root, 'zips');
  logs = new LogStore(dataDir);
  // Idle workers stop after 5 s here (10 min by default) so the many test functions don't pile up.
  runner = new FunctionRunner({ context: testContext(dataDir), logs, maxWorkersPerFunction: 3, idleTimeoutMs: 5000 });
});

afterAll(async () => {
  await runner.close();
  rmSync(root, { recursive: true, force: true });
});

function fn(spec: Parameters<typeof makeFunction>[1]): RunnableFunction {
  return makeFunction(zips, spec);
}

async function invoke(f: RunnableFunction, event: unknown = {}, tail = false): Promise<InvokeOutcome & { requestId: string }> {
  const requestId = `req-${++sequence}-${Date.now()}`;
  const outcome = await runner.invoke(f, Buffer.from(JSON.stringify(event)), { requestId, tail });
  return { ...outcome, requestId };
}

const json = (outcome: InvokeOutcome): any => JSON.parse(outcome.payload.toString('utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any -- payloads are arbitrary JSON
const tailText = (outcome: InvokeOutcome): string => Buffer.from(outcome.logResultBase64 ?? '', 'base64').toString('utf8');

/** Waits (bounded) until a process no longer exists. */
async function processGone(pid: number, withinMs = 5000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

function logMessages(functionName: string): string[] {
  const group = logs.group(`/aws/lambda/${functionName}`);
  if (!group) return [];
  return logs.streams(group).flatMap((s) => s.events.map((e) => e.message));
}

describe('sync invoke returns the handler result', () => {
  it('ESM .mjs async handler', async () => {
    const f = fn({ files: { 'index.mjs': 'export const handler = async (event) => ({ doubled: event.n * 2, type: "esm" });' } });
    const out = await invoke(f, { n: 21 });
    expect(out.functionError).toBeUndefined();
    expect(out.executedVersion).toBe('$LATEST');
    expect(json(out)).toEqual({ doubled: 42, type: 'esm' });
  });

  it('CommonJS .js, even though the data dir lies inside a "type": "module" project', async () => {
    const f = fn({ files: { 'index.js': 'exports.handler = async (event) => ({ got: event, type: typeof module });' } });
    const out = await invoke(f, { a: 1 });
    expect(out.functionError).toBeUndefined();
    expect(json(out)).toEqual({ got: { a: 1 }, type: 'object' });
  });

  it('.js under a "type": "module" package.json is loaded as ESM', async () => {
    const f = fn({
      files: {
        'package.json': '{"type":"module"}',
        'index.js': 'export const handler = async () => ({ esm: typeof require === "undefined" });',
      },
    });
    expect(json(await invoke(f))).toEqual({ esm: true });
  });

  it('.cjs file', async () => {
    const f = fn({ files: { 'index.cjs': 'module.exports.handler = async () => "from cjs";' } });
    expect(json(await invoke(f))).toBe('from cjs');
  });

  it('callback-style handler', async () => {
    const f = fn({
      files: { 'index.js': 'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { via: "callback", n: event.n }), 20); };' },
    });
    expect(json(await invoke(f, { n: 7 }))).toEqual({ via: 'callback', n: 7 });
  });

  it('nested path src/app.handler and nested export index.api.handler', async () => {
    const nested = fn({ handler: 'src/app.handler', files: { 'src/app.js': 'exports.handler = async () => ({ where: __filename.endsWith("/src/app.js") });' } });
    expect(json(await invoke(nested))).toEqual({ where: true });
    const deep = fn({ handler: 'index.api.handler', files: { 'index.js': 'exports.api = { handler: async () => "deep" };' } });
    expect(json(await invoke(deep))).toBe('deep');
  });

  it('undefined result is null; a sync handler that returns without a callback answers null, as on Lambda', async () => {
    const undef = fn({ files: { 'index.mjs': 'export const handler = async () => undefined;' } });
    const outUndef = await invoke(undef);
    expect(outUndef.payload.toString()).toBe('null');
    const sync = fn({ files: { 'index.js': 'exports.handler = () => 42;' } });
    const outSync = await invoke(sync);
    expect(outSync.functionError).toBeUndefined();
    expect(outSync.payload.toString()).toBe('null');
  });

  it('callback waits for the empty event loop unless callbackWaitsForEmptyEventLoop is false', async () => {
    const code = (wait: boolean) => `
      exports.handler = (event, context, callback) => {
        context.callbackWaitsForEmptyEventLoop = ${wait};
        setTimeout(() => console.log('late timer fired'), 150);
        callback(null, 'answered');
      };`;
    const waits = await invoke(fn({ files: { 'index.js': code(true) } }), {}, true);
    expect(json(waits)).toBe('answered');
    const waitsLog = tailText(waits);
    expect(waitsLog.indexOf('late timer fired')).toBeGreaterThan(-1);
    expect(waitsLog.indexOf('late timer fired')).toBeLessThan(waitsLog.indexOf(`END RequestId: ${waits.requestId}`));

    const noWait = await invoke(fn({ files: { 'index.js': code(false) } }), {}, true);
    expect(json(noWait)).toBe('answered');
    expect(tailText(noWait)).not.toContain('late timer fired');
  });
});

describe('errors have the AWS shape, with FunctionError Unhandled', () => {
  it('a thrown error', async () => {
    const f = fn({
      files: {
        'index.mjs': `class ValidationFailed extends Error { constructor(m) { super(m); this.name = 'ValidationFailed'; } }
          export const handler = async (event) => { if (event.custom) throw new ValidationFailed('bad input'); throw new Error('boom'); };`,
      },
    });
    const out = await invoke(f, {}, true);
    expect(out.functionError).toBe('Unhandled');
    const body = json(out);
    expect(body.errorType).toBe('Error');
    expect(body.errorMessage).toBe('boom');
    expect(body.trace[0]).toBe('Error: boom');
    expect(body.trace.some((line: string) => line.includes('index.mjs'))).toBe(true);
    expect(tailText(out)).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"boom"/);

    const custom = await invoke(f, { custom: true });
    expect(json(custom)).toMatchObject({ errorType: 'ValidationFailed', errorMessage: 'bad input' });
  });

  it('a rejected non-Error value and a callback error', async () => {
    const f = fn({ files: { 'index.js': 'exports.handler = (event, context, callback) => event.cb ? callback(new TypeError("cb failed")) : Promise.reject("plain string");' } });
    expect(json(await invoke(f))).toEqual({ errorType: 'string', errorMessage: 'plain string', trace: [] });
    expect(json(await invoke(f, { cb: true }))).toMatchObject({ errorType: 'TypeError', errorMessage: 'cb failed' });
  });

  it('a timeout: Sandbox.Timedout, the worker is killed and replaced', async () => {
    const f = fn({
      timeoutSeconds: 1,
      files: {
        'index.js': `exports.handler = async (event) => {
          if (event.hang) await new Promise((resolve) => setTimeout(resolve, 30000));
          return { pid: process.pid };
        };`,
      },
    });
    const before = json(await invoke(f));
    const out = await invoke(f, { hang: true }, true);
    expect(out.functionError).toBe('Unhandled');
    expect(json(out)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${out.requestId} Error: Task timed out after 1.00 seconds`,
    });
    const tail = tailText(out);
    expect(tail).toContain(`${out.requestId} Task timed out after 1.00 seconds`);
    expect(tail).toMatch(new RegExp(`REPORT RequestId: ${out.requestId}\\t.*\\tStatus: timeout`));
    // The hung process is gone and a fresh one answers.
    expect(() => process.kill(before.pid, 0)).toThrow();
    const after = json(await invoke(f));
    expect(after.pid).not.toBe(before.pid);
  });

  it('a missing handler export: Runtime.HandlerNotFound', async () => {
    const f = fn({ files: { 'index.js': 'exports.notTheHandler = async () => 1;' } });
    const out = await invoke(f, {}, true);
    expect(out.functionError).toBe('Unhandled');
    const body = json(out);
    expect(body.errorType).toBe('Runtime.HandlerNotFound');
    expect(body.errorMessage).toBe('index.handler is undefined or not exported');
    expect(body.trace[0]).toBe('Runtime.HandlerNotFound: index.handler is undefined or not exported');
    expect(tailText(out)).toContain('Uncaught Exception');
    expect(tailText(out)).toMatch(/INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.HandlerNotFound/);

    const notFunction = fn({ files: { 'index.js': 'exports.handler = 42;' } });
    expect(json(await invoke(notFunction))).toMatchObject({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is not a function' });
  });

  it('an import error: Runtime.ImportModuleError, for a missing dependency and a missing handler file', async () => {
    const dependency = fn({ files: { 'index.js': 'const x = require("no-such-package-anywhere"); exports.handler = async () => x;' } });
    const depBody = json(await invoke(dependency));
    expect(depBody.errorType).toBe('Runtime.ImportModuleError');
    expect(depBody.errorMessage).toMatch(/^Error: Cannot find module 'no-such-package-anywhere'\nRequire stack:\n- .*index\.js/);

    const noFile = fn({ handler: 'index.handler', files: { 'main.js': 'exports.handler = async () => 1;' } });
    const noFileBody = json(await invoke(noFile));
    expect(noFileBody.errorType).toBe('Runtime.ImportModuleError');
    expect(noFileBody.errorMessage).toMatch(/^Error: Cannot find module 'index'\nRequire stack:/);
  });

  it('a syntax error: Runtime.UserCodeSyntaxError', async () => {
    const f = fn({ files: { 'index.js': 'exports.handler = async () => { return {; };' } });
    const out = await invoke(f);
    const body = json(out);
    expect(out.functionError).toBe('Unhandled');
    expect(body.errorType).toBe('Runtime.UserCodeSyntaxError');
    expect(body.errorMessage).toMatch(/^SyntaxError: /);
  });

  it('a malformed handler name: Runtime.MalformedHandlerName', async () => {
    const f = fn({ handler: 'index', files: { 'index.js': 'exports.handler = async () => 1;' } });
    expect(json(await invoke(f))).toMatchObject({ errorType: 'Runtime.MalformedHandlerName', errorMessage: 'Bad handler' });
    const up = fn({ handler: '../index.handler', files: { 'index.js': 'exports.handler = async () => 1;' } });
    expect(json(await invoke(up)).errorType).toBe('Runtime.MalformedHandlerName');
  });

  it('an error thrown while the module loads is the init error, and every invocation gets it', async () => {
    const f = fn({ files: { 'index.js': 'throw new RangeError("config missing"); exports.handler = async () => 1;' } });
    const first = await invoke(f);
    const second = await invoke(f);
    expect(json(first)).toMatchObject({ errorType: 'RangeError', errorMessage: 'config missing' });
    expect(json(second)).toMatchObject({ errorType: 'RangeError', errorMessage: 'config missing' });
  });

  it('a process that exits mid-invocation: Runtime.ExitError, then a new worker answers', async () => {
    const f = fn({ files: { 'index.js': 'exports.handler = async (event) => { if (event.exit) process.exit(3); return process.pid; };' } });
    const pid = json(await invoke(f));
    const out = await invoke(f, { exit: true });
    expect(out.functionError).toBe('Unhandled');
    expect(json(out)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${out.requestId} Error: Runtime exited with error: exit status 3` });
    const next = json(await invoke(f));
    expect(next).not.toBe(pid);
  });

  it('an uncaught exception from a timer fails the invocation and replaces the worker', async () => {
    const f = fn({
      files: { 'index.js': 'exports.handler = (event) => new Promise(() => { setTimeout(() => { throw new Error("async explosion"); }, 10); });' },
    });
    const out = await invoke(f, {}, true);
    expect(json(out)).toMatchObject({ errorType: 'Error', errorMessage: 'async explosion' });
    expect(tailText(out)).toContain('Uncaught Exception');
  });

  it('a function that exhausts its memory: Runtime.ExitError, and a new worker answers', async () => {
    const f = fn({
      memorySizeMb: 128,
      timeoutSeconds: 30,
      files: {
        'index.js': `const keep = [];
          exports.handler = async (event) => {
            if (event.grow) for (;;) keep.push(new Array(100000).fill(Math.random()));
            return 'fine';
          };`,
      },
    });
    const out = await invoke(f, { grow: true }, true);
    expect(out.functionError).toBe('Unhandled');
    expect(json(out)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${out.requestId} Error: Runtime exited with error: signal: aborted (core dumped)` });
    const tail = tailText(out);
    expect(tail).toContain('JavaScript heap out of memory');
    const used = Number(/Max Memory Used: (\d+) MB/.exec(tail)?.[1]);
    expect(used).toBeGreaterThan(64);
    expect(json(await invoke(f))).toBe('fine');
  });

  it('a response above 6 MB: Function.ResponseSizeTooLarge', async () => {
    const f = fn({ files: { 'index.js': 'exports.handler = async () => "x".repeat(6 * 1024 * 1024 + 200);' } });
    const out = await invoke(f);
    expect(out.functionError).toBe('Unhandled');
    expect(json(out)).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
  });
});

describe('the execution environment', () => {
  it('has only the Lambda environment: no secret of the runner leaks, credentials are test/test', async () => {
    const f = fn({
      name: 'env-probe',
      memorySizeMb: 256,
      environment: { BUCKET_NAME: 'product-images', AWS_REGION: 'eu-west-3' },
      files: { 'index.js': 'exports.handler = async () => ({ env: process.env, cwd: process.cwd() });' },
    });
    const { env, cwd } = json(await invoke(f));
    expect(env.SUPER_SECRET_TEST).toBeUndefined();
    expect(env.AWS_ACCESS_KEY_ID).toBe('test');
    expect(env.AWS_SECRET_ACCESS_KEY).toBe('test');
    expect(env.AWS_SESSION_TOKEN).toBeTruthy();
    expect(env.AWS_REGION).toBe('us-east-1'); // reserved: the function's own value does not replace it
    expect(env.AWS_DEFAULT_REGION).toBe('us-east-1');
    expect(env.BUCKET_NAME).toBe('product-images');
    expect(env.AWS_LAMBDA_FUNCTION_NAME).toBe('env-probe');
    expect(env.AWS_LAMBDA_FUNCTION_VERSION).toBe('$LATEST');
    expect(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE).toBe('256');
    expect(env.AWS_LAMBDA_LOG_GROUP_NAME).toBe('/aws/lambda/env-probe');
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(env._HANDLER).toBe('index.handler');
    expect(env.AWS_EXECUTION_ENV).toBe('AWS_Lambda_nodejs20.x');
    expect(env.AWS_ENDPOINT_URL).toBe('http://127.0.0.1:9');
    expect(env.TZ).toBe(':UTC');
    expect(env.LANG).toBe('en_US.UTF-8');
    expect(env.PATH).toBe('/usr/local/bin:/usr/bin:/bin');
    expect(env.LAMBDA_TASK_ROOT).toBe(cwd);
    expect(env.LAMBDA_TASK_ROOT.startsWith(dataDir) || env.LAMBDA_TASK_ROOT.includes('/lambda/runtime-code/')).toBe(true);
    expect(env._X_AMZN_TRACE_ID).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    expect(env.HOME).not.toBe(process.env.HOME);
    // Nothing beyond what Lambda (and this runner, documented) sets, plus the function's own.
    const allowed = new Set([
      'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
      'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
      '_HANDLER', 'AWS_EXECUTION_ENV', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'TZ', 'PATH',
      'LANG', 'HOME', 'PWD', 'NODE_PATH', '_X_AMZN_TRACE_ID', 'BUCKET_NAME',
    ]);
    expect(Object.keys(env).filter((k) => !allowed.has(k))).toEqual([]);
  });

  it('gives the handler a Lambda context object', async () => {
    const f = fn({
      name: 'context-probe',
      timeoutSeconds: 5,
      memorySizeMb: 192,
      files: {
        'index.mjs': `export const handler = async (event, context) => ({
          awsRequestId: context.awsRequestId, functionName: context.functionName, functionVersion: context.functionVersion,
          invokedFunctionArn: context.invokedFunctionArn, memoryLimitInMB: context.memoryLimitInMB,
          logGroupName: context.logGroupName, logStreamName: context.logStreamName,
          remaining: context.getRemainingTimeInMillis(), waits: context.callbackWaitsForEmptyEventLoop,
          streamEnv: process.env.AWS_LAMBDA_LOG_STREAM_NAME });`,
      },
    });
    const out = await invoke(f);
    const ctx = json(out);
    expect(ctx).toMatchObject({
      awsRequestId: out.requestId,
      functionName: 'context-probe',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:context-probe',
      memoryLimitInMB: '192',
      logGroupName: '/aws/lambda/context-probe',
      waits: true,
    });
    expect(ctx.logStreamName).toBe(ctx.streamEnv);
    expect(ctx.remaining).toBeGreaterThan(0);
    expect(ctx.remaining).toBeLessThanOrEqual(5000);
    // The stream the context names is where this invocation's log went.
    const stream = logs.stream('/aws/lambda/context-probe', ctx.logStreamName);
    expect(stream?.events.some((e) => e.message === `START RequestId: ${out.requestId} Version: $LATEST`)).toBe(true);
  });

  it('applies MemorySize to the worker heap', async () => {
    const code = { 'index.js': 'exports.handler = async () => require("v8").getHeapStatistics().heap_size_limit / 1048576;' };
    const small = json(await invoke(fn({ memorySizeMb: 128, files: code })));
    const large = json(await invoke(fn({ memorySizeMb: 1024, files: code })));
    expect(small).toBeLessThanOrEqual(128);
    expect(small).toBeGreaterThan(64);
    expect(large).toBeLessThanOrEqual(1024);
    expect(large).toBeGreaterThan(512);
  });

  it('runs nodejs18.x, 22.x and 24.x functions on this machine\'s Node', async () => {
    for (const runtime of ['nodejs18.x', 'nodejs22.x', 'nodejs24.x']) {
      const f = fn({ runtime, files: { 'index.mjs': 'export const handler = async () => process.env.AWS_EXECUTION_ENV;' } });
      expect(json(await invoke(f))).toBe(`AWS_Lambda_${runtime}`);
    }
  });

  it('refuses a runtime it cannot run with a clear error', async () => {
    const f = fn({ runtime: 'python3.12', handler: 'app.handler', files: { 'app.py': 'def handler(e, c): return 1' } });
    const out = await invoke(f);
    expect(out.functionError).toBe('Unhandled');
    expect(json(out).errorType).toBe('Runtime.InvalidRuntime');
    expect(json(out).errorMessage).toContain('python3.12 cannot run here');
  });
});

describe('workers are kept warm and replaced', () => {
  it('reuses the worker (same pid, module state kept) and replaces it after invalidate()', async () => {
    const files = { 'index.mjs': 'let count = 0; export const handler = async () => ({ count: ++count, pid: process.pid });' };
    const f = fn({ name: 'warm-probe', files });
    const first = await invoke(f, {}, true);
    const second = await invoke(f, {}, true);
    expect(json(first).count).toBe(1);
    expect(json(second)).toEqual({ count: 2, pid: json(first).pid });
    expect(tailText(first)).toContain('Init Duration:');
    expect(tailText(second)).not.toContain('Init Duration:');

    runner.invalidate('warm-probe');
    const third = json(await invoke(f));
    expect(third.count).toBe(1);
    expect(third.pid).not.toBe(json(first).pid);
    // The retired worker was stopped.
    expect(await processGone(json(first).pid)).toBe(true);
  });

  it('invalidate() lets an in-flight invocation finish on the old code while new ones run the new code', async () => {
    const gate = join(root, `gate-${Date.now()}`);
    const environment = { GATE: gate };
    const v1 = fn({
      name: 'in-flight',
      timeoutSeconds: 20,
      environment,
      files: {
        'index.js': `const fs = require('fs');
          exports.handler = async () => {
            const deadline = Date.now() + 10000;
            while (!fs.existsSync(process.env.GATE) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
            return { version: 'v1', pid: process.pid };
          };`,
      },
    });
    const v2 = fn({ name: 'in-flight', timeoutSeconds: 20, environment, files: { 'index.js': 'exports.handler = async () => ({ version: "v2", pid: process.pid });' } });
    const slow = invoke(v1);
    const started = Date.now();
    while (!logMessages('in-flight').some((m) => m.startsWith('START RequestId: ')) && Date.now() - started < 10000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    runner.invalidate('in-flight');
    const fresh = json(await invoke(v2));
    expect(fresh.version).toBe('v2');
    writeFileSync(gate, 'open');
    const old = json(await slow);
    expect(old.version).toBe('v1');
    expect(old.pid).not.toBe(fresh.pid);
    // Once its invocation finished, the retired worker was stopped.
    expect(await processGone(old.pid)).toBe(true);
  });

  it('stops a worker that stayed idle for idleTimeoutMs, and starts a new one when needed', async () => {
    const quick = new FunctionRunner({ context: testContext(dataDir), logs, idleTimeoutMs: 300 });
    try {
      const f = fn({ files: { 'index.js': 'exports.handler = async () => process.pid;' } });
      const pid = json(await quick.invoke(f, Buffer.from('{}'), { requestId: 'idle-1', tail: false }));
      expect(quick.workerPids(f.name)).toEqual([pid]);
      expect(await processGone(pid)).toBe(true);
      expect(quick.workerPids(f.name)).toEqual([]);
      expect(json(await quick.invoke(f, Buffer.from('{}'), { requestId: 'idle-2', tail: false }))).not.toBe(pid);
    } finally {
      await quick.close();
    }
  });

  it('runs new code when the function is given with a new CodeSha256', async () => {
    const v1 = fn({ name: 'code-update', files: { 'index.js': 'exports.handler = async () => "v1";' } });
    const v2 = fn({ name: 'code-update', files: { 'index.js': 'exports.handler = async () => "v2";' } });
    expect(json(await invoke(v1))).toBe('v1');
    expect(json(await invoke(v2))).toBe('v2');
  });

  it('unpacks each code version once, into its own directory', async () => {
    const f = fn({ files: { 'index.js': 'exports.handler = async () => __dirname;' } });
    const a = json(await invoke(f));
    runner.invalidate(f.name);
    const b = json(await invoke(f));
    expect(a).toBe(b);
    expect(a).toContain(Buffer.from(f.codeSha256, 'base64').toString('hex'));
  });

  it('runs parallel invocations on separate workers, at most maxWorkersPerFunction, queueing the rest', async () => {
    const barrierDir = mkdtempSync(join(tmpdir(), 'st-barrier-'));
    const f = fn({
      name: 'parallel-probe',
      timeoutSeconds: 20,
      environment: { BARRIER_FILE: join(barrierDir, 'arrivals') },
      files: {
        'index.js': `const fs = require('fs');
          exports.handler = async () => {
            fs.appendFileSync(process.env.BARRIER_FILE, process.pid + '\\n');
            // Wait (bounded) until three invocations have arrived: only possible if they run at once.
            const deadline = Date.now() + 10000;
            let seen = 0;
            while (Date.now() < deadline) {
              seen = fs.readFileSync(process.env.BARRIER_FILE, 'utf8').trim().split('\\n').length;
              if (seen >= 3) break;
              await new Promise((r) => setTimeout(r, 20));
            }
            return { pid: process.pid, seen };
          };`,
      },
    });
    const results = (await Promise.all([1, 2, 3, 4, 5].map(() => invoke(f)))).map(json);
    expect(results.every((r) => r.seen >= 3)).toBe(true);
    const pids = new Set(results.map((r) => r.pid));
    expect(pids.size).toBe(3); // the runner's bound; the 4th and 5th waited for a free worker
    expect(readFileSync(join(barrierDir, 'arrivals'), 'utf8').trim().split('\n')).toHaveLength(5);
    rmSync(barrierDir, { recursive: true, force: true });
  });
});

describe('logs', () => {
  it('Tail decodes to START, the console output, END and REPORT', async () => {
    const f = fn({
      name: 'tail-probe',
      files: {
        'index.js': `console.log('cold start, module loaded');
          exports.handler = async (event) => {
            console.log('processing', event.key);
            console.info('info line'); console.warn('warn line'); console.error('error line'); console.debug('debug line');
            process.stdout.write('raw stdout line\\n');
            return 'ok';
          };`,
      },
    });
    const out = await invoke(f, { key: 'photo.jpg' }, true);
    const id = out.requestId;
    const lines = tailText(out).trimEnd().split('\n');
    expect(lines[0]).toBe(`START RequestId: ${id} Version: $LATEST`);
    const stamp = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${stamp}\\t${id}\\tINFO\\tprocessing photo.jpg$`)),
        expect.stringMatching(new RegExp(`^${stamp}\\t${id}\\tINFO\\tinfo line$`)),
        expect.stringMatching(new RegExp(`^${stamp}\\t${id}\\tWARN\\twarn line$`)),
        expect.stringMatching(new RegExp(`^${stamp}\\t${id}\\tERROR\\terror line$`)),
        expect.stringMatching(new RegExp(`^${stamp}\\t${id}\\tDEBUG\\tdebug line$`)),
        'raw stdout line',
      ]),
    );
    expect(lines[lines.length - 2]).toBe(`END RequestId: ${id}`);
    expect(lines[lines.length - 1]).toMatch(
      new RegExp(`^REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d{2} ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d{2} ms$`),
    );
    // The init-phase line is in the stream (request id "undefined", as Lambda prints it), not in the tail.
    expect(lines.join('\n')).not.toContain('cold start');
    const all = logMessages('tail-probe');
    expect(all.some((m) => /\tundefined\tINFO\tcold start, module loaded$/.test(m))).toBe(true);
    expect(all.some((m) => m.startsWith('INIT_START Runtime Version: nodejs:20.'))).toBe(true);
  });

  it('Tail keeps only the last 4096 bytes', async () => {
    const f = fn({ files: { 'index.js': 'exports.handler = async () => { for (let i = 0; i < 200; i++) console.log("line " + i + " " + "x".repeat(40)); return 1; };' } });
    const out = await invoke(f, {}, true);
    const tail = Buffer.from(out.logResultBase64!, 'base64');
    expect(tail.length).toBe(4096);
    expect(tail.toString()).toContain('line 199');
    expect(tail.toString()).not.toContain('line 0 ');
    expect(tail.toString().trimEnd().split('\n').pop()).toMatch(/^REPORT RequestId: /);
  });

  it('multi-line messages stay one log event', async () => {
    const f = fn({ name: 'multiline-probe', files: { 'index.js': 'exports.handler = async () => { console.log("first\\nsecond"); return 1; };' } });
    await invoke(f);
    expect(logMessages('multiline-probe').some((m) => m.endsWith('\tINFO\tfirst\nsecond'))).toBe(true);
  });
});
