// CloudWatch Logs over what the function runner wrote: the runner logs into a data dir, then the
// built-in endpoint starts on that dir (so this is also a restart) and the real SDK and
// /usr/bin/aws read the logs back — including `aws logs tail`, as a learner types it.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { FunctionRunner } from '../../src/endpoint/lambda/runtime/function-runner.js';
import { LogStore } from '../../src/endpoint/logs/log-store.js';
import { makeFunction, testContext } from '../fixtures/functions/make-function.js';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';
import { clientsFor } from '../helpers/clients.js';
import { AWS_CLI, awsCli, hasAwsCli } from '../helpers/aws-cli.js';
import { sdkError } from '../helpers/sdk-error.js';
import { fileNameFor } from '../../src/endpoint/store/safe-name.js';

let dataDir: string;
let endpoint: TestEndpoint;
let logs: CloudWatchLogsClient;
const requestIds: string[] = [];

const RESIZER = 'image-resizer';
const REPORTER = 'report-writer';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'st-logs-'));
  // 1. The runner runs two functions, writing their logs under the data dir.
  const store = new LogStore(dataDir);
  const runner = new FunctionRunner({ context: testContext(dataDir), logs: store, maxWorkersPerFunction: 2 });
  const resizer = makeFunction(`${dataDir}-zips`, {
    name: RESIZER,
    files: {
      'index.js': `exports.handler = async (event) => {
        console.log('resizing', event.key);
        if (event.key.endsWith('.png')) console.warn('skipping non-jpeg', event.key);
        return { ok: true };
      };`,
    },
  });
  // Each invocation waits until the other one runs too, so both are in flight together and each
  // needs its own environment (a quick one could otherwise serve both, one after the other).
  const barrier = `${dataDir}-barrier`;
  mkdirSync(barrier);
  const reporter = makeFunction(`${dataDir}-zips`, {
    name: REPORTER,
    timeoutSeconds: 20,
    files: {
      'index.mjs': `import { readdirSync, writeFileSync } from 'node:fs';
        export const handler = async (event, context) => {
          writeFileSync(event.barrier + '/' + context.awsRequestId, '');
          while (readdirSync(event.barrier).length < 2) await new Promise((r) => setTimeout(r, 10));
          console.log("report written");
          return 1;
        };`,
    },
  });
  for (const key of ['a.jpg', 'b.png', 'c.jpg']) {
    const requestId = `logs-test-${key}`;
    requestIds.push(requestId);
    const out = await runner.invoke(resizer, Buffer.from(JSON.stringify({ key })), { requestId, tail: false });
    expect(out.functionError).toBeUndefined();
  }
  // Two at once: the second gets its own worker, hence its own log stream.
  const reports = await Promise.all([1, 2].map((i) => runner.invoke(reporter, Buffer.from(JSON.stringify({ barrier })), { requestId: `report-${i}`, tail: false })));
  for (const out of reports) expect(out.functionError).toBeUndefined();
  await runner.close();

  // 2. The endpoint starts on the same data dir: it must see everything.
  endpoint = await startTestEndpoint(dataDir);
  logs = clientsFor(endpoint.url).logs;
});

afterAll(async () => {
  logs?.destroy();
  await endpoint?.dispose();
  rmSync(`${dataDir}-zips`, { recursive: true, force: true });
  rmSync(`${dataDir}-barrier`, { recursive: true, force: true });
});

