// The records the S3 store keeps on disk (as JSON) and in memory. Their schemas, checked when
// they are read back, are in store-schemas.ts.
import type { StoredChecksum } from './checksums.js';
import type { CorsRule } from './cors.js';
import type { NotificationConfig } from './notification-config.js';
import type { SortedKeys } from './key-order.js';
import type { TagSet } from './tagging.js';

export interface BucketRecord {
  name: string;
  region: string;
  /** ISO 8601. */
  createdAt: string;
  cors?: CorsRule[];
  /** The policy document exactly as the client sent it. */
  policy?: string;
  notification?: NotificationConfig;
}

/** Headers S3 stores with an object and returns on GET/HEAD. */
export interface ObjectAttributes {
  contentType: string;
  contentEncoding?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  cacheControl?: string;
  expires?: string;
  /** x-amz-meta-* without the prefix, names lower-cased (as S3 returns them). */
  userMetadata: Record<string, string>;
}

export interface ObjectRecord extends ObjectAttributes {
  key: string;
  size: number;
  /** Unquoted: md5 hex, or `<md5 of part md5s>-<parts>` for multipart objects. */
  etag: string;
  checksum?: StoredChecksum;
  /** ISO 8601. */
  lastModified: string;
  /** File name of the object's bytes under the bucket's blobs directory. */
  blob: string;
  partsCount?: number;
  /** Sizes of a multipart object's parts, in order (GetObject `partNumber`). */
  partSizes?: number[];
  tags?: TagSet;
}

export interface UploadRecord {
  uploadId: string;
  key: string;
  /** ISO 8601. */
  initiated: string;
  attributes: ObjectAttributes;
  /** x-amz-checksum-algorithm given at CreateMultipartUpload. */
  checksumAlgorithm?: StoredChecksum['algorithm'];
  checksumType?: StoredChecksum['type'];
  /** x-amz-tagging given at CreateMultipartUpload. */
  tags?: TagSet;
}

export interface PartRecord {
  partNumber: number;
  size: number;
  /** Unquoted md5 hex. */
  etag: string;
  checksum?: { algorithm: StoredChecksum['algorithm']; value: string };
  lastModified: string;
  /** File name of the part's bytes under the upload's directory. */
  blob: string;
}

/** A bucket as the store holds it in memory: its record, its objects in key order, its uploads. */
export interface BucketState {
  record: BucketRecord;
  dir: string;
  objects: Map<string, ObjectRecord>;
  keys: SortedKeys;
  uploads: Map<string, UploadState>;
}

/** A multipart upload in progress, with the parts received so far. */
export interface UploadState {
  record: UploadRecord;
  dir: string;
  parts: Map<number, PartRecord>;
}
