// Pure pieces of the S3 service: key ordering, listing pages, ranges, addressing, policy checks.
import { describe, it, expect } from '@jest/globals';
import { compareKeys, SortedKeys } from '../../src/endpoint/s3/key-order.js';
import { decodeContinuationToken, encodeContinuationToken, listPage } from '../../src/endpoint/s3/list-keys.js';
import { parseRange } from '../../src/endpoint/s3/range.js';
import { bucketFromHost, resolveTarget } from '../../src/endpoint/s3/addressing.js';
import { validateBucketPolicy } from '../../src/endpoint/s3/policy.js';
import { S3Error } from '../../src/endpoint/s3/errors.js';
import { storedContentEncoding } from '../../src/endpoint/s3/object-headers.js';

describe('key order', () => {
  it('is UTF-8 byte order, not UTF-16 code-unit order', () => {
    // U+FF61 (3 UTF-8 bytes EF BD A1) sorts before U+1F600 (4 bytes F0 9F 98 80) in UTF-8, after it in UTF-16.
    expect(compareKeys('\uFF61', '😀')).toBeLessThan(0);
    expect('\uFF61' < '😀').toBe(false);
    expect(compareKeys('a', 'ab')).toBeLessThan(0);
    expect(compareKeys('b', 'ab')).toBeGreaterThan(0);
    expect(compareKeys('same', 'same')).toBe(0);
  });

  it('SortedKeys keeps keys sorted and unique through adds and deletes', () => {
    const keys = new SortedKeys(['c', 'a']);
    keys.add('b');
    keys.add('b');
    keys.add('0');
    keys.delete('c');
    keys.delete('not-there');
    expect(Array.from({ length: keys.size }, (_, i) => keys.at(i))).toEqual(['0', 'a', 'b']);
    expect(keys.lowerBound('a')).toBe(1);
    expect(keys.lowerBound('a', true)).toBe(2);
  });
});

describe('listPage', () => {
  const index = new SortedKeys(['a', 'dir/1', 'dir/2', 'dir/sub/3', 'e', 'f/1']);

  it('rolls up common prefixes and counts them toward max-keys', () => {
    const page = listPage(index, { prefix: '', delimiter: '/', maxKeys: 3 });
    expect(page).toMatchObject({ keys: ['a', 'e'], commonPrefixes: ['dir/'], isTruncated: true });
    const next = listPage(index, { prefix: '', delimiter: '/', maxKeys: 3, after: 'e', afterIsPrefix: false });
    expect(next).toMatchObject({ keys: [], commonPrefixes: ['f/'], isTruncated: false });
  });

  it('resuming after a common prefix skips the keys under it', () => {
    const page = listPage(index, { prefix: '', delimiter: '/', maxKeys: 2 });
    expect(page.last).toEqual({ value: 'dir/', isPrefix: true });
    const next = listPage(index, { prefix: '', delimiter: '/', maxKeys: 10, after: 'dir/', afterIsPrefix: true });
    expect(next.keys).toEqual(['e']);
    expect(next.commonPrefixes).toEqual(['f/']);
  });

  it('applies the prefix before the delimiter', () => {
    const page = listPage(index, { prefix: 'dir/', delimiter: '/', maxKeys: 10 });
    expect(page).toMatchObject({ keys: ['dir/1', 'dir/2'], commonPrefixes: ['dir/sub/'], isTruncated: false });
  });

  it('max-keys 0 is an empty, untruncated page', () => {
    expect(listPage(index, { prefix: '', maxKeys: 0 })).toMatchObject({ keys: [], commonPrefixes: [], isTruncated: false });
  });

  it('continuation tokens round-trip and garbage is refused', () => {
    const token = encodeContinuationToken({ value: 'dir/ü', isPrefix: true });
    expect(decodeContinuationToken(token)).toEqual({ after: 'dir/ü', afterIsPrefix: true });
    expect(decodeContinuationToken('garbage')).toBeUndefined();
    expect(decodeContinuationToken(Buffer.from('{"a":1}').toString('base64url'))).toBeUndefined();
  });
});

