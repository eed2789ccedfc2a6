// The endpoint gets a function ready while it is Pending (code unpacked, an environment started),
// serves the lesson's trigger with one warm environment even though the function's own output
// fires another event, and tells an in-process owner about state changes as they happen
// (RunningEndpoint.events).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { DescribeLogGroupsCommand, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvokeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { makeTestJpeg } from '../../src/aws/objects.js';
import type { FunctionStateEvent, ObjectCreatedEvent } from '../../src/endpoint/events.js';
import { rmSync } from 'node:fs';
import { startEndpoint } from '../../src/endpoint/server.js';
import { startEndToEnd, type EndToEnd } from '../fixtures/functions/end-to-end.js';
import { tempDir } from '../helpers/endpoint.js';
import { clientsFor } from '../helpers/clients.js';
import { createFunction, TEST_ROLE } from '../fixtures/functions/deploy.js';
import { buildLessonZip, deployLessonTrigger } from '../fixtures/functions/lesson-function.js';

let e2e: EndToEnd;
let lessonZip: Buffer;

beforeAll(async () => {
  // Built first: an SDK connection left idle for the seconds a build takes may be closed under it.
  lessonZip = await buildLessonZip();
  e2e = await startEndToEnd('st-warm-events-');
}, 120_000);

afterAll(async () => {
  await e2e?.dispose();
});

const isReady = (name: string) => (change: FunctionStateEvent) => change.name === name && change.kind === 'ready';

async function logLines(group: string): Promise<{ streams: number; messages: string[] }> {
  const { logStreams = [] } = await e2e.clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
  const messages: string[] = [];
  for (const stream of logStreams) {
    const { events = [] } = await e2e.clients.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream.logStreamName, startFromHead: true }));
    messages.push(...events.map((e) => e.message ?? ''));
  }
  return { streams: logStreams.length, messages };
}

