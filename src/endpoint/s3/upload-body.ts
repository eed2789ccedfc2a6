// Streams an upload's body (PutObject, UploadPart) into a new file, decoding aws-chunked framing
// and taking every digest on the way, so memory stays flat whatever the size. The file is only
// the bytes; it becomes an object when the caller commits it, and is removed if anything fails.
import { openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { header, type EndpointRequest } from '../http.js';
import { AwsChunkedDecoder } from './chunked.js';
import type { ChecksumAlgorithm } from './checksums.js';
import { S3Error } from './errors.js';
import { chunkedBodyProblem, incompleteBody, isAwsChunked } from './payload.js';
import { PayloadDigest, readClaims, type VerifiedDigests } from './payload-digest.js';

/** S3's largest single PUT (object or part): 5 GiB. */
export const MAX_UPLOAD_BYTES = 5 * 1024 ** 3;
/** Bytes gathered before each write: large enough for few system calls, small enough to stay flat. */
const FLUSH_BYTES = 512 * 1024;

/**
 * The size the client says it will send (decoded size for aws-chunked bodies). Refuses a size
 * over the limit before any byte is read, as S3 does, and closes the connection so the body is
 * never taken.
 */
export function checkDeclaredSize(req: EndpointRequest, limit = MAX_UPLOAD_BYTES): number | undefined {
  const text = isAwsChunked(req) ? header(req, 'x-amz-decoded-content-length') : header(req, 'content-length');
  const declared = text === undefined || text.trim() === '' ? undefined : Number(text);
  if (declared !== undefined && declared > limit) throw entityTooLarge(declared, limit);
  return declared;
}

export function entityTooLarge(proposed: number, limit = MAX_UPLOAD_BYTES): S3Error {
  return new S3Error(
    'EntityTooLarge',
    'Your proposed upload exceeds the maximum allowed size',
    400,
    { ProposedSize: proposed, MaxSizeAllowed: limit },
    { connection: 'close' },
  );
}

/**
 * Writes the body to `target` (created; must not exist) and returns its verified digests, with
 * the checksums `alsoCompute` asks for given the one the client claims. On any failure — a broken
 * frame, a digest that does not match, a client that goes away — the file is removed and the
 * S3Error AWS would give is thrown.
 */
export async function receiveBody(
  req: EndpointRequest,
  target: string,
  alsoCompute: (claimed: ChecksumAlgorithm | undefined) => ChecksumAlgorithm[] = () => [],
): Promise<VerifiedDigests> {
  const declared = checkDeclaredSize(req);
  const claims = readClaims(req, isAwsChunked(req));
  const digest = new PayloadDigest(claims, alsoCompute(claims.headerChecksum?.algorithm ?? claims.trailerAlgorithm));
  const decoder = claims.chunked ? new AwsChunkedDecoder() : undefined;
  const writer = new BlobWriter(target);
  try {
    for await (const chunk of bodySource(req)) {
      for (const piece of decoder ? decoder.push(chunk as Buffer) : [chunk as Buffer]) {
        digest.update(piece);
        if (digest.bytes > MAX_UPLOAD_BYTES) throw entityTooLarge(digest.bytes);
        await writer.add(piece);
      }
    }
    const trailers = decoder ? decoder.end() : {};
    if (!claims.chunked && declared !== undefined && digest.bytes !== declared) throw incompleteBody();
    const verified = digest.finish(trailers);
    await writer.close();
    return verified;
  } catch (error) {
    await writer.discard();
    throw clientGone(error) ? incompleteBody() : chunkedBodyProblem(error);
  }
}

function bodySource(req: EndpointRequest): Readable | Buffer[] {
  const open = req.openBody;
  if (open === undefined) return [req.body];
  req.openBody = undefined;
  return open();
}

/** The client closed the connection mid-body (Node reports "aborted" / ECONNRESET). */
function clientGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error)?.message === 'aborted';
}

/**
 * Gathers pieces and writes them in batches. A body that fits in one batch is written with one
 * synchronous open/write/close at the end (cheaper than three trips through the thread pool).
 */
class BlobWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private handle?: FileHandle;
  private created = false;

  constructor(private readonly path: string) {}

  async add(piece: Buffer): Promise<void> {
    if (piece.length === 0) return;
    this.pending.push(piece);
    this.pendingBytes += piece.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  async close(): Promise<void> {
    if (this.handle === undefined) {
      this.created = true;
      const fd = openSync(this.path, 'wx');
      try {
        for (const piece of this.pending) writeSync(fd, piece);
      } finally {
        closeSync(fd);
      }
      this.pending = [];
      return;
    }
    await this.flush();
    await this.handle.close();
    this.handle = undefined;
  }

  async discard(): Promise<void> {
    this.pending = [];
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    if (this.created) rmSync(this.path, { force: true });
  }

  private async flush(): Promise<void> {
    if (this.handle === undefined) {
      this.created = true;
      this.handle = await open(this.path, 'wx');
    }
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    await this.handle.writev(batch);
  }
}
