// Function execution end to end through the REAL endpoint: functions are created with
// CreateFunction (zips built with fflate), invoked through the SDK and through /usr/bin/aws, and
// their logs read back through CloudWatch Logs and `aws logs tail`. Every failure is made to
// happen: a thrown error, a timeout, a missing handler, an import error, a syntax error.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FilterLogEventsCommand, GetLogEventsCommand, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { awsCli, hasAwsCli } from '../helpers/aws-cli.js';
import { sdkError } from '../helpers/sdk-error.js';
import { startEndToEnd, utf8, type EndToEnd } from '../fixtures/functions/end-to-end.js';
import { createFunction, deployFunction, type DeploySpec } from '../fixtures/functions/deploy.js';
import { BOOTSTRAP } from '../fixtures/functions/shell-bootstrap.js';

const hasCurl = existsSync('/usr/bin/curl');
if (!hasAwsCli) console.warn('SKIPPED: /usr/bin/aws is not installed');
if (!hasCurl) console.warn('SKIPPED: the provided.al2023 test needs /usr/bin/curl');
const withCli = hasAwsCli ? it : it.skip;

let e2e: EndToEnd;

/** Every function the tests invoke, created once through CreateFunction. */
const FUNCTIONS: DeploySpec[] = [
  {
    name: 'echo',
    files: { 'index.mjs': 'export const handler = async (event) => { console.log("echo says", event.word); return { echoed: event }; };' },
  },
  { name: 'thrower', files: { 'index.js': 'exports.handler = async () => { throw new Error("image too large"); };' } },
  { name: 'sleeper', timeout: 1, files: { 'index.js': 'exports.handler = async () => { await new Promise((r) => setTimeout(r, 5000)); return "late"; };' } },
  { name: 'no-export', files: { 'index.js': 'exports.somethingElse = async () => 1;' } },
  { name: 'bad-import', files: { 'index.js': 'const missing = require("no-such-package-anywhere");\nexports.handler = async () => missing;' } },
  { name: 'bad-syntax', files: { 'index.js': 'exports.handler = async () => {\n  return { unclosed: true ;\n' } },
  {
    // @aws-sdk v3 unbundled, no endpoint, region or credentials of its own: all from the environment.
    name: 's3-copier',
    files: {
      'index.mjs': `import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => {
  const got = await s3.send(new GetObjectCommand({ Bucket: event.bucket, Key: event.from }));
  const text = await got.Body.transformToString();
  await s3.send(new PutObjectCommand({ Bucket: event.bucket, Key: event.to, Body: text.toUpperCase() + ' (copied by lambda)' }));
  return { read: text.length, endpoint: process.env.AWS_ENDPOINT_URL };
};`,
    },
  },
];
if (hasCurl) FUNCTIONS.push({ name: 'shell-fn', runtime: 'provided.al2023', timeout: 10, files: { bootstrap: { content: BOOTSTRAP, mode: 0o755 } } });

beforeAll(async () => {
  e2e = await startEndToEnd('st-endpoint-invoke-');
  const { clients } = e2e;
  await Promise.all(FUNCTIONS.map((spec) => deployFunction(clients.lambda, spec)));
}, 60_000);

afterAll(async () => {
  await e2e?.dispose();
});

async function invokeSdk(name: string, event: unknown = {}, tail = false) {
  const out = await e2e.clients.lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(event)), LogType: tail ? 'Tail' : undefined }),
  );
  return { out, payload: JSON.parse(utf8(out.Payload)) as Record<string, unknown>, log: Buffer.from(out.LogResult ?? '', 'base64').toString() };
}

interface CliInvoke {
  meta: { StatusCode: number; FunctionError?: string; ExecutedVersion?: string; LogResult?: string };
  payload: Record<string, unknown>;
}