describe('RunningEndpoint.events', () => {
  it("tells a function's life: created (Pending), ready (Active), an update and its end, deleted", async () => {
    const seen: FunctionStateEvent[] = [];
    const record = (change: FunctionStateEvent) => {
      if (change.name === 'watched') seen.push(change);
    };
    e2e.endpoint.events.on('function', record);
    try {
      const ready = e2e.endpoint.events.next('function', isReady('watched'));
      await createFunction(e2e.clients.lambda, { name: 'watched', files: { 'index.js': 'exports.handler = async () => 1;' } });
      await ready;
      // When the event comes, the API says the same.
      expect((await e2e.clients.lambda.send(new GetFunctionCommand({ FunctionName: 'watched' }))).Configuration?.State).toBe('Active');

      const updated = e2e.endpoint.events.next('function', isReady('watched'));
      await e2e.clients.lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'watched', Timeout: 7 }));
      await updated;
      expect((await e2e.clients.lambda.send(new GetFunctionCommand({ FunctionName: 'watched' }))).Configuration?.LastUpdateStatus).toBe('Successful');

      const deleted = e2e.endpoint.events.next('function', (c) => c.name === 'watched' && c.kind === 'deleted');
      await e2e.clients.lambda.send(new DeleteFunctionCommand({ FunctionName: 'watched' }));
      await deleted;
    } finally {
      e2e.endpoint.events.off('function', record);
    }
    expect(seen.map((c) => [c.kind, c.state, c.lastUpdateStatus])).toEqual([
      ['created', 'Pending', undefined],
      ['ready', 'Active', 'Successful'],
      ['configuration', 'Active', 'InProgress'],
      ['ready', 'Active', 'Successful'],
      ['deleted', undefined, undefined],
    ]);
  });

  it('tells every stored object, with or without a notification', async () => {
    await e2e.clients.s3.send(new CreateBucketCommand({ Bucket: 'told' }));
    const told = e2e.endpoint.events.next('object-created', (o: ObjectCreatedEvent) => o.bucket === 'told' && o.key === 'a b.txt');
    const put = await e2e.clients.s3.send(new PutObjectCommand({ Bucket: 'told', Key: 'a b.txt', Body: 'hello' }));
    expect(await told).toEqual({ bucket: 'told', key: 'a b.txt', size: 5, etag: put.ETag?.replace(/"/g, ''), eventName: 'ObjectCreated:Put' });
  });

  it('next() gives up when its signal aborts', async () => {
    const controller = new AbortController();
    const waiting = e2e.endpoint.events.next('object-created', () => false, { signal: controller.signal });
    controller.abort(new Error('stopped waiting'));
    await expect(waiting).rejects.toThrow('stopped waiting');
    expect(e2e.endpoint.events.listenerCount('object-created')).toBe(0);
  });
});

describe('while a function is Pending', () => {
  it('its code is unpacked and an environment started; the first invoke uses it', async () => {
    const ready = e2e.endpoint.events.next('function', isReady('early'));
    await createFunction(e2e.clients.lambda, { name: 'early', files: { 'index.js': 'exports.handler = async () => process.pid;' } });
    await ready;
    const readyAt = Date.now();
    // As on Lambda, nothing shows in CloudWatch Logs before the first invocation.
    const { logGroups = [] } = await e2e.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/early' }));
    expect(logGroups).toEqual([]);

    const first = await e2e.clients.lambda.send(new InvokeCommand({ FunctionName: 'early', LogType: 'Tail' }));
    expect(first.FunctionError).toBeUndefined();
    // Lambda reports the environment's init with its first invocation.
    expect(Buffer.from(first.LogResult ?? '', 'base64').toString()).toContain('Init Duration:');
    const { logStreams = [] } = await e2e.clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/early' }));
    expect(logStreams).toHaveLength(1);
    const { events = [] } = await e2e.clients.logs.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/early', logStreamName: logStreams[0].logStreamName, startFromHead: true }));
    const initStart = events.find((e) => e.message?.startsWith('INIT_START'));
    const start = events.find((e) => e.message?.startsWith('START'));
    // The environment was started before the function became Active, and the invocation ran on it.
    expect(initStart?.timestamp).toBeLessThanOrEqual(readyAt);
    expect(start?.timestamp).toBeGreaterThanOrEqual(readyAt);
  });
});

describe('warmFunctions(), for an in-process owner about to invoke', () => {
  it('starts an environment for an Active function of an endpoint started on existing data; the first invoke uses it', async () => {
    const dataDir = tempDir('st-warm-restart-');
    const first = await startEndpoint({ dataDir, host: '127.0.0.1', port: 0 });
    const firstClients = clientsFor(first.url);
    try {
      const ready = first.events.next('function', isReady('kept'));
      await createFunction(firstClients.lambda, { name: 'kept', files: { 'index.js': 'exports.handler = async () => process.pid;' } });
      await ready;
    } finally {
      for (const client of Object.values(firstClients)) client.destroy();
      await first.close();
    }

    const second = await startEndpoint({ dataDir, host: '127.0.0.1', port: 0 });
    const clients = clientsFor(second.url);
    try {
      await second.warmFunctions();
      const warmedAt = Date.now();
      const invoked = await clients.lambda.send(new InvokeCommand({ FunctionName: 'kept' }));
      expect(invoked.FunctionError).toBeUndefined();
      const { logStreams = [] } = await clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/kept' }));
      expect(logStreams).toHaveLength(1);
      const { events = [] } = await clients.logs.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/kept', logStreamName: logStreams[0].logStreamName, startFromHead: true }));
      // The environment was started by warmFunctions(), before the invoke was sent, and ran it.
      expect(events.find((e) => e.message?.startsWith('INIT_START'))?.timestamp).toBeLessThanOrEqual(warmedAt);
      expect(events.find((e) => e.message?.startsWith('START'))?.timestamp).toBeGreaterThanOrEqual(warmedAt);
    } finally {
      for (const client of Object.values(clients)) client.destroy();
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("the lesson's trigger, whose output in processed/ fires another event", () => {
  it('is served by one warm environment: the echo waits for it rather than starting another', async () => {
    await deployLessonTrigger(e2e.clients, lessonZip, TEST_ROLE);
    const { s3 } = e2e.clients;
    const jpeg = await makeTestJpeg();

    for (const key of ['first.jpg', 'second.jpg', 'third.jpg']) {
      const processed = e2e.endpoint.events.next('object-created', (o) => o.bucket === 'product-images' && o.key === `processed/${key}`);
      await s3.send(new PutObjectCommand({ Bucket: 'product-images', Key: key, Body: jpeg, ContentType: 'image/jpeg' }));
      await processed;
      await s3.send(new HeadObjectCommand({ Bucket: 'product-images', Key: `processed/${key}` }));
      // The echo (processed/<key> matches the suffix filter) is skipped by the function; wait for it.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { events = [] } = await e2e.clients.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/image-processor', filterPattern: 'SKIP' }));
        if (events.some((e) => e.message?.includes(`SKIP "processed/${key}"`)) || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const { streams, messages } = await logLines('/aws/lambda/image-processor');
    expect(messages.filter((m) => m.includes('SKIP "processed/'))).toHaveLength(3);
    // One environment: started while Pending, then every upload and every echo ran on it.
    expect(streams).toBe(1);
  }, 120_000);
});
