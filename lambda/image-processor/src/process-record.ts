// One S3 record: decode the key, apply the loop guard and the input limits, resize, store.
// Bad input (not an image, empty, too big) is skipped with one log line and never thrown: S3
// invokes asynchronously and retries a failed invocation, so throwing on input that will never
// succeed would only repeat the failure. S3 access errors do throw (see index.ts).
import type { ProcessorConfig } from './config.js';
import type { ProcessedEntry, S3EventRecord, SkippedEntry } from './event.js';
import { decodeEventKey, isProcessedKey, metadataKeyValue, outputKeyFor } from './keys.js';
import { resizeImage } from './resize.js';
import type { ObjectStore } from './s3-store.js';

export const PROCESSED_BY = 'image-processor';

export interface RecordDeps {
  config: ProcessorConfig;
  store: ObjectStore;
  log: (line: string) => void;
}

export type RecordOutcome = { processed: ProcessedEntry } | { skipped: SkippedEntry };

export async function processRecord(record: S3EventRecord, deps: RecordDeps): Promise<RecordOutcome> {
  const { config, store, log } = deps;
  const eventBucket = record.s3?.bucket?.name;
  const encodedKey = record.s3?.object?.key;
  if (!eventBucket || !encodedKey) {
    return skip(log, encodedKey ?? '', 'not-an-s3-record', 'the record has no s3.bucket.name / s3.object.key');
  }
  const key = decodeEventKey(encodedKey);
  if (isProcessedKey(key)) {
    return skip(log, key, 'loop-guard', 'already under processed/ (loop guard: outputs are never processed again)');
  }

  const fetched = await store.fetch(eventBucket, key, config.maxInputBytes);
  if (fetched.status === 'missing') {
    return skip(log, key, 'missing', `no such object in bucket ${eventBucket} (deleted after the event?)`);
  }
  if (fetched.status === 'too-large') {
    return skip(log, key, 'too-large', `object is ${fetched.bytes} bytes, over the limit of ${config.maxInputBytes} (MAX_INPUT_BYTES)`);
  }
  if (fetched.body.length === 0) {
    return skip(log, key, 'empty', 'empty object (0 bytes)');
  }

  const resized = await resizeImage(fetched.body, config);
  if (!resized.ok) return skip(log, key, resized.code, resized.reason);
  const { image } = resized;

  const outputBucket = config.outputBucket ?? eventBucket;
  if (outputBucket !== eventBucket) {
    log(`NOTE "${key}": BUCKET_NAME=${outputBucket} differs from the event's bucket ${eventBucket}; writing the output to ${outputBucket}`);
  }
  const outputKey = outputKeyFor(key);
  await store.put({
    bucket: outputBucket,
    key: outputKey,
    body: image.data,
    contentType: image.contentType,
    metadata: { 'processed-by': PROCESSED_BY, 'original-key': metadataKeyValue(key) },
  });
  log(
    `OK "${key}" -> s3://${outputBucket}/${outputKey}: ${image.format} ` +
      `${image.input.width}x${image.input.height} -> ${image.width}x${image.height}, ${image.data.length} bytes`,
  );
  return { processed: { key, outputKey, width: image.width, height: image.height, format: image.format } };
}

function skip(log: (line: string) => void, key: string, code: SkippedEntry['code'], reason: string): RecordOutcome {
  log(`SKIP "${key}": ${reason}`);
  return { skipped: { key, code, reason } };
}
