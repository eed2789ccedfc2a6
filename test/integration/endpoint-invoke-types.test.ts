// Invoke's invocation types and request errors through the REAL endpoint (functions created with
// CreateFunction): an empty body, DryRun (204, nothing runs), Event (202, runs in the background),
// a body that is not JSON, payloads over the sync and async limits, an unknown invocation type —
// through the SDK, and the oversize Event payload through /usr/bin/aws too.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { awsCli, hasAwsCli } from '../helpers/aws-cli.js';
import { sdkError } from '../helpers/sdk-error.js';
import { startEndToEnd, utf8, type EndToEnd } from '../fixtures/functions/end-to-end.js';
import { deployFunction } from '../fixtures/functions/deploy.js';

if (!hasAwsCli) console.warn('SKIPPED: /usr/bin/aws is not installed');

let e2e: EndToEnd;

beforeAll(async () => {
  e2e = await startEndToEnd('st-endpoint-invoke-types-');
  const { clients } = e2e;
  await Promise.all([
    deployFunction(clients.lambda, { name: 'echo-event', files: { 'index.js': 'exports.handler = async (e) => ({ event: e });' } }),
    deployFunction(clients.lambda, { name: 'dry-run-probe', files: { 'index.js': 'exports.handler = async () => 1;' } }),
    deployFunction(clients.lambda, {
      name: 'marker-writer',
      environment: { MARKER: join(e2e.work, 'event-ran') },
      files: { 'index.js': 'exports.handler = async (e) => require("fs").writeFileSync(process.env.MARKER, JSON.stringify(e));' },
    }),
  ]);
}, 60_000);

afterAll(async () => {
  await e2e?.dispose();
});

describe('invocation types', () => {
  it('an empty body is the event {}', async () => {
    const out = await e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'echo-event' }));
    expect(JSON.parse(utf8(out.Payload))).toEqual({ event: {} });
  });

  it('a full ARN and a partial ARN name the function too', async () => {
    for (const name of ['arn:aws:lambda:us-east-1:000000000000:function:echo-event', '000000000000:function:echo-event']) {
      const out = await e2e.clients.lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"by":"arn"}') }));
      expect(JSON.parse(utf8(out.Payload))).toEqual({ event: { by: 'arn' } });
    }
  });

  it('DryRun: 204 and nothing runs (no log group appears)', async () => {
    const out = await e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'dry-run-probe', InvocationType: 'DryRun' }));
    expect(out.StatusCode).toBe(204);
    expect(utf8(out.Payload)).toBe('');
    const groups = await e2e.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/dry-run-probe' }));
    expect(groups.logGroups ?? []).toEqual([]);
  });

  it('Event: 202 with an empty body at once, the function runs in the background', async () => {
    const marker = join(e2e.work, 'event-ran');
    const out = await e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'marker-writer', InvocationType: 'Event', Payload: Buffer.from('{"async":true}') }));
    expect(out.StatusCode).toBe(202);
    expect(utf8(out.Payload)).toBe('');
    const deadline = Date.now() + 20_000;
    while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(readFileSync(marker, 'utf8'))).toEqual({ async: true });
  });
});

describe('request errors', () => {
  it('a non-JSON body: 400 InvalidRequestContentException', async () => {
    const error = await sdkError(e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'echo-event', Payload: Buffer.from('not json') })));
    expect(error.status).toBe(400);
    expect(error.name).toBe('InvalidRequestContentException');
    expect(error.message).toMatch(/^Could not parse request body into json: Could not parse payload into json: /);
    const badUtf8 = await sdkError(e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'echo-event', Payload: Buffer.from([0x22, 0x87, 0x22]) })));
    expect(badUtf8).toMatchObject({ status: 400, name: 'InvalidRequestContentException' });
  });

  it('payloads over 6 MB (sync) and 256 KB (Event): 413 with AWS messages', async () => {
    const big = Buffer.from(JSON.stringify({ data: 'x'.repeat(6_291_456) }));
    const sync = await sdkError(e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'echo-event', Payload: big })));
    expect(sync).toEqual({ status: 413, name: 'RequestEntityTooLargeException', message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation' });

    const medium = Buffer.from(JSON.stringify({ data: 'x'.repeat(300_000) }));
    const async = await sdkError(e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'echo-event', InvocationType: 'Event', Payload: medium })));
    expect(async).toEqual({
      status: 413,
      name: 'RequestEntityTooLargeException',
      message: `${medium.length} byte payload is too large for the Event invocation type (limit 262144 bytes)`,
    });
    // The same 300 KB payload is fine synchronously.
    const ok = await e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'echo-event', Payload: medium }));
    expect(ok.StatusCode).toBe(200);
    expect(ok.FunctionError).toBeUndefined();
  });

  it('an unknown invocation type: 400 ValidationException', async () => {
    const response = await fetch(`${e2e.endpoint.url}/2015-03-31/functions/echo-event/invocations`, {
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

  (hasAwsCli ? it : it.skip)('aws lambda invoke --invocation-type Event with a payload over 256 KB: RequestEntityTooLargeException', async () => {
    const payloadFile = join(e2e.work, 'big.json');
    writeFileSync(payloadFile, JSON.stringify({ data: 'x'.repeat(270_000) }));
    const tooBig = await awsCli(e2e.endpoint.url, [
      'lambda', 'invoke', '--function-name', 'echo-event', '--invocation-type', 'Event', '--payload', `fileb://${payloadFile}`, join(e2e.work, 'out.json'),
    ]);
    expect(tooBig.code).not.toBe(0);
    expect(tooBig.stderr).toMatch(/RequestEntityTooLargeException.*byte payload is too large for the Event invocation type \(limit 262144 bytes\)/);
  });
});
