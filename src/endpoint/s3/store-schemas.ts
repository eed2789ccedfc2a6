// The shapes of the S3 store's JSON files, checked when they are read back at start-up: a record
// that does not fit is set aside by the store, never handed to a request handler.
import * as z from 'zod';
import { CHECKSUM_ALGORITHMS } from './checksums.js';
import type { CorsRule } from './cors.js';
import type { NotificationConfig } from './notification-config.js';
import type { BucketRecord, ObjectAttributes, ObjectRecord, PartRecord, UploadRecord } from './store-types.js';

const strings = z.array(z.string());
/** Names of files the store made itself (blobs, parts): nothing that could walk out of a directory. */
const fileName = z.string().regex(/^[A-Za-z0-9._-]+$/, 'not a file name the store makes').refine((n) => n !== '.' && n !== '..', 'not a file name the store makes');
const count = z.number().int().nonnegative();
/** Object tags as stored: [key, value] pairs in S3's order. */
const tagSet = z.array(z.tuple([z.string(), z.string()]));

const corsRule: z.ZodType<CorsRule> = z.looseObject({
  id: z.string().optional(),
  allowedHeaders: strings,
  allowedMethods: strings,
  allowedOrigins: strings,
  exposeHeaders: strings,
  maxAgeSeconds: z.number().optional(),
});

const notificationConfig: z.ZodType<NotificationConfig> = z.looseObject({
  eventBridge: z.boolean(),
  destinations: z.array(
    z.looseObject({
      kind: z.enum(['lambda', 'queue', 'topic']),
      id: z.string(),
      arn: z.string(),
      events: strings,
      filterRules: z.array(z.looseObject({ name: z.enum(['Prefix', 'Suffix']), value: z.string() })).optional(),
    }),
  ),
});

export const bucketRecordSchema: z.ZodType<BucketRecord> = z.looseObject({
  name: z.string(),
  region: z.string(),
  createdAt: z.string(),
  cors: z.array(corsRule).optional(),
  policy: z.string().optional(),
  notification: notificationConfig.optional(),
});

const attributesShape = {
  contentType: z.string(),
  contentEncoding: z.string().optional(),
  contentLanguage: z.string().optional(),
  contentDisposition: z.string().optional(),
  cacheControl: z.string().optional(),
  expires: z.string().optional(),
  userMetadata: z.record(z.string(), z.string()),
};

const storedChecksum = z.looseObject({
  algorithm: z.enum(CHECKSUM_ALGORITHMS),
  value: z.string(),
  type: z.enum(['FULL_OBJECT', 'COMPOSITE']),
});

export const objectRecordSchema: z.ZodType<ObjectRecord> = z.looseObject({
  ...attributesShape,
  key: z.string(),
  size: count,
  etag: z.string(),
  checksum: storedChecksum.optional(),
  lastModified: z.string(),
  blob: fileName,
  partsCount: count.optional(),
  partSizes: z.array(count).optional(),
  tags: tagSet.optional(),
});

const attributesSchema: z.ZodType<ObjectAttributes> = z.looseObject(attributesShape);

export const uploadRecordSchema: z.ZodType<UploadRecord> = z.looseObject({
  uploadId: z.string(),
  key: z.string(),
  initiated: z.string(),
  attributes: attributesSchema,
  checksumAlgorithm: z.enum(CHECKSUM_ALGORITHMS).optional(),
  checksumType: z.enum(['FULL_OBJECT', 'COMPOSITE']).optional(),
  tags: tagSet.optional(),
});

export const partRecordSchema: z.ZodType<PartRecord> = z.looseObject({
  partNumber: z.number().int().min(1),
  size: count,
  etag: z.string(),
  checksum: z.looseObject({ algorithm: z.enum(CHECKSUM_ALGORITHMS), value: z.string() }).optional(),
  lastModified: z.string(),
  blob: fileName,
});
