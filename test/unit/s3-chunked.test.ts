// The aws-chunked decoder: unsigned and signed framings, trailers, and broken bodies.
import { describe, it, expect } from '@jest/globals';
import { AwsChunkedDecoder, ChunkedBodyError, decodeAwsChunked } from '../../src/endpoint/s3/chunked.js';

const frame = (parts: string[]) => Buffer.from(parts.join(''), 'latin1');

describe('decodeAwsChunked', () => {
  it('decodes the unsigned-with-trailer framing the SDK sends for streams', () => {
    const body = frame(['5\r\n', 'hello', '\r\n', '5\r\n', 'world', '\r\n', '0\r\n', 'x-amz-checksum-crc32:+esgrQ==\r\n', '\r\n']);
    const decoded = decodeAwsChunked(body);
    expect(decoded.data.toString()).toBe('helloworld');
    expect(decoded.trailers).toEqual({ 'x-amz-checksum-crc32': '+esgrQ==' });
  });

  it('decodes signed chunks (chunk-signature extensions) with and without trailers', () => {
    const sig = ';chunk-signature=' + 'ab'.repeat(32);
    const signed = frame([`a${sig}\r\n`, '0123456789', '\r\n', `0${sig}\r\n`, '\r\n']);
    expect(decodeAwsChunked(signed)).toEqual({ data: Buffer.from('0123456789'), trailers: {} });

    const withTrailer = frame([
      `3${sig}\r\n`,
      'abc',
      '\r\n',
      `0${sig}\r\n`,
      'x-amz-checksum-sha256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=\r\n',
      `x-amz-trailer-signature:${'cd'.repeat(32)}\r\n`,
      '\r\n',
    ]);
    const decoded = decodeAwsChunked(withTrailer);
    expect(decoded.data.toString()).toBe('abc');
    expect(decoded.trailers['x-amz-checksum-sha256']).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    expect(decoded.trailers['x-amz-trailer-signature']).toBe('cd'.repeat(32));
  });

  it('keeps binary data intact, including CRLF inside chunks', () => {
    const data = Buffer.from([0, 13, 10, 255, 13, 10, 48, 13, 10]);
    const body = Buffer.concat([Buffer.from('9\r\n'), data, Buffer.from('\r\n0\r\n\r\n')]);
    expect(decodeAwsChunked(body).data.equals(data)).toBe(true);
  });

  it('accepts upper-case hex sizes and an empty body', () => {
    const big = 'x'.repeat(0x1f);
    expect(decodeAwsChunked(frame(['1F\r\n', big, '\r\n0\r\n\r\n'])).data.toString()).toBe(big);
    expect(decodeAwsChunked(frame(['0\r\n\r\n'])).data.length).toBe(0);
  });

  it('reports a body cut short as truncated', () => {
    const error = catchError(() => decodeAwsChunked(frame(['a\r\n', 'short'])));
    expect(error).toBeInstanceOf(ChunkedBodyError);
    expect((error as ChunkedBodyError).truncated).toBe(true);
    expect((catchError(() => decodeAwsChunked(frame(['5\r\nhel']))) as ChunkedBodyError).truncated).toBe(true);
  });

  it('rejects a malformed size line or missing CRLF after the data', () => {
    const badSize = catchError(() => decodeAwsChunked(frame(['zz\r\n', 'data', '\r\n0\r\n\r\n'])));
    expect(badSize).toBeInstanceOf(ChunkedBodyError);
    expect((badSize as ChunkedBodyError).truncated).toBe(false);
    const noCrlf = catchError(() => decodeAwsChunked(frame(['3\r\n', 'abcXX', '0\r\n\r\n'])));
    expect((noCrlf as ChunkedBodyError).truncated).toBe(false);
    const badTrailer = catchError(() => decodeAwsChunked(frame(['0\r\n', 'no colon here\r\n\r\n'])));
    expect(badTrailer).toBeInstanceOf(ChunkedBodyError);
  });
});

describe('AwsChunkedDecoder (incremental, as an upload arrives)', () => {
  const sig = ';chunk-signature=' + 'ab'.repeat(32);
  const data = Buffer.from(Array.from({ length: 700 }, (_, i) => (i * 7) % 256));
  const body = Buffer.concat([
    Buffer.from(`200${sig}\r\n`),
    data.subarray(0, 0x200),
    Buffer.from(`\r\n${(data.length - 0x200).toString(16)}${sig}\r\n`),
    data.subarray(0x200),
    Buffer.from(`\r\n0${sig}\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`),
  ]);

  function feed(pieces: Buffer[]) {
    const decoder = new AwsChunkedDecoder();
    const out = pieces.flatMap((piece) => decoder.push(piece));
    return { data: Buffer.concat(out), trailers: decoder.end() };
  }

  it('gives the same bytes and trailers however the body is split, down to one byte at a time', () => {
    const whole = decodeAwsChunked(body);
    expect(whole.data.equals(data)).toBe(true);
    const bytewise = feed([...body].map((b) => Buffer.from([b])));
    expect(bytewise.data.equals(data)).toBe(true);
    expect(bytewise.trailers).toEqual({ 'x-amz-checksum-crc32': 'AAAAAA==' });
    for (const cut of [1, 5, 0x200, 0x203, body.length - 3]) {
      const split = feed([body.subarray(0, cut), body.subarray(cut)]);
      expect({ cut, same: split.data.equals(data) }).toEqual({ cut, same: true });
    }
  });

  it('refuses a size line longer than any framing needs (no unbounded buffering)', () => {
    const decoder = new AwsChunkedDecoder();
    expect(() => decoder.push(Buffer.alloc(8192, 0x31))).toThrow(ChunkedBodyError);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
