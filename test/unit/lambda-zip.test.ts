import { describe, it, expect } from '@jest/globals';
import { strToU8, zipSync } from 'fflate';
import { acceptZipFile, entryNameProblem, inspectZip } from '../../src/endpoint/lambda/code.js';
import { LambdaError } from '../../src/endpoint/lambda/errors.js';

async function rejection(promise: Promise<unknown>): Promise<LambdaError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LambdaError) return error;
    throw error;
  }
  throw new Error('expected a LambdaError');
}

describe('zip entry names', () => {
  it.each(['index.js', 'lib/util.js', 'node_modules/@img/sharp/lib/index.js', 'a..b/c.js', './index.js'])('accepts %s', (name) => {
    expect(entryNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['../x', "'..'"],
    ['lib/../../x', "'..'"],
    ['/etc/passwd', 'absolute'],
    ['C:/Windows/x', 'drive letter'],
    ['c:x', 'drive letter'],
    ['lib\\x.js', 'backslash'],
    ['a\0b', 'NUL'],
  ])('refuses %p', (name, reason) => {
    expect(entryNameProblem(name)).toContain(reason);
  });
});

describe('inspectZip', () => {
  it('accepts an ordinary package and reports its sha256 as AWS does', async () => {
    const zip = Buffer.from(zipSync({ 'index.js': strToU8('exports.handler = async () => 1;'), lib: { 'a.js': strToU8('1') } }));
    const accepted = await acceptZipFile(zip.toString('base64'));
    expect(accepted.size).toBe(zip.length);
    expect(accepted.sha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(accepted.sha256Hex).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(accepted.sha256, 'base64').toString('hex')).toBe(accepted.sha256Hex);
  });

  it('names a symlink entry', async () => {
    const zip = zipSync({ link: [strToU8('../../etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] });
    const error = await rejection(inspectZip(Buffer.from(zip)));
    expect(error).toMatchObject({ code: 'InvalidParameterValueException', status: 400 });
    expect(error.message).toContain("'link' is a symbolic link");
  });

  it('accepts an executable file (not every Unix mode is a symlink)', async () => {
    const zip = zipSync({ bootstrap: [strToU8('#!/bin/sh\n'), { os: 3, attrs: (0o100755 << 16) >>> 0 }] });
    await expect(inspectZip(Buffer.from(zip))).resolves.toBeUndefined();
  });

  it('refuses a package whose entries unzip to 250 MiB or more', async () => {
    const zip = Buffer.from(zipSync({ 'index.js': strToU8('exports.handler = async () => 1;') }));
    // Claim 300 MB for the entry in the central directory (its uncompressed-size field, offset 24).
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(300_000_000, central + 24);
    const error = await rejection(inspectZip(zip));
    expect(error).toMatchObject({ code: 'InvalidParameterValueException', message: 'Unzipped size must be smaller than 262144000 bytes' });
  });

  it('refuses truncated and empty input as unreadable', async () => {
    const zip = Buffer.from(zipSync({ 'index.js': strToU8('x') }));
    for (const bytes of [zip.subarray(0, zip.length - 10), Buffer.alloc(0), Buffer.from('PK not really')]) {
      const error = await rejection(inspectZip(bytes));
      expect(error.message).toBe('Could not unzip uploaded file. Please check your file, then try to upload again.');
    }
  });
});
