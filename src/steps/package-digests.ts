// What this process already knows about function packages, so the steps and checks that look at
// the same zip again (step 3's verdict, step 4, scripts-clean's re-run, check's record) do not read,
// hash and inspect ~9 MB each time: a zip's CodeSha256 by its file identity (file-identity.ts),
// and its inspection by CodeSha256 and what it is inspected for. A zip the runner wrote itself has
// its digest beside it (.<name>.digest.json, with the identity it was written with), so the next
// command knows it without reading the zip either.
import { readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeJsonAtomic } from '../endpoint/store/atomic.js';
import { changedSince, fileIdentity } from '../fs/file-identity.js';
import { codeSha256Of } from './packaging/deterministic-zip.js';
import { inspectFunctionPackage, type PackageInspection, type PackageRequirements } from './packaging/inspect-package.js';

export { codeSha256Of };

const digests = new Map<string, string>();
const inspections = new Map<string, Promise<PackageInspection>>();

export interface PackageDigest {
  codeSha256: string;
  /** The bytes, when they had to be read to know the digest. */
  bytes?: Buffer;
}

/** The CodeSha256 of the zip at `path` (undefined when there is no file), read only when not known. */
export function packageDigest(path: string): PackageDigest | undefined {
  const identity = fileIdentity(path);
  if (identity === 'missing') return undefined;
  const known = digests.get(`${path}\0${identity}`) ?? writtenDigest(path, identity);
  if (known) return { codeSha256: known };
  const statedAt = Date.now();
  const bytes = readFileSync(path);
  const codeSha256 = codeSha256Of(bytes);
  // Written in the same clock tick as it was looked at: a later write could keep its identity.
  if (!changedSince(identity, statedAt)) digests.set(`${path}\0${identity}`, codeSha256);
  return { codeSha256, bytes };
}

/** The runner just wrote `path` with this content: no need to read it back, in this process or the next. */
export function rememberWritten(path: string, codeSha256: string): void {
  const identity = fileIdentity(path);
  if (identity === 'missing') return;
  digests.set(`${path}\0${identity}`, codeSha256);
  try {
    writeJsonAtomic(digestFile(path), { identity, codeSha256 });
  } catch {
    // without it the next command reads the zip once
  }
}

/** Removes a zip the runner wrote, and the digest kept beside it. */
export function removeWritten(path: string): void {
  rmSync(path, { force: true });
  rmSync(digestFile(path), { force: true });
}

function digestFile(path: string): string {
  return join(dirname(path), `.${basename(path)}.digest.json`);
}

/** The digest kept beside a zip the runner wrote, while the zip is still the file it wrote. */
function writtenDigest(path: string, identity: string): string | undefined {
  try {
    const kept = JSON.parse(readFileSync(digestFile(path), 'utf8')) as { identity?: unknown; codeSha256?: unknown };
    return kept.identity === identity && typeof kept.codeSha256 === 'string' ? kept.codeSha256 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The bytes of the zip at `path`, which must still be the content `codeSha256` names (a zip
 * rewritten since it was inspected is refused rather than deployed uninspected).
 */
export function readPackageBytes(path: string, codeSha256: string): Buffer {
  const identity = fileIdentity(path);
  if (lastRead?.path === path && lastRead.identity === identity && lastRead.codeSha256 === codeSha256) return lastRead.bytes;
  const bytes = readFileSync(path);
  if (codeSha256Of(bytes) !== codeSha256) throw new PackageChangedError(path);
  lastRead = { path, identity, codeSha256, bytes };
  return bytes;
}

/** The last package read (inspected, then deployed: the same ~9 MB twice in a row). */
let lastRead: { path: string; identity: string; codeSha256: string; bytes: Buffer } | undefined;

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
