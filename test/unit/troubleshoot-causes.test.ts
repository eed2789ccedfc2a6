// The troubleshooter's cause ids and the lesson's (the source of truth for titles) stay in sync;
// the small parsers behind the probes read what the real tools print.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadDefaultLesson } from '../../src/lesson/index.js';
import { CAUSE_IDS, causeTitles, composeImage, pinComposeImage, ACCOUNT_FREE_IMAGE } from '../../src/troubleshoot/index.js';
import { parseContainers, requiresAccount } from '../../src/troubleshoot/probes/docker.js';
import { readErrorSigns } from '../../src/troubleshoot/probes/error-text.js';
import { compareNotification, comparePermission } from '../../src/troubleshoot/probes/trigger.js';
import { handlerFileCandidates } from '../../src/troubleshoot/probes/function.js';

describe('cause ids', () => {
  it('are exactly the lesson’s problems[].causes, in the same order', async () => {
    const lesson = await loadDefaultLesson();
    expect(Object.fromEntries(lesson.problems.map((p) => [p.id, p.causes.map((c) => c.id)]))).toEqual(CAUSE_IDS);
    expect(causeTitles(lesson, 'trigger-not-firing', 'filter-excludes-upload').cause.en).toBe('The filter excludes the upload (for example .jpg vs .JPG)');
  });
});

describe('docker output', () => {
  it('reads compose ps as one object per line (Compose v2.21+) and as one array (older)', () => {
    const line = '{"ExitCode":55,"Image":"localstack/localstack:latest","Name":"localstack-main","Service":"localstack","State":"exited","Status":"Exited (55) 2 minutes ago"}';
    expect(parseContainers(`${line}\n`)).toEqual([
      { name: 'localstack-main', service: 'localstack', image: 'localstack/localstack:latest', state: 'exited', exitCode: 55, status: 'Exited (55) 2 minutes ago' },
    ]);
    expect(parseContainers(`[${line}]`)).toHaveLength(1);
    expect(parseContainers('{"Names":"ls","State":"","Status":"Exited (1) 3 seconds ago"}')[0]).toMatchObject({ name: 'ls', exitCode: 1 });
    expect(parseContainers('')).toEqual([]);
  });

  it('requires-account needs a stopped container with exit 55 or the log line', () => {
    const exited = { name: 'x', state: 'exited', exitCode: 1 };
    expect(requiresAccount({ engine: { reachable: true }, transcript: [], container: { ...exited, exitCode: 55 } })).toBe(true);
    expect(requiresAccount({ engine: { reachable: true }, transcript: [], container: exited, logs: 'LocalStack requires an account to run' })).toBe(true);
    expect(requiresAccount({ engine: { reachable: true }, transcript: [], container: exited, logs: 'Ready.' })).toBe(false);
    expect(requiresAccount({ engine: { reachable: true }, transcript: [], container: { name: 'x', state: 'running', exitCode: 55 } })).toBe(false);
  });

  it('pins the image in the repository’s own docker-compose.yml without touching anything else', () => {
    const text = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
    expect(composeImage(text)).toBe(ACCOUNT_FREE_IMAGE);
    const latest = text.replace(`image: ${ACCOUNT_FREE_IMAGE}`, 'image: "localstack/localstack:latest"');
    expect(composeImage(latest)).toBe('localstack/localstack:latest');
    expect(pinComposeImage(latest)).toBe(text.replace(`image: ${ACCOUNT_FREE_IMAGE}`, `image: "${ACCOUNT_FREE_IMAGE}"`));
    expect(composeImage('services:\n  localstack:\n    image: localstack/localstack\n')).toBe('localstack/localstack');
  });
});

describe('error signs in a payload or log', () => {
  it('tells timeouts, sharp, handler and connection failures apart', () => {
    expect(readErrorSigns('2026-01-01T00:00:00Z abc Task timed out after 1.00 seconds')?.kind).toBe('timeout');
    expect(readErrorSigns('{"errorType":"Runtime.ImportModuleError","errorMessage":"Error: Could not load the \\"sharp\\" module using the linux-x64 runtime"}')?.kind).toBe('sharp');
    expect(readErrorSigns('{"errorType":"Runtime.HandlerNotFound","errorMessage":"index.handler is undefined or not exported"}')?.kind).toBe('handler');
    expect(readErrorSigns('Error: getaddrinfo ENOTFOUND localstack')).toMatchObject({ kind: 'unreachable', target: 'localstack' });
    expect(readErrorSigns('connect ECONNREFUSED 127.0.0.1:4566')).toMatchObject({ kind: 'unreachable', target: '127.0.0.1:4566' });
    expect(readErrorSigns('TypeError: boom')).toBeUndefined();
  });

  it('looks for the file the handler names', () => {
    expect(handlerFileCandidates('index.handler')).toEqual(['index.js', 'index.mjs', 'index.cjs']);
    expect(handlerFileCandidates('src/app.main')).toEqual(['src/app.js', 'src/app.mjs', 'src/app.cjs']);
  });
});

describe('notification and permission compared with the lesson', () => {
  const wanted = { LambdaFunctionArn: 'arn:fn', Events: ['s3:ObjectCreated:*'], Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: '' }, { Name: 'suffix', Value: '.jpg' }] } } };
  it('finds none, another ARN, wrong events and a filter that differs', () => {
    expect(compareNotification([], wanted).kind).toBe('none');
    expect(compareNotification([wanted], wanted).kind).toBe('ok');
    expect(compareNotification([{ ...wanted, LambdaFunctionArn: 'arn:other' }], wanted)).toEqual({ kind: 'other-arn', arns: ['arn:other'] });
    expect(compareNotification([{ ...wanted, Events: ['s3:ObjectRemoved:*'] }], wanted).kind).toBe('events');
    expect(compareNotification([{ ...wanted, Filter: { Key: { FilterRules: [{ Name: 'Suffix', Value: '.JPG' }] } } }], wanted).kind).toBe('filter');
  });
  it('finds a missing permission and one with another source', () => {
    const allow = (source?: string) => ({ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'lambda:InvokeFunction', ...(source ? { Condition: { ArnLike: { 'AWS:SourceArn': source } } } : {}) });
    expect(comparePermission([], 's3.amazonaws.com', 'arn:aws:s3:::b').kind).toBe('missing');
    expect(comparePermission([allow('arn:aws:s3:::b')], 's3.amazonaws.com', 'arn:aws:s3:::b').kind).toBe('ok');
    expect(comparePermission([allow('arn:aws:s3:::c')], 's3.amazonaws.com', 'arn:aws:s3:::b')).toEqual({ kind: 'wrong-source', sources: ['arn:aws:s3:::c'] });
    expect(comparePermission([allow()], 's3.amazonaws.com', 'arn:aws:s3:::b')).toEqual({ kind: 'wrong-source', sources: ['(no source ARN)'] });
  });
});
