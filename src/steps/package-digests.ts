// What this process already knows about function packages, so the steps and checks that look at
// the same zip again (step 3's verdict, step 4, scripts-clean's re-run, check's record) do not read,
// hash and inspect ~9 MB each time: a zip's CodeSha256 by its file identity (file-identity.ts),
// and its inspection by CodeSha256 and what it is inspected for.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { changedSince, fileIdentity } from '../fs/file-identity.js';
import { inspectFunctionPackage, type PackageInspection, type PackageRequirements } from './packaging/inspect-package.js';

const digests = new Map<string, string>();
const inspections = new Map<string, Promise<PackageInspection>>();

/** base64(sha256(bytes)), as Lambda reports CodeSha256. */
export function codeSha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

export interface PackageDigest {
  codeSha256: string;
  /** The bytes, when they had to be read to know the digest. */
  bytes?: Buffer;
}

/** The CodeSha256 of the zip at `path` (undefined when there is no file), read only when not known. */
export function packageDigest(path: string): PackageDigest | undefined {
  const identity = fileIdentity(path);
  if (identity === 'missing') return undefined;
  const known = digests.get(`${path}\0${identity}`);
  if (known) return { codeSha256: known };
  const statedAt = Date.now();
  const bytes = readFileSync(path);
  const codeSha256 = codeSha256Of(bytes);
  // Written in the same clock tick as it was looked at: a later write could keep its identity.
  if (!changedSince(identity, statedAt)) digests.set(`${path}\0${identity}`, codeSha256);
  return { codeSha256, bytes };
}

/** The runner just wrote `path` with this content: no need to read it back. */
export function rememberWritten(path: string, codeSha256: string): void {
  const identity = fileIdentity(path);
  if (identity !== 'missing') digests.set(`${path}\0${identity}`, codeSha256);
}

/**
 * The bytes of the zip at `path`, which must still be the content `codeSha256` names (a zip
 * rewritten since it was inspected is refused rather than deployed uninspected).
 */
export function readPackageBytes(path: string, codeSha256: string): Buffer {
  const bytes = readFileSync(path);
  if (codeSha256Of(bytes) !== codeSha256) throw new PackageChangedError(path);
  return bytes;
}

export class PackageChangedError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed while it was being used`);
    this.name = 'PackageChangedError';
  }
}

/** inspectFunctionPackage, once per content and requirements in this process. */
export function inspectPackage(codeSha256: string, requirements: PackageRequirements, bytes: () => Buffer): Promise<PackageInspection> {
  const key = JSON.stringify([codeSha256, requirements]);
  let inspection = inspections.get(key);
  if (!inspection) {
    inspection = inspectFunctionPackage(bytes(), requirements);
    inspection.catch(() => inspections.delete(key));
    inspections.set(key, inspection);
  }
  return inspection;
}
