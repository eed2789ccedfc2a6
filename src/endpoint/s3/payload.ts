// Turns a request body into the bytes S3 would store, checking every integrity claim the client
// made: aws-chunked framing (decoded, never stored), x-amz-decoded-content-length, a hex
// x-amz-content-sha256, Content-MD5, and one x-amz-checksum-* value from a header or a trailer.
// Every digest is taken incrementally (payload-digest.ts), so uploads are checked while they stream
// to disk (upload-body.ts); small request documents are read whole with readVerifiedPayload.
import { header, type EndpointRequest } from '../http.js';
import { ChunkedBodyError, decodeAwsChunked } from './chunked.js';
import type { StoredChecksum } from './checksums.js';
import { invalidRequest, S3Error } from './errors.js';
import { PayloadDigest, readClaims } from './payload-digest.js';

export interface VerifiedPayload {
  data: Buffer;
  md5Hex: string;
  /** The checksum the client sent (verified), if any. */
  checksum?: StoredChecksum;
  /** True when the body came aws-chunked (its Content-Encoding token must not be stored). */
  wasChunked: boolean;
}

export function isAwsChunked(req: EndpointRequest): boolean {
  const encoding = (header(req, 'content-encoding') ?? '').toLowerCase();
  const sha = header(req, 'x-amz-content-sha256') ?? '';
  return encoding.split(',').some((t) => t.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/** Verifies a body already read whole into `req.body` (see readWholeBody). */
export function readVerifiedPayload(req: EndpointRequest): VerifiedPayload {
  const claims = readClaims(req, isAwsChunked(req));
  let data = req.body;
  let trailers: Record<string, string> = {};
  if (claims.chunked) {
    try {
      ({ data, trailers } = decodeAwsChunked(req.body));
    } catch (error) {
      throw chunkedBodyProblem(error);
    }
  }
  const digest = new PayloadDigest(claims);
  digest.update(data);
  const verified = digest.finish(trailers);
  return { data, md5Hex: verified.md5Hex, checksum: verified.checksum, wasChunked: claims.chunked };
}

/** Maps a framing error to S3's answer; anything else is rethrown as it is. */
export function chunkedBodyProblem(error: unknown): unknown {
  if (!(error instanceof ChunkedBodyError)) return error;
  return error.truncated ? incompleteBody() : invalidRequest(`Invalid aws-chunked body: ${error.message}`);
}

export function incompleteBody(): S3Error {
  return new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
}
