// What the runner knows about a function package without reading it again (package-digests.ts):
// the digest kept beside a zip it wrote counts only while the zip is the very file it wrote, and
// bytes read for deploying must still be the content that was inspected.
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileIdentity } from '../../src/fs/file-identity.js';
import { codeSha256Of, packageDigest, PackageChangedError, readPackageBytes, rememberWritten } from '../../src/steps/package-digests.js';

const dir = mkdtempSync(join(tmpdir(), 'package-digests-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sidecar = (name: string) => join(dir, `.${name}.digest.json`);

describe('package digests', () => {
  it('reads a zip it knows nothing about', () => {
    const zip = join(dir, 'unknown.zip');
    writeFileSync(zip, 'first content');
    const digest = packageDigest(zip);
    expect(digest?.codeSha256).toBe(codeSha256Of(Buffer.from('first content')));
    expect(digest?.bytes?.toString()).toBe('first content');
    expect(packageDigest(join(dir, 'missing.zip'))).toBeUndefined();
  });

  it('keeps the digest of a zip the runner wrote beside it, and no longer trusts it once the zip changes', () => {
    const zip = join(dir, 'written.zip');
    writeFileSync(zip, 'built by the runner');
    rememberWritten(zip, codeSha256Of(Buffer.from('built by the runner')));
    expect(JSON.parse(readFileSync(sidecar('written.zip'), 'utf8'))).toEqual({ identity: fileIdentity(zip), codeSha256: codeSha256Of(Buffer.from('built by the runner')) });
    expect(packageDigest(zip)).toEqual({ codeSha256: codeSha256Of(Buffer.from('built by the runner')) });

    writeFileSync(zip, 'rebuilt by the learner');
    const digest = packageDigest(zip);
    expect(digest?.codeSha256).toBe(codeSha256Of(Buffer.from('rebuilt by the learner')));
    expect(digest?.bytes).toBeDefined();
  });

  it("uses a digest kept by an earlier command for the zip's identity, without reading the zip", () => {
    const zip = join(dir, 'earlier.zip');
    writeFileSync(zip, 'made by an earlier command');
    // What an earlier process left: this process has never looked at the zip.
    writeFileSync(sidecar('earlier.zip'), JSON.stringify({ identity: fileIdentity(zip), codeSha256: 'kept-digest' }));
    expect(packageDigest(zip)).toEqual({ codeSha256: 'kept-digest' });

    const other = join(dir, 'stale.zip');
    writeFileSync(other, 'current content');
    writeFileSync(sidecar('stale.zip'), JSON.stringify({ identity: '1:2:3:4:5', codeSha256: 'stale-digest' }));
    expect(packageDigest(other)?.codeSha256).toBe(codeSha256Of(Buffer.from('current content')));
  });

  it('refuses bytes that are no longer the content that was inspected', () => {
    const zip = join(dir, 'deployed.zip');
    writeFileSync(zip, 'inspected');
    const inspected = codeSha256Of(Buffer.from('inspected'));
    expect(readPackageBytes(zip, inspected).toString()).toBe('inspected');
    writeFileSync(zip, 'swapped by someone');
    expect(() => readPackageBytes(zip, inspected)).toThrow(PackageChangedError);
    expect(existsSync(sidecar('deployed.zip'))).toBe(false);
  });
});
