// Telling AWS answers apart from "could not reach the endpoint": the first is evidence about the
// learner's resources, the second means a check could not run.

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

export interface AwsErrorInfo {
  /** The AWS error code (e.g. NoSuchBucket) as the SDK names it; `Unknown` when the answer carried none. */
  name: string;
  status?: number;
  /** The service's own message, or what was wrong with an answer that is not AWS's. */
  message: string;
  /** One line for people: code, status and message, never the SDK's advice to its programmers. */
  detail: string;
  /** The endpoint answered, but not the way AWS does (HTML, plain text, no error code). */
  notAws: boolean;
}

/** The endpoint answered with an AWS error: its name (e.g. NoSuchBucket) and status. */
export function awsErrorOf(error: unknown): AwsErrorInfo | undefined {
  const e = error as SdkErrorShape;
  if (!e || typeof e !== 'object' || !e.$metadata || e.$metadata.httpStatusCode === undefined) return undefined;
  const status = e.$metadata.httpStatusCode;
  const name = e.name ?? 'Error';
  if (isUnreadableAnswer(e)) {
    const message = 'the answer is not AWS XML or JSON: something other than LocalStack or the built-in endpoint may be answering';
    return { name, status, message, detail: `HTTP ${status}: ${message}`, notAws: true };
  }
  // No error code in the answer (a HEAD request has no body): the SDK says "Unknown" / "UnknownError".
  const message = e.message === 'UnknownError' ? '' : firstLine(e.message ?? '');
  const shownName = name === 'Unknown' ? `HTTP ${status} without an error code` : `${name} (HTTP ${status})`;
  return { name, status, message, detail: `${shownName}${message && message !== name ? `: ${message}` : ''}`, notAws: false };
}

/**
 * The SDK could not read the answer (HTML from a web server, a proxy's "denied" page); its message
 * then speaks to programmers ("Deserialization error: … inspect the hidden field {error}.$response").
 */
function isUnreadableAnswer(e: SdkErrorShape): boolean {
  return /Deserialization error|XML parse error|is not valid JSON|\{error\}\.\$response/.test(e.message ?? '');
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

/** One line describing any failure for a person: an AWS answer, a network error, or the error's first line. */
export function errorDetail(error: unknown): string {
  const aws = awsErrorOf(error);
  if (aws) return aws.detail;
  if (error instanceof Error) return firstLine(error.message).replace(/\s*Deserialization error.*$/, '') || error.name;
  return String(error);
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