let outFiles = 0;
/** `aws lambda invoke --cli-binary-format raw-in-base64-out --payload '{…}' out.json`, as a learner types it. */
async function invokeCli(name: string, event: unknown = {}, extra: string[] = []): Promise<CliInvoke> {
  const outFile = join(e2e.work, `out-${++outFiles}.json`);
  const result = await awsCli(e2e.endpoint.url, [
    'lambda', 'invoke', '--function-name', name, '--cli-binary-format', 'raw-in-base64-out', '--payload', JSON.stringify(event), ...extra, outFile,
  ]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return { meta: JSON.parse(result.stdout) as CliInvoke['meta'], payload: JSON.parse(readFileSync(outFile, 'utf8')) as Record<string, unknown> };
}

describe('a successful invoke', () => {
  it('SDK: 200, the handler\'s result as the payload, $LATEST; Tail decodes to START…output…END…REPORT', async () => {
    const { out, payload, log } = await invokeSdk('echo', { word: 'bonjour' }, true);
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(payload).toEqual({ echoed: { word: 'bonjour' } });
    expect(log).toMatch(
      /^START RequestId: (\S+) Version: \$LATEST\n(?:.*\n)*?\S+\t\1\tINFO\techo says bonjour\n(?:.*\n)*?END RequestId: \1\nREPORT RequestId: \1\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB/,
    );
  });

  withCli('aws lambda invoke --cli-binary-format raw-in-base64-out --payload writes the result to out.json; --log-type Tail', async () => {
    const { meta, payload } = await invokeCli('echo', { word: 'hola' }, ['--log-type', 'Tail']);
    expect(meta).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(meta.FunctionError).toBeUndefined();
    expect(payload).toEqual({ echoed: { word: 'hola' } });
    const log = Buffer.from(meta.LogResult ?? '', 'base64').toString();
    expect(log).toMatch(/^START RequestId: (\S+) Version: \$LATEST\n(?:.*\n)*?.*\tINFO\techo says hola\n(?:.*\n)*?END RequestId: \1\nREPORT RequestId: \1\t/);
  });
});

/** Each failure, the AWS-shaped payload it must give (with X-Amz-Function-Error: Unhandled). */
const FAILURES: Array<{ what: string; name: string; errorType: string; errorMessage: RegExp }> = [
  { what: 'a thrown error', name: 'thrower', errorType: 'Error', errorMessage: /^image too large$/ },
  { what: 'a timeout (Timeout 1)', name: 'sleeper', errorType: 'Sandbox.Timedout', errorMessage: /^RequestId: \S+ Error: Task timed out after 1\.00 seconds$/ },
  { what: 'a missing handler export', name: 'no-export', errorType: 'Runtime.HandlerNotFound', errorMessage: /^index\.handler is undefined or not exported$/ },
  { what: 'an import error', name: 'bad-import', errorType: 'Runtime.ImportModuleError', errorMessage: /^Error: Cannot find module 'no-such-package-anywhere'/ },
  { what: 'a syntax error', name: 'bad-syntax', errorType: 'Runtime.UserCodeSyntaxError', errorMessage: /^SyntaxError: / },
];

describe.each(FAILURES)('$what', ({ name, errorType, errorMessage }) => {
  it('SDK: 200, FunctionError Unhandled, {errorType, errorMessage}', async () => {
    const { out, payload } = await invokeSdk(name, {});
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBe('Unhandled');
    expect(payload.errorType).toBe(errorType);
    expect(String(payload.errorMessage)).toMatch(errorMessage);
  });

  withCli('aws lambda invoke: FunctionError Unhandled in the output, the error in out.json', async () => {
    const { meta, payload } = await invokeCli(name, {});
    expect(meta).toMatchObject({ StatusCode: 200, FunctionError: 'Unhandled' });
    expect(payload.errorType).toBe(errorType);
    expect(String(payload.errorMessage)).toMatch(errorMessage);
  });
});

describe('the timed-out worker is replaced', () => {
  it('the timeout is in the log, and the next invoke of the same function times out afresh', async () => {
    const first = await invokeSdk('sleeper', {}, true);
    expect(first.log).toMatch(/\S+ \S+ Task timed out after 1\.00 seconds\n/);
    const second = await invokeSdk('sleeper', {}, true);
    expect(second.payload.errorType).toBe('Sandbox.Timedout');
    expect(second.out.FunctionError).toBe('Unhandled');
  });
});

describe('logs through CloudWatch Logs', () => {
  beforeAll(async () => {
    await invokeSdk('echo', { word: 'logged-through-cloudwatch' });
  });

  it('SDK: /aws/lambda/echo has a stream whose events hold the function\'s output between START and REPORT', async () => {
    const group = '/aws/lambda/echo';
    const streams = await e2e.clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(streams.logStreams?.length).toBeGreaterThan(0);
    const filtered = await e2e.clients.logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'logged-through-cloudwatch' }));
    expect(filtered.events).toHaveLength(1);
    const [event] = filtered.events!;
    expect(event.message).toMatch(/\tINFO\techo says logged-through-cloudwatch\n?$/);
    const stream = await e2e.clients.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: event.logStreamName, startFromHead: true }));
    const messages = (stream.events ?? []).map((e) => e.message ?? '');
    const at = messages.findIndex((m) => m.includes('logged-through-cloudwatch'));
    expect(messages.slice(0, at).reverse().find((m) => m.startsWith('START ') || m.startsWith('REPORT '))).toMatch(/^START RequestId: /);
    expect(messages.slice(at).find((m) => m.startsWith('START ') || m.startsWith('REPORT '))).toMatch(/^REPORT RequestId: /);
  });

  withCli('aws logs tail /aws/lambda/echo shows the function\'s output', async () => {
    const result = await awsCli(e2e.endpoint.url, ['logs', 'tail', '/aws/lambda/echo', '--since', '1h']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/START RequestId: /);
    expect(result.stdout).toMatch(/\tINFO\techo says logged-through-cloudwatch/);
    expect(result.stdout).toMatch(/REPORT RequestId: /);
  });

  withCli('aws logs tail of a function that never ran: ResourceNotFoundException', async () => {
    const result = await awsCli(e2e.endpoint.url, ['logs', 'tail', '/aws/lambda/never-created']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('ResourceNotFoundException');
  });
});

