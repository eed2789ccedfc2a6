// image-processor: an S3 ObjectCreated event in, a resized copy of each image out, stored as
// `processed/<original key>` in the same bucket (BUCKET_NAME). Deployed with handler
// `index.handler`. Settings (environment):
//   MAX_WIDTH         output width cap in pixels (default 800; never upscales)
//   MAX_INPUT_BYTES   larger objects are skipped unread (default 20 MiB)
//   MAX_INPUT_PIXELS  images with more pixels are skipped undecoded (default 40,000,000)
//   BUCKET_NAME       bucket for the outputs (default: the event's bucket)
//   AWS_ENDPOINT_URL  S3 endpoint (injected by LocalStack and the built-in endpoint)
import { readConfig, type Env } from './config.js';
import type { ProcessSummary, S3Event } from './event.js';
import { processRecord } from './process-record.js';
import { createS3Store, type ObjectStore } from './s3-store.js';

export type { ProcessSummary, S3Event } from './event.js';

export interface HandlerOptions {
  /** Environment to read settings from; default process.env (read on every invocation). */
  env?: Env;
  /** S3 access; default the SDK client configured from `env`. */
  store?: ObjectStore;
  /** Where log lines go; default console.log (CloudWatch Logs on Lambda). */
  log?: (line: string) => void;
}

export function createHandler(options: HandlerOptions = {}): (event: S3Event) => Promise<ProcessSummary> {
  return async function handle(event: S3Event): Promise<ProcessSummary> {
    const env = options.env ?? process.env;
    const log = options.log ?? ((line: string) => console.log(line));
    const config = readConfig(env, log);
    const store = options.store ?? createS3Store({ region: config.region, endpoint: config.endpoint, credentials: credentialsFrom(env) });

    const summary: ProcessSummary = { processed: [], skipped: [] };
    const records = Array.isArray(event?.Records) ? event.Records : [];
    if (records.length === 0) log('SKIP: the event has no Records (expected an S3 ObjectCreated notification)');

    // S3 access failures (endpoint unreachable, access denied, missing bucket) are not the input's
    // fault and may be transient: the remaining records are still processed, then the invocation
    // fails so Lambda reports it (and retries an asynchronous event).
    const failures: string[] = [];
    for (const record of records) {
      try {
        const outcome = await processRecord(record, { config, store, log });
        if ('processed' in outcome) summary.processed.push(outcome.processed);
        else summary.skipped.push(outcome.skipped);
      } catch (error) {
        const line = `ERROR "${record?.s3?.object?.key ?? '?'}": ${describe(error)}`;
        log(line);
        failures.push(line);
      }
    }
    if (failures.length > 0) {
      throw new Error(`image-processor failed for ${failures.length} record(s): ${failures.join('; ')}`);
    }
    return summary;
  };
}

/** Lambda entry point: `index.handler`. */
export const handler = createHandler();

/** Credentials from the given env when it has them; else the SDK's default chain. */
function credentialsFrom(env: Env): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return `${error.name}: ${error.message}${status ? ` (HTTP ${status})` : ''}`;
  }
  return String(error);
}
