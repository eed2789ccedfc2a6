// Decodes `content-encoding: aws-chunked` bodies, the framing SDKs use for streamed uploads:
//   <hex-size>[;chunk-signature=<sig>]\r\n<bytes>\r\n … 0[;chunk-signature=<sig>]\r\n
//   [<trailer-name>:<value>\r\n …]\r\n
// Signed variants (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) carry chunk signatures, which are
// read and not verified (the endpoint does not verify SigV4 at all). Only the decoded bytes are data.

export class ChunkedBodyError extends Error {
  constructor(
    message: string,
    /** True when the body simply ended early (S3 answers IncompleteBody then). */
    readonly truncated: boolean,
  ) {
    super(message);
    this.name = 'ChunkedBodyError';
  }
}

export interface DecodedChunkedBody {
  data: Buffer;
  /** Trailing headers, names lower-cased (e.g. `x-amz-checksum-crc32`, `x-amz-trailer-signature`). */
  trailers: Record<string, string>;
}

const CRLF = Buffer.from('\r\n');

export function decodeAwsChunked(body: Buffer): DecodedChunkedBody {
  const pieces: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = body.indexOf(CRLF, offset);
    if (lineEnd === -1) throw new ChunkedBodyError('chunk header line is not terminated', true);
    const line = body.subarray(offset, lineEnd).toString('latin1');
    const sizeText = line.split(';', 1)[0].trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new ChunkedBodyError(`invalid chunk size "${sizeText}"`, false);
    const size = parseInt(sizeText, 16);
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size > body.length) throw new ChunkedBodyError('chunk is shorter than its declared size', true);
    pieces.push(body.subarray(offset, offset + size));
    offset += size;
    if (!body.subarray(offset, offset + 2).equals(CRLF)) {
      throw new ChunkedBodyError('chunk data is not followed by CRLF', offset + 2 > body.length);
    }
    offset += 2;
  }
  return { data: Buffer.concat(pieces), trailers: readTrailers(body, offset) };
}

/** Trailer lines after the last chunk, up to an empty line or the end of the body. */
function readTrailers(body: Buffer, start: number): Record<string, string> {
  const trailers: Record<string, string> = {};
  const text = body.subarray(start).toString('utf8');
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ChunkedBodyError(`malformed trailer line "${line.slice(0, 80)}"`, false);
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return trailers;
}
