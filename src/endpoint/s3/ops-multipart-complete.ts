// CompleteMultipartUpload: checks the part list, joins the parts into one blob (streaming, with
// the full-object checksum computed on the way) and commits it as the object. A retry of a
// completion that already succeeded (a client whose answer got lost) gets the same answer again,
// as on AWS, for a while (RETRY_WINDOW_MS) instead of NoSuchUpload.
import { closeSync, openSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { EndpointResponse } from '../http.js';
import { requireBucket, type S3Call, type S3Deps } from './call.js';
import { header } from '../http.js';
import { checksumHeaderName, compositeChecksum, type StoredChecksum } from './checksums.js';
import { malformedXml, noSuchUpload, S3Error } from './errors.js';
import { concatenateFiles } from './file-digest.js';
import { requireUpload } from './ops-multipart.js';
import { checksumHeaders, commitWrite, DEFAULT_CHECKSUM_ALGORITHM, requireKey } from './ops-object.js';
import { readVerifiedPayload } from './payload.js';
import type { BucketState } from './store-types.js';
import type { ObjectRecord, PartRecord } from './store-types.js';
import { partBlobPath, removeUpload } from './store-uploads.js';
import type { UploadState } from './store-types.js';
import { xmlResponse } from './wire.js';
import { checkWriteCondition, readWriteCondition } from './write-conditions.js';
import { children, parseS3Xml, text } from './xml-body.js';

/** Every part but the last must be at least this big. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;

/** How long a completed upload's answer is kept for retries, and how many per bucket. */
const RETRY_WINDOW_MS = 60 * 60 * 1000;
const MAX_REMEMBERED = 1000;

interface CompletedAnswer {
  key: string;
  at: number;
  response: EndpointResponse;
}

const completedAnswers = new WeakMap<BucketState, Map<string, CompletedAnswer>>();

function remembered(bucket: BucketState, uploadId: string, key: string): EndpointResponse | undefined {
  const answer = completedAnswers.get(bucket)?.get(uploadId);
  if (answer === undefined || answer.key !== key || Date.now() - answer.at > RETRY_WINDOW_MS) return undefined;
  return answer.response;
}

function remember(bucket: BucketState, uploadId: string, answer: CompletedAnswer): void {
  let answers = completedAnswers.get(bucket);
  if (answers === undefined) completedAnswers.set(bucket, (answers = new Map()));
  answers.set(uploadId, answer);
  // Oldest first (insertion order): forget beyond the cap.
  for (const id of answers.keys()) {
    if (answers.size <= MAX_REMEMBERED) break;
    answers.delete(id);
  }
}

export async function completeMultipartUpload(deps: S3Deps, call: S3Call): Promise<EndpointResponse> {
  const bucket = requireBucket(deps, call);
  const key = requireKey(call);
  const retried = remembered(bucket, call.req.query.get('uploadId') ?? '', key);
  if (retried !== undefined) return { ...retried, headers: { ...retried.headers } };
  const condition = readWriteCondition(call.req);
  const upload = requireUpload(bucket, call);
  checkWriteCondition(condition, bucket.objects.get(key), key);
  const uploadId = upload.record.uploadId;
  const root = parseS3Xml(readVerifiedPayload(call.req, { checksumHeadersDescribeBody: false }).data).CompleteMultipartUpload;
  if (root === undefined) throw malformedXml();
  const requested = children(root, 'Part').map((p) => ({
    partNumber: Number((text(p, 'PartNumber') ?? '').trim()),
    etag: (text(p, 'ETag') ?? '').trim().replace(/^"|"$/g, ''),
  }));
  if (requested.length === 0) throw malformedXml();

  const parts = selectParts(upload, requested);

  // Without an algorithm S3 gives the object its default full-object CRC64NVME; with one, the
  // upload's checksum type decides between a full-object and a composite checksum.
  const algorithm = upload.record.checksumAlgorithm;
  const fullObjectAlgorithm =
    algorithm === undefined ? DEFAULT_CHECKSUM_ALGORITHM : upload.record.checksumType === 'FULL_OBJECT' ? algorithm : undefined;
  const fds = openParts(upload, parts);
  const target = deps.store.newBlob(bucket);
  let digests;
  try {
    digests = await concatenateFiles(fds, target.path, fullObjectAlgorithm);
  } catch (error) {
    deps.store.discardBlob(bucket, target.blob);
    deps.store.assertLive(bucket);
    throw error;
  }
  const checksum: StoredChecksum =
    fullObjectAlgorithm !== undefined
      ? { algorithm: fullObjectAlgorithm, value: digests.checksum as string, type: 'FULL_OBJECT' }
      : {
          algorithm: algorithm as StoredChecksum['algorithm'],
          value: compositeChecksum(
            algorithm as StoredChecksum['algorithm'],
            parts.map((p) => p.checksum?.value ?? ''),
          ),
          type: 'COMPOSITE',
        };
  const claimed = header(call.req, checksumHeaderName(checksum.algorithm));
  if (claimed !== undefined && claimed !== checksum.value) {
    deps.store.discardBlob(bucket, target.blob);
    throw new S3Error('BadDigest', `The ${checksum.algorithm} you specified did not match the calculated checksum.`, 400);
  }
  // The multipart ETag: md5 of the concatenated binary part md5s, then `-<number of parts>`.
  const etagHash = createHash('md5');
  for (const part of parts) etagHash.update(Buffer.from(part.etag, 'hex'));
  const record: ObjectRecord = {
    key,
    size: digests.size,
    etag: `${etagHash.digest('hex')}-${parts.length}`,
    checksum,
    lastModified: new Date().toISOString(),
    blob: target.blob,
    partsCount: parts.length,
    partSizes: parts.map((p) => p.size),
    ...upload.record.attributes,
    ...(upload.record.tags === undefined ? {} : { tags: upload.record.tags }),
  };
  if (bucket.uploads.get(uploadId) !== upload) {
    // Aborted or completed by another request while the parts were being joined.
    deps.store.discardBlob(bucket, target.blob);
    throw noSuchUpload(uploadId);
  }
  commitWrite(deps, bucket, record, condition);
  removeUpload(bucket, upload);
  deps.notifier.objectCreated(bucket.record, 'ObjectCreated:CompleteMultipartUpload', record, call.ids);
  const response = xmlResponse(
    'CompleteMultipartUpload',
    'CompleteMultipartUploadResult',
    {
      Location: `${deps.context.url}/${call.bucketName}/${encodeURIComponent(key).replace(/%2F/g, '/')}`,
      Bucket: call.bucketName,
      Key: key,
      ETag: `"${record.etag}"`,
      [`Checksum${checksum.algorithm}`]: checksum.value,
      ChecksumType: checksum.type,
    },
    200,
    { 'x-amz-server-side-encryption': 'AES256', ...checksumHeaders(checksum) },
  );
  remember(bucket, uploadId, { key, at: Date.now(), response });
  return response;
}

/** The uploaded parts the client listed, checked as S3 checks them (order, ETags, sizes). */
function selectParts(upload: UploadState, requested: { partNumber: number; etag: string }[]): PartRecord[] {
  const uploadId = upload.record.uploadId;
  const parts: PartRecord[] = [];
  requested.forEach((wanted, i) => {
    if (i > 0 && wanted.partNumber <= requested[i - 1].partNumber) {
      throw new S3Error(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
        400,
        { UploadId: uploadId },
      );
    }
    const part = upload.parts.get(wanted.partNumber);
    if (!part || part.etag !== wanted.etag) {
      throw new S3Error(
        'InvalidPart',
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        400,
        { UploadId: uploadId, PartNumber: wanted.partNumber, ETag: wanted.etag },
      );
    }
    parts.push(part);
  });
  parts.slice(0, -1).forEach((part) => {
    if (part.size < MIN_PART_SIZE) {
      throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, {
        ProposedSize: part.size,
        MinSizeAllowed: MIN_PART_SIZE,
        PartNumber: part.partNumber,
        ETag: part.etag,
      });
    }
  });
  return parts;
}

/** Opens every part now; a part removed by a concurrent abort or complete means the upload is gone. */
function openParts(upload: UploadState, parts: PartRecord[]): number[] {
  const fds: number[] = [];
  try {
    for (const part of parts) fds.push(openSync(partBlobPath(upload, part), 'r'));
  } catch (error) {
    for (const fd of fds) closeSync(fd);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchUpload(upload.record.uploadId);
    throw error;
  }
  return fds;
}
