// The function's settings, read from its environment on every invocation (Lambda sets the
// environment once per container, but reading it per call keeps tests free of global state).

export interface ProcessorConfig {
  /** Output images are at most this many pixels wide (after EXIF rotation); never upscaled. */
  maxWidth: number;
  /** Objects larger than this are skipped before their body is read. */
  maxInputBytes: number;
  /** Images with more pixels than this (width × height) are skipped: decompression-bomb guard. */
  maxInputPixels: number;
  /** Bucket that receives `processed/<key>`; undefined = the bucket named in the event. */
  outputBucket: string | undefined;
  /** S3 endpoint (LocalStack and the built-in endpoint inject AWS_ENDPOINT_URL); undefined = AWS. */
  endpoint: string | undefined;
  region: string;
}

export const DEFAULT_MAX_WIDTH = 800;
export const DEFAULT_MAX_INPUT_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_INPUT_PIXELS = 40_000_000;

export type Env = Record<string, string | undefined>;

/** Reads the settings; a malformed number is reported through `warn` and replaced by its default. */
export function readConfig(env: Env, warn: (line: string) => void): ProcessorConfig {
  return {
    maxWidth: positiveInteger(env, 'MAX_WIDTH', DEFAULT_MAX_WIDTH, warn),
    maxInputBytes: positiveInteger(env, 'MAX_INPUT_BYTES', DEFAULT_MAX_INPUT_BYTES, warn),
    maxInputPixels: positiveInteger(env, 'MAX_INPUT_PIXELS', DEFAULT_MAX_INPUT_PIXELS, warn),
    outputBucket: nonEmpty(env.BUCKET_NAME),
    endpoint: nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL),
    region: nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? 'us-east-1',
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function positiveInteger(env: Env, name: string, fallback: number, warn: (line: string) => void): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (Number.isSafeInteger(value) && value > 0) return value;
  warn(`config: ${name}=${JSON.stringify(raw)} is not a positive integer; using the default ${fallback}`);
  return fallback;
}
