// The deployed code of a function: GetFunction's Code.Location is a URL that serves its zip (a
// presigned S3 URL on AWS and LocalStack; the built-in endpoint serves it itself).
import { LAMBDA_ZIPPED_LIMIT } from '../steps/packaging/inspect-package.js';

/** Downloads the zip behind Code.Location (nothing larger than Lambda accepts); throws with a reason. */
export async function downloadFunctionCode(location: string | undefined, timeoutMs = 15_000): Promise<Buffer> {
  if (!location || !/^https?:\/\//.test(location)) throw new Error('GetFunction returned no Code.Location');
  const response = await fetch(location, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > LAMBDA_ZIPPED_LIMIT) throw new Error(`${bytes.length} bytes: larger than Lambda accepts`);
  return bytes;
}
