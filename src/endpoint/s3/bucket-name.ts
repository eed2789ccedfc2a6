// S3 bucket naming rules (general purpose buckets). A valid name is also what makes it safe to use
// the name as a directory under the data dir: only [a-z0-9.-], no `..`, no leading dot.

const SHAPE = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
const IP_SHAPED = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** Why `name` is not a valid bucket name, or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'must be between 3 and 63 characters long';
  if (!SHAPE.test(name)) {
    return 'may only contain lowercase letters, numbers, dots and hyphens, and must begin and end with a letter or number';
  }
  if (name.includes('..')) return 'must not contain two adjacent periods';
  // Each dot-separated label must also be a DNS label (no `.-` or `-.`), as S3 requires.
  if (name.includes('.-') || name.includes('-.')) return 'must not have a hyphen next to a period';
  if (IP_SHAPED.test(name)) return 'must not be formatted as an IP address';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with the reserved prefix ${prefix}`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with the reserved suffix ${suffix}`;
  return undefined;
}

export function isValidBucketName(name: string): boolean {
  return bucketNameProblem(name) === undefined;
}