describe('S3 from inside a function through AWS_ENDPOINT_URL', () => {
  beforeAll(async () => {
    await e2e.clients.s3.send(new CreateBucketCommand({ Bucket: 'function-io' }));
    await e2e.clients.s3.send(new PutObjectCommand({ Bucket: 'function-io', Key: 'in/note.txt', Body: 'hello from the test' }));
  });

  it('SDK: the unbundled @aws-sdk/client-s3 with no configuration reads an object and writes another', async () => {
    const { out, payload } = await invokeSdk('s3-copier', { bucket: 'function-io', from: 'in/note.txt', to: 'out/sdk.txt' });
    expect(out.FunctionError).toBeUndefined();
    expect(payload).toEqual({ read: 'hello from the test'.length, endpoint: e2e.endpoint.url });
    const written = await e2e.clients.s3.send(new GetObjectCommand({ Bucket: 'function-io', Key: 'out/sdk.txt' }));
    expect(await written.Body!.transformToString()).toBe('HELLO FROM THE TEST (copied by lambda)');
  });

  withCli('aws lambda invoke: the same round trip, the written object read back with the SDK', async () => {
    const { meta, payload } = await invokeCli('s3-copier', { bucket: 'function-io', from: 'in/note.txt', to: 'out/cli.txt' });
    expect(meta.FunctionError).toBeUndefined();
    expect(payload.read).toBe('hello from the test'.length);
    const written = await e2e.clients.s3.send(new GetObjectCommand({ Bucket: 'function-io', Key: 'out/cli.txt' }));
    expect(await written.Body!.transformToString()).toBe('HELLO FROM THE TEST (copied by lambda)');
  });

  it('a missing input object is the function\'s error (NoSuchKey from S3), not the endpoint\'s', async () => {
    const { out, payload } = await invokeSdk('s3-copier', { bucket: 'function-io', from: 'in/absent.txt', to: 'out/never.txt' });
    expect(out.FunctionError).toBe('Unhandled');
    expect(payload.errorType).toBe('NoSuchKey');
  });
});

