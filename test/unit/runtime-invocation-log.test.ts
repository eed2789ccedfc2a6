// The platform's log lines and the 4 KB tail, worded as Lambda writes them.
import { describe, it, expect } from '@jest/globals';
import { InvocationRecord, newLogStreamName, newTraceId, platformLines, TAIL_BYTES } from '../../src/endpoint/lambda/runtime/invocation-log.js';

describe('platform log lines', () => {
  it('START, END and REPORT', () => {
    expect(platformLines.start('abc', '$LATEST')).toBe('START RequestId: abc Version: $LATEST');
    expect(platformLines.end('abc')).toBe('END RequestId: abc');
    expect(platformLines.report({ requestId: 'abc', durationMs: 12.344, memorySizeMb: 128, maxMemoryUsedMb: 60 })).toBe(
      'REPORT RequestId: abc\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB',
    );
    expect(platformLines.report({ requestId: 'abc', durationMs: 0.2, memorySizeMb: 256, maxMemoryUsedMb: 70, initDurationMs: 150.5 })).toBe(
      'REPORT RequestId: abc\tDuration: 0.20 ms\tBilled Duration: 1 ms\tMemory Size: 256 MB\tMax Memory Used: 70 MB\tInit Duration: 150.50 ms',
    );
    expect(platformLines.report({ requestId: 'x', durationMs: 1000, memorySizeMb: 128, maxMemoryUsedMb: 1, status: 'error', errorType: 'Runtime.ExitError' })).toMatch(
      /\tStatus: error\tError Type: Runtime.ExitError$/,
    );
    expect(platformLines.timedOut('abc', 3, new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678Z abc Task timed out after 3.00 seconds');
    expect(platformLines.initStart('nodejs22.x', 'us-east-1')).toMatch(/^INIT_START Runtime Version: nodejs:22\.builtin\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:/);
  });

  it('stream names and trace ids have Lambda\'s shape', () => {
    expect(newLogStreamName('$LATEST', new Date('2026-11-28T13:00:00Z'))).toMatch(/^2026\/11\/28\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(newLogStreamName('$LATEST')).not.toBe(newLogStreamName('$LATEST'));
    expect(newTraceId(Date.UTC(2026, 0, 1))).toMatch(/^Root=1-6955b900-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  });
});

describe('InvocationRecord tail', () => {
  it('is the whole log when short', () => {
    const record = new InvocationRecord('id');
    record.capture('START');
    record.capture('hello');
    expect(Buffer.from(record.tailBase64(), 'base64').toString()).toBe('START\nhello\n');
  });

  it('keeps exactly the last 4096 bytes when long', () => {
    const record = new InvocationRecord('id');
    for (let i = 0; i < 1000; i++) record.capture(`line ${i} ${'y'.repeat(30)}`);
    record.capture('REPORT last');
    const tail = Buffer.from(record.tailBase64(), 'base64');
    expect(tail.length).toBe(TAIL_BYTES);
    expect(tail.toString().endsWith('REPORT last\n')).toBe(true);
    expect(tail.toString()).toContain('line 999 ');
  });
});
