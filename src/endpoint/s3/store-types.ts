// The records the S3 store keeps on disk (as JSON) and in memory, and the shape checks applied
// when they are loaded: a damaged file must be reported by name, not crash a handler later.
import type { StoredChecksum } from './checksums.js';
import { isCorsRules, type CorsRule } from './cors.js';
import { isNotificationConfig, type NotificationConfig } from './notification-config.js';
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

type Check = (value: Record<string, unknown>) => string | undefined;

const isString = (v: unknown): v is string => typeof v === 'string';
const isOptionalString = (v: unknown) => v === undefined || isString(v);
const isStringMap = (v: unknown) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isString);
const isTagSet = (v: unknown) =>
  v === undefined || (Array.isArray(v) && v.every((t) => Array.isArray(t) && t.length === 2 && t.every(isString)));
const isNumberList = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((n) => typeof n === 'number' && n >= 0));
const isChecksum = (v: unknown) =>
  v === undefined ||
  (typeof v === 'object' && v !== null && isString((v as Record<string, unknown>).algorithm) && isString((v as Record<string, unknown>).value));

/** Returns what is wrong with a loaded value, or undefined when it has the record's shape. */
function checkShape(value: unknown, check: Check): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  return check(value as Record<string, unknown>);
}

export function bucketRecordProblem(value: unknown): string | undefined {
  return checkShape(value, (v) => {
    if (!isString(v.name) || !isString(v.region) || !isString(v.createdAt)) return 'missing name, region or createdAt';
    if (v.cors !== undefined && !isCorsRules(v.cors)) return 'invalid cors';
    if (!isOptionalString(v.policy)) return 'invalid policy';
    if (v.notification !== undefined && !isNotificationConfig(v.notification)) return 'invalid notification';
    return undefined;
  });
}

function attributesProblem(v: Record<string, unknown>): string | undefined {
  if (!isString(v.contentType)) return 'missing contentType';
  for (const name of ['contentEncoding', 'contentLanguage', 'contentDisposition', 'cacheControl', 'expires']) {
    if (!isOptionalString(v[name])) return `invalid ${name}`;
  }
  if (!isStringMap(v.userMetadata)) return 'invalid userMetadata';
  return undefined;
}

export function objectRecordProblem(value: unknown): string | undefined {
  return checkShape(value, (v) => {
    if (!isString(v.key) || !isString(v.etag) || !isString(v.lastModified) || !isString(v.blob)) {
      return 'missing key, etag, lastModified or blob';
    }
    if (typeof v.size !== 'number' || v.size < 0) return 'invalid size';
    if (!isChecksum(v.checksum)) return 'invalid checksum';
    if (!/^[A-Za-z0-9._-]+$/.test(v.blob)) return 'invalid blob name';
    if (!isTagSet(v.tags)) return 'invalid tags';
    if (!isNumberList(v.partSizes)) return 'invalid partSizes';
    return attributesProblem(v);
  });
}

export function uploadRecordProblem(value: unknown): string | undefined {
  return checkShape(value, (v) => {
    if (!isString(v.uploadId) || !isString(v.key) || !isString(v.initiated)) return 'missing uploadId, key or initiated';
    const attributes = v.attributes;
    if (typeof attributes !== 'object' || attributes === null) return 'missing attributes';
    if (!isTagSet(v.tags)) return 'invalid tags';
    return attributesProblem(attributes as Record<string, unknown>);
  });
}

export function partRecordProblem(value: unknown): string | undefined {
  return checkShape(value, (v) => {
    if (typeof v.partNumber !== 'number' || typeof v.size !== 'number') return 'invalid partNumber or size';
    if (!isString(v.etag) || !isString(v.lastModified) || !isString(v.blob)) return 'missing etag, lastModified or blob';
    if (!/^[A-Za-z0-9._-]+$/.test(v.blob)) return 'invalid blob name';
    if (!isChecksum(v.checksum)) return 'invalid checksum';
    return undefined;
  });
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
