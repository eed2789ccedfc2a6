// Decodes `content-encoding: aws-chunked` bodies, the framing SDKs use for streamed uploads:
//   <hex-size>[;chunk-signature=<sig>]\r\n<bytes>\r\n … 0[;chunk-signature=<sig>]\r\n
//   [<trailer-name>:<value>\r\n …]\r\n
// Signed variants (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]) carry chunk signatures, which are
// read and not verified (the endpoint does not verify SigV4 at all). Only the decoded bytes are data.
// The decoder is incremental, so an upload is decoded as it arrives, never held whole.

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

const CR = 13;
const LF = 10;
/** A size line or the trailer section longer than this is not aws-chunked framing. */
const MAX_LINE_BYTES = 4096;
const MAX_TRAILER_BYTES = 16 * 1024;

type State = 'size' | 'data' | 'data-end' | 'trailers';

export class AwsChunkedDecoder {
  private state: State = 'size';
  private line: Buffer[] = [];
  private lineBytes = 0;
  /** Data bytes still to come in the current chunk. */
  private remaining = 0;
  /** Bytes of the CRLF after a chunk's data seen so far. */
  private crlfSeen = 0;

  /** Feeds the next piece of the framed body; returns the data bytes it contained. */
  push(input: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let offset = 0;
    while (offset < input.length) {
      switch (this.state) {
        case 'size': {
          const lf = input.indexOf(LF, offset);
          const end = lf === -1 ? input.length : lf + 1;
          this.addLine(input.subarray(offset, end), MAX_LINE_BYTES);
          offset = end;
          if (lf !== -1) this.endSizeLine();
          break;
        }
        case 'data': {
          const take = Math.min(this.remaining, input.length - offset);
          out.push(input.subarray(offset, offset + take));
          offset += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = 'data-end';
          break;
        }
        case 'data-end': {
          const expected = this.crlfSeen === 0 ? CR : LF;
          if (input[offset] !== expected) throw new ChunkedBodyError('chunk data is not followed by CRLF', false);
          offset++;
          if (++this.crlfSeen === 2) {
            this.crlfSeen = 0;
            this.state = 'size';
          }
          break;
        }
        case 'trailers':
          this.addLine(input.subarray(offset), MAX_TRAILER_BYTES);
          offset = input.length;
          break;
      }
    }
    return out;
  }

  /** Call when the body has ended; returns the trailers, or throws if the framing was cut short. */
  end(): Record<string, string> {
    if (this.state !== 'trailers') {
      const what = this.state === 'size' ? 'chunk header line is not terminated' : 'chunk is shorter than its declared size';
      throw new ChunkedBodyError(what, true);
    }
    return parseTrailers(Buffer.concat(this.line).toString('utf8'));
  }

  private addLine(piece: Buffer, limit: number): void {
    this.lineBytes += piece.length;
    if (this.lineBytes > limit) throw new ChunkedBodyError('framing line too long', false);
    this.line.push(piece);
  }

  private endSizeLine(): void {
    const text = Buffer.concat(this.line).toString('latin1');
    this.line = [];
    this.lineBytes = 0;
    if (!text.endsWith('\r\n')) throw new ChunkedBodyError('chunk header line is not terminated by CRLF', false);
    const sizeText = text.slice(0, -2).split(';', 1)[0].trim();
    if (!/^[0-9a-fA-F]{1,15}$/.test(sizeText)) throw new ChunkedBodyError(`invalid chunk size "${sizeText.slice(0, 40)}"`, false);
    this.remaining = parseInt(sizeText, 16);
    this.state = this.remaining === 0 ? 'trailers' : 'data';
  }
}

/** Decodes a whole framed body at once. */
export function decodeAwsChunked(body: Buffer): DecodedChunkedBody {
  const decoder = new AwsChunkedDecoder();
  const pieces = decoder.push(body);
  const trailers = decoder.end();
  return { data: Buffer.concat(pieces), trailers };
}

/** Trailer lines after the last chunk, up to an empty line or the end of the body. */
function parseTrailers(text: string): Record<string, string> {
  const trailers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new ChunkedBodyError(`malformed trailer line "${line.slice(0, 80)}"`, false);
    trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return trailers;
}