describe('parseRange', () => {
  it.each([
    ['bytes=0-9', { kind: 'range', start: 0, end: 9 }],
    ['bytes=90-', { kind: 'range', start: 90, end: 99 }],
    ['bytes=-10', { kind: 'range', start: 90, end: 99 }],
    ['bytes=-500', { kind: 'range', start: 0, end: 99 }],
    ['bytes=50-5000', { kind: 'range', start: 50, end: 99 }],
    ['bytes=100-200', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=9-0', { kind: 'whole' }],
    ['bytes=0-1,5-6', { kind: 'whole' }],
    ['items=0-1', { kind: 'whole' }],
  ])('%s of 100 bytes', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
});

describe('addressing', () => {
  it.each([
    ['127.0.0.1', undefined],
    ['localhost', undefined],
    ['[::1]', undefined],
    ['s3.localhost.localstack.cloud', undefined],
    ['localhost.localstack.cloud', undefined],
    ['s3.amazonaws.com', undefined],
    ['s3.us-east-1.amazonaws.com', undefined],
    ['bkt.s3.localhost.localstack.cloud', 'bkt'],
    ['my.dotted.bkt.s3.localhost.localstack.cloud', 'my.dotted.bkt'],
    ['bkt.localhost.localstack.cloud', 'bkt'],
    ['bkt.localhost', 'bkt'],
    ['bkt.s3.amazonaws.com', 'bkt'],
    ['bkt.s3.eu-west-1.amazonaws.com', 'bkt'],
    ['bkt.s3-us-west-2.amazonaws.com', 'bkt'],
    ['some-machine', undefined],
  ])('host %s → bucket %s', (host, bucket) => {
    expect(bucketFromHost(host)).toBe(bucket);
  });

  it('splits path-style paths, decoding %XX but keeping + as a plus', () => {
    expect(resolveTarget('127.0.0.1', '/')).toEqual({});
    expect(resolveTarget('127.0.0.1', '/bkt')).toEqual({ bucket: 'bkt' });
    expect(resolveTarget('127.0.0.1', '/bkt/')).toEqual({ bucket: 'bkt', key: undefined });
    expect(resolveTarget('127.0.0.1', '/bkt/a+b%20c')).toEqual({ bucket: 'bkt', key: 'a+b c' });
    expect(resolveTarget('127.0.0.1', '/bkt//etc/x')).toEqual({ bucket: 'bkt', key: '/etc/x' });
    expect(resolveTarget('127.0.0.1', '/bkt/../../x')).toEqual({ bucket: 'bkt', key: '../../x' });
    expect(resolveTarget('bkt.localhost', '/dir/k')).toEqual({ bucket: 'bkt', key: 'dir/k' });
    expect(resolveTarget('bkt.localhost', '/')).toEqual({ bucket: 'bkt', key: undefined });
  });

  it('a malformed percent-encoding is 400 InvalidURI', () => {
    expect(() => resolveTarget('127.0.0.1', '/bkt/%E0%A4%A')).toThrow(S3Error);
  });
});

describe('validateBucketPolicy', () => {
  const statement = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::product-images/*' };
  const codeOf = (text: string) => {
    try {
      validateBucketPolicy(text, 'product-images');
      return 'ok';
    } catch (error) {
      return `${(error as S3Error).code}: ${(error as S3Error).message}`;
    }
  };

  it('accepts the lesson policy, wildcard bucket resources and a single statement object', () => {
    expect(codeOf(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }))).toBe('ok');
    expect(codeOf(JSON.stringify({ Statement: { ...statement, Resource: ['arn:aws:s3:::product-*', 'arn:aws:s3:::product-images'] } }))).toBe(
      'ok',
    );
  });

  it.each([
    ['not json', "MalformedPolicy: Policies must be valid JSON and the first byte must be '{'"],
    ['{"Statement": [', "MalformedPolicy: Policies must be valid JSON and the first byte must be '{'"],
    ['{"Version":"2012-10-17"}', 'MalformedPolicy: Missing required field Statement'],
    [JSON.stringify({ Statement: [{ ...statement, Effect: 'Maybe' }] }), 'MalformedPolicy: Invalid effect: Maybe'],
    [JSON.stringify({ Statement: [{ ...statement, Resource: 'arn:aws:s3:::other/*' }] }), 'MalformedPolicy: Policy has invalid resource'],
  ])('rejects %s', (text, expected) => {
    expect(codeOf(text)).toBe(expected);
  });
});

describe('storedContentEncoding', () => {
  it('drops the aws-chunked framing token and keeps real encodings', () => {
    expect(storedContentEncoding('aws-chunked')).toBeUndefined();
    expect(storedContentEncoding('aws-chunked,gzip')).toBe('gzip');
    expect(storedContentEncoding('gzip, aws-chunked')).toBe('gzip');
    expect(storedContentEncoding(undefined)).toBeUndefined();
  });
});
