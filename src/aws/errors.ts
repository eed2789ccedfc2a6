// Telling AWS answers apart from "could not reach the endpoint": the first is evidence about the
// learner's resources, the second means a check could not run.

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

/** The endpoint answered with an AWS error: its name (e.g. NoSuchBucket) and status. */
export function awsErrorOf(error: unknown): { name: string; status?: number; message: string } | undefined {
  const e = error as SdkErrorShape;
  if (!e || typeof e !== 'object' || !e.$metadata || e.$metadata.httpStatusCode === undefined) return undefined;
  return { name: e.name ?? 'Error', status: e.$metadata.httpStatusCode, message: e.message ?? '' };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET']);

/** True when the request never got an HTTP answer (nothing listening, DNS, reset, timeout). */
export function isUnreachable(error: unknown): boolean {
  const e = error as SdkErrorShape & { cause?: { code?: string } };
  if (!e || typeof e !== 'object') return false;
  if (awsErrorOf(error)) return false;
  const code = e.code ?? e.cause?.code ?? '';
  return NETWORK_CODES.has(code) || e.name === 'TimeoutError' || /ECONNREFUSED|ENOTFOUND|socket hang up|connect/i.test(e.message ?? '');
}

export function isAwsError(error: unknown, ...names: string[]): boolean {
  const aws = awsErrorOf(error);
  return aws !== undefined && names.includes(aws.name);
}

/** Awaits an AWS call; the named "does not exist" errors give `undefined` instead of throwing. */
export async function unlessMissing<T>(call: Promise<T>, ...missingErrors: string[]): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isAwsError(error, ...missingErrors)) return undefined;
    throw error;
  }
}
