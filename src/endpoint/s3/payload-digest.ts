// The integrity claims a request makes about its body, and an incremental digest that checks them
// once the body has ended: MD5 (always: it is the ETag), SHA-256 when x-amz-content-sha256 is a
// hex digest, and the flexible checksums (the one claimed plus any the caller also wants).
import { createHash, type Hash } from 'node:crypto';
import { header, type EndpointRequest } from '../http.js';
import {
  algorithmOfHeader,
  checksumHeaderName,
  createHasher,
  isWellFormedChecksum,
  type ChecksumAlgorithm,
  type Hasher,
  type StoredChecksum,
} from './checksums.js';
import { invalidRequest, S3Error } from './errors.js';

export interface PayloadClaims {
  chunked: boolean;
  /** Hex SHA-256 of a plain (not aws-chunked) body. */
  sha256?: string;
  contentMd5?: string;
  /** Checksum sent as a header. */
  headerChecksum?: { algorithm: ChecksumAlgorithm; value: string };
  /** Checksum announced by x-amz-trailer, to arrive after the body. */
  trailerAlgorithm?: ChecksumAlgorithm;
  /** x-amz-decoded-content-length of an aws-chunked body. */
  decodedLength?: number;
}

export interface VerifiedDigests {
  size: number;
  md5Hex: string;
  /** The checksum the client sent (verified), if any. */
  checksum?: StoredChecksum;
  /** Base64 value of every algorithm computed. */
  computed: Partial<Record<ChecksumAlgorithm, string>>;
}

/** Reads the claims; a second checksum header is refused here, before any byte is read. */
export function readClaims(req: EndpointRequest, chunked: boolean): PayloadClaims {
  const headerClaims: { algorithm: ChecksumAlgorithm; value: string }[] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    const algorithm = algorithmOfHeader(name);
    if (algorithm && typeof value === 'string') headerClaims.push({ algorithm, value });
  }
  const trailerName = (header(req, 'x-amz-trailer') ?? '').trim().toLowerCase();
  const trailerAlgorithm = trailerName ? algorithmOfHeader(trailerName) : undefined;
  if (headerClaims.length + (trailerAlgorithm ? 1 : 0) > 1) throw multipleChecksums();
  const sha256 = header(req, 'x-amz-content-sha256');
  const decoded = header(req, 'x-amz-decoded-content-length');
  return {
    chunked,
    ...(!chunked && sha256 && /^[0-9a-f]{64}$/i.test(sha256) ? { sha256: sha256.toLowerCase() } : {}),
    ...(header(req, 'content-md5') === undefined ? {} : { contentMd5: header(req, 'content-md5') }),
    ...(headerClaims.length === 1 ? { headerChecksum: headerClaims[0] } : {}),
    ...(trailerAlgorithm ? { trailerAlgorithm } : {}),
    ...(chunked && decoded !== undefined ? { decodedLength: Number(decoded) } : {}),
  };
}

export class PayloadDigest {
  private size = 0;
  private readonly md5 = createHash('md5');
  private readonly sha256?: Hash;
  private readonly hashers = new Map<ChecksumAlgorithm, Hasher>();

  constructor(
    private readonly claims: PayloadClaims,
    alsoCompute: ChecksumAlgorithm[] = [],
  ) {
    if (claims.sha256) this.sha256 = createHash('sha256');
    const claimed = claims.headerChecksum?.algorithm ?? claims.trailerAlgorithm;
    for (const algorithm of claimed ? [claimed, ...alsoCompute] : alsoCompute) {
      if (!this.hashers.has(algorithm)) this.hashers.set(algorithm, createHasher(algorithm));
    }
  }

  get bytes(): number {
    return this.size;
  }

  update(data: Buffer): void {
    this.size += data.length;
    this.md5.update(data);
    this.sha256?.update(data);
    for (const hasher of this.hashers.values()) hasher.update(data);
  }

  /** Checks every claim against what arrived; throws the S3Error AWS gives for the first that fails. */
  finish(trailers: Record<string, string>): VerifiedDigests {
    const { claims } = this;
    if (claims.decodedLength !== undefined && claims.decodedLength !== this.size) {
      throw new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header', 400);
    }
    if (this.sha256 && claims.sha256) {
      const computed = this.sha256.digest('hex');
      if (computed !== claims.sha256) {
        throw new S3Error(
          'XAmzContentSHA256Mismatch',
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
          400,
          { ClientComputedContentSHA256: claims.sha256, S3ComputedContentSHA256: computed },
        );
      }
    }
    const md5 = this.md5.digest();
    verifyContentMd5(claims.contentMd5, md5);
    const computed: Partial<Record<ChecksumAlgorithm, string>> = {};
    for (const [algorithm, hasher] of this.hashers) computed[algorithm] = hasher.digest().toString('base64');
    const checksum = this.verifyChecksum(trailers, computed);
    return { size: this.size, md5Hex: md5.toString('hex'), checksum, computed };
  }

  private verifyChecksum(
    trailers: Record<string, string>,
    computed: Partial<Record<ChecksumAlgorithm, string>>,
  ): StoredChecksum | undefined {
    let claim = this.claims.headerChecksum;
    const trailerAlgorithm = this.claims.trailerAlgorithm;
    if (trailerAlgorithm) {
      const value = trailers[checksumHeaderName(trailerAlgorithm)];
      if (value === undefined) {
        throw new S3Error(
          'MalformedTrailerError',
          'The request contained trailing data that was not well-formed or did not conform to our published schema.',
          400,
        );
      }
      claim = { algorithm: trailerAlgorithm, value };
    }
    if (!claim) return undefined;
    const { algorithm, value } = claim;
    if (!isWellFormedChecksum(algorithm, value)) {
      throw invalidRequest(`Value for ${checksumHeaderName(algorithm)} header is invalid.`);
    }
    if (computed[algorithm] !== value) {
      throw new S3Error('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
    }
    return { algorithm, value, type: 'FULL_OBJECT' };
  }
}

function multipleChecksums(): S3Error {
  return invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
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