(hasCurl ? describe : describe.skip)('a shell bootstrap on provided.al2023', () => {
  it('SDK: answers an invoke through the Runtime API', async () => {
    const { out, payload, log } = await invokeSdk('shell-fn', { shell: 'sdk' }, true);
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(payload).toMatchObject({ echo: { shell: 'sdk' }, arn: 'arn:aws:lambda:us-east-1:000000000000:function:shell-fn' });
    expect(log).toContain('handling ');
    expect(log).toMatch(/REPORT RequestId: /);
  });

  withCli('aws lambda invoke: answers too; an error reported by the bootstrap is Unhandled', async () => {
    const ok = await invokeCli('shell-fn', { shell: 'cli' });
    expect(ok.meta.FunctionError).toBeUndefined();
    expect(ok.payload).toMatchObject({ echo: { shell: 'cli' } });
    const failed = await invokeCli('shell-fn', { please: 'fail' });
    expect(failed.meta).toMatchObject({ StatusCode: 200, FunctionError: 'Unhandled' });
    expect(failed.payload).toEqual({ errorType: 'Custom.Failure', errorMessage: 'asked to fail' });
  });
});

describe('invoking a function that is not ready or not there', () => {
  it('SDK: Invoke right after CreateFunction (Pending) → 409 ResourceConflictException', async () => {
    await createFunction(e2e.clients.lambda, { name: 'just-created', files: { 'index.js': 'exports.handler = async () => 1;' } });
    const error = await sdkError(e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'just-created' })));
    expect(error).toEqual({
      name: 'ResourceConflictException',
      status: 409,
      message: 'The operation cannot be performed at this time. The function is currently in the following state: Pending',
    });
  });

  it('SDK: an unknown function → 404 ResourceNotFoundException', async () => {
    const error = await sdkError(e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'no-such-function' })));
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  withCli('aws lambda invoke right after CreateFunction (Pending): ResourceConflictException', async () => {
    // The CLI takes longer to start than a function stays Pending, so its request is held at a
    // pass-through until CreateFunction has been sent, then handed to the endpoint at once.
    const proxy = await startHoldingProxy(e2e.endpoint.url, async () => {
      await createFunction(e2e.clients.lambda, { name: 'cli-just-created', files: { 'index.js': 'exports.handler = async () => 1;' } });
    });
    try {
      const result = await awsCli(proxy.url, ['lambda', 'invoke', '--function-name', 'cli-just-created', join(e2e.work, 'pending.json')]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain(
        'An error occurred (ResourceConflictException) when calling the Invoke operation: The operation cannot be performed at this time. The function is currently in the following state: Pending',
      );
      expect(proxy.requests()).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  withCli('aws lambda invoke of an unknown function: ResourceNotFoundException', async () => {
    const result = await awsCli(e2e.endpoint.url, ['lambda', 'invoke', '--function-name', 'no-such-function', join(e2e.work, 'missing.json')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('ResourceNotFoundException');
  });
});

/**
 * A loopback pass-through to the endpoint that runs `before` once, when the first request has
 * arrived, and only then forwards it (requests are forwarded unchanged; the endpoint does not
 * check signatures against its own host).
 */
async function startHoldingProxy(target: string, before: () => Promise<void>) {
  let pending: Promise<void> | undefined;
  let count = 0;
  const server = createServer((req, res) => {
    count++;
    pending ??= before();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void pending!.then(() => {
        const forward = request(`${target}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forward.on('error', () => res.destroy());
        forward.end(Buffer.concat(chunks));
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    close: () => new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }),
  };
}
