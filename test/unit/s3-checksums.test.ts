// Checksums S3 accepts and the verification of a request body's integrity claims.
import { describe, it, expect } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { checksumOf, compositeChecksum, isWellFormedChecksum, algorithmOfHeader } from '../../src/endpoint/s3/checksums.js';
import { Crc64Nvme } from '../../src/endpoint/s3/crc64nvme.js';
import { readVerifiedPayload } from '../../src/endpoint/s3/payload.js';
import { S3Error } from '../../src/endpoint/s3/errors.js';
import type { EndpointRequest } from '../../src/endpoint/http.js';

const CHECK = Buffer.from('123456789');

describe('checksum algorithms (standard check values of "123456789")', () => {
  it.each([
    ['CRC32', 'cbf43926'],
    ['CRC32C', 'e3069283'],
    ['CRC64NVME', 'ae8b14860a799888'],
    ['SHA1', 'f7c3bc1d808e04732adf679965ccc34ca7ae3441'],
    ['SHA256', '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225'],
  ] as const)('%s', (algorithm, hex) => {
    expect(Buffer.from(checksumOf(algorithm, CHECK), 'base64').toString('hex')).toBe(hex);
  });

  it('CRC64NVME is the same fed in pieces as at once, and of nothing is zero', () => {
    const data = Buffer.from('the quick brown fox jumps over the lazy dog'.repeat(50));
    const whole = new Crc64Nvme().update(data).digest();
    const pieces = new Crc64Nvme().update(data.subarray(0, 7)).update(data.subarray(7, 1000)).update(data.subarray(1000)).digest();
    expect(pieces.equals(whole)).toBe(true);
    expect(new Crc64Nvme().digest().toString('hex')).toBe('0000000000000000');
  });

  it('checks the decoded length of a claimed value', () => {
    expect(isWellFormedChecksum('CRC32', checksumOf('CRC32', CHECK))).toBe(true);
    expect(isWellFormedChecksum('CRC32', 'AAAAAAAA')).toBe(false);
    expect(isWellFormedChecksum('SHA256', 'not base64!')).toBe(false);
  });

  it('maps header names to algorithms, ignoring the mode/algorithm/type headers', () => {
    expect(algorithmOfHeader('x-amz-checksum-crc64nvme')).toBe('CRC64NVME');
    expect(algorithmOfHeader('x-amz-checksum-mode')).toBeUndefined();
    expect(algorithmOfHeader('x-amz-checksum-algorithm')).toBeUndefined();
    expect(algorithmOfHeader('x-amz-checksum-type')).toBeUndefined();
  });

  it('a composite checksum is the checksum of the binary part checksums, with the part count', () => {
    const a = checksumOf('CRC32', Buffer.from('part a'));
    const b = checksumOf('CRC32', Buffer.from('part b'));
    const expected = checksumOf('CRC32', Buffer.concat([Buffer.from(a, 'base64'), Buffer.from(b, 'base64')]));
    expect(compositeChecksum('CRC32', [a, b])).toBe(`${expected}-2`);
  });
});

function request(headers: IncomingHttpHeaders, body: Buffer | string): EndpointRequest {
  return {
    method: 'PUT',
    rawPath: '/b/k',
    query: new URLSearchParams(),
    headers,
    hostname: '127.0.0.1',
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
    requestId: 'test',
  };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof S3Error) return `${error.status} ${error.code}`;
    throw error;
  }
  return 'ok';
}

