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

/**
 * True when the body is aws-chunked framing: a STREAMING-* payload hash, or the aws-chunked
 * encoding together with the decoded length that framing always comes with. `Content-Encoding:
 * gzip, aws-chunked` on a plain body (a client naming the encoding, not framing it) stays plain,
 * as on AWS.
 */
export function isAwsChunked(req: EndpointRequest): boolean {
  const encoding = (header(req, 'content-encoding') ?? '').toLowerCase();
  const sha = header(req, 'x-amz-content-sha256') ?? '';
  if (sha.startsWith('STREAMING-')) return true;
  return encoding.split(',').some((t) => t.trim() === 'aws-chunked') && header(req, 'x-amz-decoded-content-length') !== undefined;
}

/**
 * Verifies a body already read whole into `req.body` (see readWholeBody). With
 * `checksumHeadersDescribeBody: false` (CompleteMultipartUpload) x-amz-checksum-* headers are
 * about the object, not this document, and are left to the caller.
 */
export function readVerifiedPayload(req: EndpointRequest, options: { checksumHeadersDescribeBody?: boolean } = {}): VerifiedPayload {
  const claims = readClaims(req, isAwsChunked(req));
  if (options.checksumHeadersDescribeBody === false) delete claims.headerChecksum;
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
