// An unwritable data or state directory. At start: `endpoint` and the lesson commands with
// --embedded stop with a message naming the directory and what to do (en/ja), exit 2, no stack
// trace. Later (the directory stops being writable while the endpoint runs): S3 and Lambda answer
// AWS-shaped 500 errors naming the directory, reads keep working, an Event invoke that cannot be
// recorded is not accepted, and the log says so in one line, not a stack trace per request.
import { describe, it, expect, afterAll } from '@jest/globals';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { runCli } from '../helpers/cli.js';
import { clientsFor } from '../helpers/clients.js';
import { startTestEndpoint, tempDir } from '../helpers/endpoint.js';
import { makeReadOnly } from '../helpers/read-only.js';
import { deployFunction, TEST_ROLE } from '../fixtures/functions/deploy.js';
import { zipFunction } from '../fixtures/functions/make-function.js';

const undos: (() => void)[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const undo of undos.reverse()) undo();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory made read-only, or undefined (with a warning) where this machine cannot. */
function readOnlyDir(): string | undefined {
  const dir = tempDir('st-unwritable-');
  dirs.push(dir);
  const undo = makeReadOnly(dir);
  if (!undo) {
    console.warn('SKIPPED: cannot make a directory read-only for root here (no bind mount, no chattr)');
    return undefined;
  }
  undos.push(undo);
  return dir;
}

describe('at start', () => {
  it('`endpoint --data-dir` on a read-only directory: a clear message, exit 2', async () => {
    const dir = readOnlyDir();
    if (!dir) return;
    const en = await runCli(['endpoint', '--port', '0', '--data-dir', join(dir, 'data')]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(`Cannot write to ${dir} (`);
    expect(en.stderr).toContain('--data-dir DIR');
    expect(en.stderr).not.toMatch(/\n\s+at /);
    const ja = await runCli(['endpoint', '--lang', 'ja', '--port', '0', '--data-dir', dir]);
    expect(ja.code).toBe(2);
    expect(ja.stderr).toContain(`${dir} に書き込めません`);
  });

  it('`run --embedded` and `check --embedded` with a read-only state dir: a clear message, exit 2', async () => {
    const dir = readOnlyDir();
    if (!dir) return;
    for (const command of ['run', 'check']) {
      const out = await runCli([command, '--embedded', '--state-dir', join(dir, 'state'), '--lang', 'ja']);
      expect({ command, code: out.code }).toEqual({ command, code: 2 });
      expect(out.stderr).toContain(`${dir} に書き込めません`);
      expect(out.stderr).toContain('--state-dir DIR');
      expect(out.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('while running', () => {
  it('answers AWS-shaped errors naming the directory, keeps serving reads and warm functions, logs one line', async () => {
    const endpoint = await startTestEndpoint();
    const clients = clientsFor(endpoint.url);
    const written: string[] = [];
    const realWrite = process.stderr.write.bind(process.stderr);
    let undo: (() => void) | undefined;
    try {
      await clients.s3.send(new CreateBucketCommand({ Bucket: 'kept' }));
      await clients.s3.send(new PutObjectCommand({ Bucket: 'kept', Key: 'before.txt', Body: 'written before' }));
      await deployFunction(clients.lambda, { name: 'runner', files: { 'index.js': 'exports.handler = async () => "ran";' } });
      await clients.lambda.send(new InvokeCommand({ FunctionName: 'runner' })); // a warm worker
      undo = makeReadOnly(endpoint.dataDir);
      if (!undo) {
        console.warn('SKIPPED: cannot make a directory read-only for root here (no bind mount, no chattr)');
        return;
      }
      process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        written.push(String(chunk));
        return realWrite(chunk, ...(rest as []));
      }) as typeof process.stderr.write;

      const failures: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        failures.push(await clients.s3.send(new PutObjectCommand({ Bucket: 'kept', Key: `after-${i}.txt`, Body: 'x' })).catch((e: unknown) => e));
      }
      for (const failure of failures) {
        expect(failure).toMatchObject({ name: 'InternalError', $metadata: { httpStatusCode: 500 } });
        expect((failure as Error).message).toContain(`cannot write to ${endpoint.dataDir}`);
      }
      const created = await clients.lambda.send(new CreateFunctionCommand({
        FunctionName: 'later', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: TEST_ROLE,
        Code: { ZipFile: zipFunction({ 'index.js': 'exports.handler = async () => 1;' }) },
      })).catch((e: unknown) => e);
      expect(created).toMatchObject({ name: 'ServiceException', $metadata: { httpStatusCode: 500 } });
      const event = await clients.lambda.send(new InvokeCommand({ FunctionName: 'runner', InvocationType: 'Event' })).catch((e: unknown) => e);
      expect(event).toMatchObject({ name: 'ServiceException', $metadata: { httpStatusCode: 500 } });

      // Reads still work, and so does a synchronous invoke (its log cannot be kept, but Tail has it).
      const got = await clients.s3.send(new GetObjectCommand({ Bucket: 'kept', Key: 'before.txt' }));
      expect(await got.Body?.transformToString()).toBe('written before');
      for (let i = 0; i < 2; i++) {
        const ran = await clients.lambda.send(new InvokeCommand({ FunctionName: 'runner', LogType: 'Tail' }));
        expect(Buffer.from(ran.Payload ?? []).toString()).toBe('"ran"');
        expect(Buffer.from(ran.LogResult ?? '', 'base64').toString()).toContain('REPORT RequestId');
      }

      const log = written.join('');
      expect(log.match(/cannot write/g)).toHaveLength(1);
      expect(log).not.toMatch(/\n\s+at /);
      expect(log).not.toContain('internal error');
    } finally {
      process.stderr.write = realWrite;
      undo?.();
      for (const client of Object.values(clients)) client.destroy();
      await endpoint.dispose();
    }
  }, 60_000);
});
