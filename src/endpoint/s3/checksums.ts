// The flexible checksums S3 accepts (x-amz-checksum-<algorithm>), computed incrementally so they
// are taken while a body streams to disk or a multipart object's parts are concatenated.
// CRC32 is zlib's (native, Node ≥ 20.15); CRC32C is @node-rs/crc32's SIMD code where its prebuilt
// binary exists for the platform, else @aws-crypto/crc32c's JavaScript (about 80× slower).
import { createRequire } from 'node:module';
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from './crc64nvme.js';

type Crc32cFunction = (input: Uint8Array, initialState?: number) => number;

function loadNativeCrc32c(): Crc32cFunction | undefined {
  try {
    return (createRequire(import.meta.url)('@node-rs/crc32') as { crc32c: Crc32cFunction }).crc32c;
  } catch {
    return undefined;
  }
}

const nativeCrc32c = loadNativeCrc32c();

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Byte length of each algorithm's digest: a header value that decodes to another length is invalid. */
const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64, as on the wire; a composite multipart checksum ends in `-<parts>`. */
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

export interface Hasher {
  update(data: Uint8Array): void;
  digest(): Buffer;
}

export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** `x-amz-checksum-crc32` → `CRC32`; undefined for anything else. */
export function algorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  const match = /^x-amz-checksum-([a-z0-9]+)$/.exec(name.toLowerCase());
  if (!match) return undefined;
  return parseAlgorithm(match[1]);
}

export function parseAlgorithm(name: string): ChecksumAlgorithm | undefined {
  const upper = name.toUpperCase();
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(upper) ? (upper as ChecksumAlgorithm) : undefined;
}

export function createHasher(algorithm: ChecksumAlgorithm): Hasher {
  switch (algorithm) {
    case 'CRC32': {
      let value = 0;
      return {
        update: (data) => {
          value = crc32(data, value);
        },
        digest: () => uint32(value),
      };
    }
    case 'CRC32C': {
      if (nativeCrc32c) {
        let value = 0;
        return {
          update: (data) => {
            value = nativeCrc32c(data, value);
          },
          digest: () => uint32(value),
        };
      }
      const crc = new Crc32c();
      return { update: (data) => void crc.update(data), digest: () => uint32(crc.digest()) };
    }
    case 'CRC64NVME': {
      const crc = new Crc64Nvme();
      return { update: (data) => void crc.update(data), digest: () => crc.digest() };
    }
    case 'SHA1':
      return nodeHash(createHash('sha1'));
    case 'SHA256':
      return nodeHash(createHash('sha256'));
  }
}

export function checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  const hasher = createHasher(algorithm);
  hasher.update(data);
  return hasher.digest().toString('base64');
}

/** True when `value` is base64 of exactly as many bytes as the algorithm's digest. */
export function isWellFormedChecksum(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  return Buffer.from(value, 'base64').length === DIGEST_BYTES[algorithm];
}

/**
 * A multipart object's COMPOSITE checksum: the checksum of the concatenated binary part checksums,
 * suffixed with the part count (the SDK skips validating such values, as it must).
 */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksums: string[]): string {
  const hasher = createHasher(algorithm);
  for (const part of partChecksums) hasher.update(Buffer.from(part, 'base64'));
  return `${hasher.digest().toString('base64')}-${partChecksums.length}`;
}

function uint32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

function nodeHash(hash: Hash): Hasher {
  return { update: (data) => void hash.update(data), digest: () => hash.digest() };
}