describe('CloudWatch Logs over the runner\'s logs (SDK)', () => {
  it('DescribeLogGroups lists /aws/lambda/<name>, with prefix and paging', async () => {
    const all = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    expect(all.logGroups?.map((g) => g.logGroupName)).toEqual([`/aws/lambda/${REPORTER}`, `/aws/lambda/${RESIZER}`].sort());
    const group = all.logGroups!.find((g) => g.logGroupName === `/aws/lambda/${RESIZER}`)!;
    expect(group.arn).toBe(`arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/${RESIZER}:*`);
    expect(group.creationTime).toBeGreaterThan(0);

    const first = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/', limit: 1 }));
    expect(first.logGroups).toHaveLength(1);
    expect(first.nextToken).toBeDefined();
    const second = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/', limit: 1, nextToken: first.nextToken }));
    expect(second.logGroups).toHaveLength(1);
    expect(second.logGroups![0].logGroupName).not.toBe(first.logGroups![0].logGroupName);
    expect(second.nextToken).toBeUndefined();

    const none = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/nothing-' }));
    expect(none.logGroups).toEqual([]);
  });

  it('DescribeLogStreams: one stream per worker, newest first with orderBy LastEventTime', async () => {
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${REPORTER}`, orderBy: 'LastEventTime', descending: true }));
    expect(streams.logStreams).toHaveLength(2);
    for (const s of streams.logStreams!) {
      expect(s.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
      expect(s.lastEventTimestamp).toBeGreaterThanOrEqual(s.firstEventTimestamp!);
    }
    expect(streams.logStreams![0].lastEventTimestamp).toBeGreaterThanOrEqual(streams.logStreams![1].lastEventTimestamp!);
    const limited = await logs.send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${REPORTER}`, limit: 1 }));
    expect(limited.logStreams).toHaveLength(1);
    expect(limited.nextToken).toBeDefined();

    const missing = await sdkError(logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/no-such-function' })));
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', status: 400, message: 'The specified log group does not exist.' });
    const bad = await sdkError(
      logs.send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${REPORTER}`, orderBy: 'LastEventTime', logStreamNamePrefix: '2026' })),
    );
    expect(bad.name).toBe('InvalidParameterException');
  });

  it('GetLogEvents reads one stream from the head, with forward and backward tokens', async () => {
    const [stream] = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${RESIZER}` }))).logStreams!;
    const all = await logs.send(new GetLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}`, logStreamName: stream.logStreamName, startFromHead: true }));
    const messages = all.events!.map((e) => e.message!);
    expect(messages[0]).toMatch(/^INIT_START /);
    expect(messages).toContain(`START RequestId: ${requestIds[0]} Version: $LATEST`);
    expect(messages.some((m) => /\tlogs-test-b\.png\tWARN\tskipping non-jpeg b\.png$/.test(m))).toBe(true);
    expect(messages.filter((m) => m.startsWith('REPORT RequestId: '))).toHaveLength(3);
    for (const e of all.events!) expect(e.ingestionTime).toBeGreaterThanOrEqual(e.timestamp!);

    // Page forward two at a time until the token stops changing, as SDK paginators do.
    const paged: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 50; page++) {
      const out = await logs.send(
        new GetLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}`, logStreamName: stream.logStreamName, startFromHead: true, limit: 2, nextToken: token }),
      );
      paged.push(...out.events!.map((e) => e.message!));
      if (out.nextForwardToken === token) break;
      token = out.nextForwardToken;
    }
    expect(paged).toEqual(messages);

    // Without startFromHead: the newest events; the backward token reaches older ones.
    const latest = await logs.send(new GetLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}`, logStreamName: stream.logStreamName, limit: 2 }));
    expect(latest.events!.map((e) => e.message)).toEqual(messages.slice(-2));
    const older = await logs.send(
      new GetLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}`, logStreamName: stream.logStreamName, limit: 2, nextToken: latest.nextBackwardToken }),
    );
    expect(older.events!.map((e) => e.message)).toEqual(messages.slice(-4, -2));

    const missing = await sdkError(logs.send(new GetLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}`, logStreamName: 'nope' })));
    expect(missing).toMatchObject({ name: 'ResourceNotFoundException', message: 'The specified log stream does not exist.' });
  });

  it('FilterLogEvents: interleaved across streams, filter pattern terms, stream names, time range, paging', async () => {
    const reports = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${REPORTER}`, filterPattern: 'report written', interleaved: true }));
    expect(reports.events).toHaveLength(2);
    // Each worker has its own stream; both are searched.
    const inits = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${REPORTER}`, filterPattern: 'INIT_START', interleaved: true }));
    expect(inits.events).toHaveLength(2);
    expect(new Set(inits.events!.map((e) => e.logStreamName)).size).toBe(2);
    expect(new Set(inits.events!.map((e) => e.eventId)).size).toBe(2);

    const resized = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}`, filterPattern: 'resizing -png' }));
    expect(resized.events!.map((e) => e.message!.split('\t').pop())).toEqual(['resizing a.jpg', 'resizing c.jpg']);
    const either = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}`, filterPattern: '?WARN ?"resizing c.jpg"' }));
    expect(either.events).toHaveLength(2);
    const json = await sdkError(logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}`, filterPattern: '{ $.level = "ERROR" }' })));
    expect(json.name).toBe('InvalidParameterException');

    const everything = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}` }));
    const times = everything.events!.map((e) => e.timestamp!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const middle = times[Math.floor(times.length / 2)];
    const late = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}`, startTime: middle }));
    expect(late.events!.every((e) => e.timestamp! >= middle)).toBe(true);
    const early = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}`, endTime: middle - 1 }));
    expect(early.events!.length + late.events!.length).toBe(everything.events!.length);

    const [stream] = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: `/aws/lambda/${REPORTER}` }))).logStreams!;
    const one = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${REPORTER}`, logStreamNames: [stream.logStreamName!] }));
    expect(one.events!.every((e) => e.logStreamName === stream.logStreamName)).toBe(true);

    const pages: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 100; page++) {
      const out = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${RESIZER}`, limit: 3, nextToken }));
      pages.push(...out.events!.map((e) => e.eventId!));
      nextToken = out.nextToken;
      if (!nextToken) break;
    }
    expect(pages).toEqual(everything.events!.map((e) => e.eventId));
  });

  it('CreateLogGroup, CreateLogStream, PutLogEvents, DeleteLogGroup, with their errors', async () => {
    const group = '/custom/app';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    expect(await sdkError(logs.send(new CreateLogGroupCommand({ logGroupName: group })))).toMatchObject({ name: 'ResourceAlreadyExistsException' });
    expect((await sdkError(logs.send(new CreateLogGroupCommand({ logGroupName: 'has space' })))).name).toBe('InvalidParameterException');
    expect(await sdkError(logs.send(new CreateLogStreamCommand({ logGroupName: '/custom/none', logStreamName: 's' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'main' }));
    const now = Date.now();
    const put = await logs.send(
      new PutLogEventsCommand({ logGroupName: group, logStreamName: 'main', logEvents: [{ timestamp: now, message: 'one' }, { timestamp: now + 1, message: 'two' }] }),
    );
    expect(put.rejectedLogEventsInfo).toBeUndefined();
    const outOfOrder = await sdkError(
      logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'main', logEvents: [{ timestamp: now + 5, message: 'b' }, { timestamp: now, message: 'a' }] })),
    );
    expect(outOfOrder.name).toBe('InvalidParameterException');
    const read = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'main', startFromHead: true }));
    expect(read.events!.map((e) => e.message)).toEqual(['one', 'two']);

    await logs.send(new DeleteLogGroupCommand({ logGroupName: group }));
    expect(await sdkError(logs.send(new DeleteLogGroupCommand({ logGroupName: group })))).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await sdkError(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'main' })))).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('persistence', () => {
  it('logs written through the API survive an endpoint restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'st-logs-restart-'));
    const first = await startTestEndpoint(dir);
    const client = clientsFor(first.url).logs;
    await client.send(new CreateLogGroupCommand({ logGroupName: '/restart/check' }));
    await client.send(new CreateLogStreamCommand({ logGroupName: '/restart/check', logStreamName: 's1' }));
    await client.send(new PutLogEventsCommand({ logGroupName: '/restart/check', logStreamName: 's1', logEvents: [{ timestamp: Date.now(), message: 'kept' }] }));
    client.destroy();
    await first.close();

    const second = await startTestEndpoint(dir);
    const again = clientsFor(second.url).logs;
    const out = await again.send(new GetLogEventsCommand({ logGroupName: '/restart/check', logStreamName: 's1', startFromHead: true }));
    expect(out.events!.map((e) => e.message)).toEqual(['kept']);
    again.destroy();
    await second.dispose();
  });

  it('a line cut short by a crash is dropped on load and later appends stay intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'st-logs-crash-'));
    const store = new LogStore(dir);
    store.ensureStream('/aws/lambda/crashy', 'stream-1');
    store.append('/aws/lambda/crashy', 'stream-1', [{ timestamp: 1, message: 'whole' }]);
    const file = join(dir, 'logs', fileNameFor('/aws/lambda/crashy'), `${fileNameFor('stream-1')}.jsonl`);
    appendFileSync(file, '[2,2,"half wri');
    const reloaded = new LogStore(dir);
    expect(reloaded.stream('/aws/lambda/crashy', 'stream-1')!.events.map((e) => e.message)).toEqual(['whole']);
    reloaded.append('/aws/lambda/crashy', 'stream-1', [{ timestamp: 3, message: 'after' }]);
    expect(new LogStore(dir).stream('/aws/lambda/crashy', 'stream-1')!.events.map((e) => e.message)).toEqual(['whole', 'after']);
    // Group and stream names never became paths.
    expect(readdirSync(join(dir, 'logs'))).toEqual([fileNameFor('/aws/lambda/crashy')]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('aws logs tail', () => {
  const maybe = hasAwsCli ? it : it.skip;
  if (!hasAwsCli) console.warn('SKIPPED: /usr/bin/aws is not installed');

  maybe('`aws logs tail /aws/lambda/<name>` shows the function output', async () => {
    const out = await awsCli(endpoint.url, ['logs', 'tail', `/aws/lambda/${RESIZER}`]);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines.some((l) => /\[\$LATEST\][0-9a-f]{32} \S+\tlogs-test-a\.jpg\tINFO\tresizing a\.jpg$/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes(`START RequestId: ${requestIds[2]} Version: $LATEST`))).toBe(true);
    expect(lines.some((l) => l.includes(`REPORT RequestId: ${requestIds[2]}`))).toBe(true);

    const filtered = await awsCli(endpoint.url, ['logs', 'tail', `/aws/lambda/${RESIZER}`, '--filter-pattern', 'WARN', '--format', 'short']);
    expect(filtered.code).toBe(0);
    expect(filtered.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2} \S+\tlogs-test-b\.png\tWARN\tskipping non-jpeg b\.png$/)]);

    const missing = await awsCli(endpoint.url, ['logs', 'tail', '/aws/lambda/not-deployed']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('ResourceNotFoundException');
  });

  maybe('`aws logs tail --follow` shows events as they arrive', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/followed' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/aws/lambda/followed', logStreamName: 'live' }));
    await logs.send(new PutLogEventsCommand({ logGroupName: '/aws/lambda/followed', logStreamName: 'live', logEvents: [{ timestamp: Date.now(), message: 'before follow' }] }));
    const child = spawn(AWS_CLI, ['--endpoint-url', endpoint.url, '--region', 'us-east-1', 'logs', 'tail', '/aws/lambda/followed', '--follow'], {
      env: {
        // The CLI block-buffers stdout on a pipe; --follow never ends, so ask Python not to buffer.
        PYTHONUNBUFFERED: '1', PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const waitFor = async (text: string, withinMs: number) => {
      const deadline = Date.now() + withinMs;
      while (!output.includes(text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      return output.includes(text);
    };
    try {
      expect(await waitFor('before follow', 20_000)).toBe(true);
      await logs.send(new PutLogEventsCommand({ logGroupName: '/aws/lambda/followed', logStreamName: 'live', logEvents: [{ timestamp: Date.now(), message: 'arrived later' }] }));
      expect(await waitFor('arrived later', 20_000)).toBe(true);
      // Each event once, even though --follow polls again from the newest timestamp it saw.
      expect(output.split('before follow').length - 1).toBe(1);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