describe('readVerifiedPayload', () => {
  const body = Buffer.from('payload bytes');
  const md5 = createHash('md5').update(body).digest('base64');

  it('accepts a body whose claims hold and reports the checksum it carried', () => {
    const crc = checksumOf('CRC32', body);
    const payload = readVerifiedPayload(request({ 'x-amz-checksum-crc32': crc, 'content-md5': md5 }, body));
    expect(payload.data.equals(body)).toBe(true);
    expect(payload.md5Hex).toBe(createHash('md5').update(body).digest('hex'));
    expect(payload.checksum).toEqual({ algorithm: 'CRC32', value: crc, type: 'FULL_OBJECT' });
  });

  it.each(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const)('a wrong %s is 400 BadDigest', (algorithm) => {
    const wrong = checksumOf(algorithm, Buffer.from('other bytes'));
    expect(codeOf(() => readVerifiedPayload(request({ [`x-amz-checksum-${algorithm.toLowerCase()}`]: wrong }, body)))).toBe(
      '400 BadDigest',
    );
  });

  it('a checksum value of the wrong length is 400 InvalidRequest; two checksums are 400 InvalidRequest', () => {
    expect(codeOf(() => readVerifiedPayload(request({ 'x-amz-checksum-crc32': 'AAAA' }, body)))).toBe('400 InvalidRequest');
    const both = { 'x-amz-checksum-crc32': checksumOf('CRC32', body), 'x-amz-checksum-sha1': checksumOf('SHA1', body) };
    expect(codeOf(() => readVerifiedPayload(request(both, body)))).toBe('400 InvalidRequest');
  });

  it('Content-MD5: wrong → 400 BadDigest, not 16 bytes of base64 → 400 InvalidDigest', () => {
    const other = createHash('md5').update('x').digest('base64');
    expect(codeOf(() => readVerifiedPayload(request({ 'content-md5': other }, body)))).toBe('400 BadDigest');
    expect(codeOf(() => readVerifiedPayload(request({ 'content-md5': 'MTIz' }, body)))).toBe('400 InvalidDigest');
  });

  it('verifies a trailing checksum of an aws-chunked body and strips the framing', () => {
    const crc = checksumOf('CRC32', body);
    const framed = (value: string) =>
      `${body.length.toString(16)}\r\n${body.toString()}\r\n0\r\nx-amz-checksum-crc32:${value}\r\n\r\n`;
    const headers = {
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      'x-amz-trailer': 'x-amz-checksum-crc32',
      'x-amz-decoded-content-length': String(body.length),
    };
    const payload = readVerifiedPayload(request(headers, framed(crc)));
    expect(payload.data.equals(body)).toBe(true);
    expect(payload.wasChunked).toBe(true);
    expect(payload.checksum?.value).toBe(crc);
    expect(codeOf(() => readVerifiedPayload(request(headers, framed('AAAAAA=='))))).toBe('400 BadDigest');
  });

  it('an aws-chunked body that declares a trailer but lacks it, or is shorter than declared, is rejected', () => {
    const headers = { 'content-encoding': 'aws-chunked', 'x-amz-trailer': 'x-amz-checksum-crc32' };
    expect(codeOf(() => readVerifiedPayload(request(headers, '3\r\nabc\r\n0\r\n\r\n')))).toBe('400 MalformedTrailerError');
    const short = { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '10' };
    expect(codeOf(() => readVerifiedPayload(request(short, '3\r\nabc\r\n0\r\n\r\n')))).toBe('400 IncompleteBody');
    expect(codeOf(() => readVerifiedPayload(request({ ...short, 'x-amz-decoded-content-length': '16' }, '10\r\nabc')))).toBe('400 IncompleteBody');
    // The aws-chunked encoding named without the framing's headers is a plain body, as on AWS.
    expect(codeOf(() => readVerifiedPayload(request({ 'content-encoding': 'gzip, aws-chunked' }, '10\r\nabc')))).toBe('ok');
  });

  it('a hex x-amz-content-sha256 that does not match is 400 XAmzContentSHA256Mismatch', () => {
    const good = createHash('sha256').update(body).digest('hex');
    expect(codeOf(() => readVerifiedPayload(request({ 'x-amz-content-sha256': good }, body)))).toBe('ok');
    expect(codeOf(() => readVerifiedPayload(request({ 'x-amz-content-sha256': '0'.repeat(64) }, body)))).toBe(
      '400 XAmzContentSHA256Mismatch',
    );
    expect(codeOf(() => readVerifiedPayload(request({ 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body)))).toBe('ok');
  });
});
