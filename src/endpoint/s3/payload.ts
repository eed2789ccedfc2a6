// Turns a request body into the bytes S3 would store, checking every integrity claim the client
// made: aws-chunked framing (decoded, never stored), x-amz-decoded-content-length, a hex
// x-amz-content-sha256, Content-MD5, and one x-amz-checksum-* value from a header or a trailer.
import { createHash } from 'node:crypto';
import { header, type EndpointRequest } from '../http.js';
import { ChunkedBodyError, decodeAwsChunked } from './chunked.js';
import {
  algorithmOfHeader,
  checksumHeaderName,
  checksumOf,
  isWellFormedChecksum,
  type ChecksumAlgorithm,
  type StoredChecksum,
} from './checksums.js';
import { invalidRequest, S3Error } from './errors.js';

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

export function readVerifiedPayload(req: EndpointRequest): VerifiedPayload {
  const chunked = isAwsChunked(req);
  let data = req.body;
  let trailers: Record<string, string> = {};
  if (chunked) {
    try {
      ({ data, trailers } = decodeAwsChunked(req.body));
    } catch (error) {
      if (!(error instanceof ChunkedBodyError)) throw error;
      throw error.truncated ? incompleteBody() : invalidRequest(`Invalid aws-chunked body: ${error.message}`);
    }
    const declared = header(req, 'x-amz-decoded-content-length');
    if (declared !== undefined && Number(declared) !== data.length) throw incompleteBody();
  }

  verifyContentSha256(req, data, chunked);
  const md5 = createHash('md5').update(data).digest();
  verifyContentMd5(header(req, 'content-md5'), md5);
  const checksum = verifyFlexibleChecksum(req, trailers, data);
  return { data, md5Hex: md5.toString('hex'), checksum, wasChunked: chunked };
}

function incompleteBody(): S3Error {
  return new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
}

function verifyContentSha256(req: EndpointRequest, data: Buffer, chunked: boolean): void {
  const claimed = header(req, 'x-amz-content-sha256');
  if (chunked || !claimed || !/^[0-9a-f]{64}$/i.test(claimed)) return;
  const computed = createHash('sha256').update(data).digest('hex');
  if (computed !== claimed.toLowerCase()) {
    throw new S3Error(
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      400,
      { ClientComputedContentSHA256: claimed, S3ComputedContentSHA256: computed },
    );
  }
}

function verifyContentMd5(claimed: string | undefined, md5: Buffer): void {
  if (claimed === undefined) return;
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(claimed) ? Buffer.from(claimed, 'base64') : Buffer.alloc(0);
  if (decoded.length !== 16) {
    throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, { 'Content-MD5': claimed });
  }
  if (!decoded.equals(md5)) {
    throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, {
      ExpectedDigest: decoded.toString('hex'),
      CalculatedDigest: md5.toString('base64'),
    });
  }
}

function verifyFlexibleChecksum(
  req: EndpointRequest,
  trailers: Record<string, string>,
  data: Buffer,
): StoredChecksum | undefined {
  const claims: { algorithm: ChecksumAlgorithm; value: string }[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    const algorithm = algorithmOfHeader(name);
    if (algorithm && typeof value === 'string') claims.push({ algorithm, value });
  }
  const declaredTrailer = (header(req, 'x-amz-trailer') ?? '').trim().toLowerCase();
  if (declaredTrailer) {
    const algorithm = algorithmOfHeader(declaredTrailer);
    const value = trailers[declaredTrailer];
    if (algorithm && value === undefined) {
      throw new S3Error(
        'MalformedTrailerError',
        'The request contained trailing data that was not well-formed or did not conform to our published schema.',
        400,
      );
    }
    if (algorithm && value !== undefined) claims.push({ algorithm, value });
  }
  if (claims.length === 0) return undefined;
  if (claims.length > 1) {
    throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  const [{ algorithm, value }] = claims;
  if (!isWellFormedChecksum(algorithm, value)) {
    throw invalidRequest(`Value for ${checksumHeaderName(algorithm)} header is invalid.`);
  }
  if (checksumOf(algorithm, data) !== value) {
    throw new S3Error('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
  }
  return { algorithm, value, type: 'FULL_OBJECT' };
}
