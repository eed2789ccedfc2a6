// Multipart uploads on disk, under their bucket:
//   uploads/<uploadId>/upload.json        the upload (key, headers, checksum algorithm)
//   uploads/<uploadId>/part-<n>.json      one metadata file per part: its commit point
//   uploads/<uploadId>/<unique>.part      the part's bytes
// Upload ids are generated here and only ever looked up in memory, so a client-sent id never
// becomes a path.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TEMP_PREFIX, writeJsonAtomic } from '../store/atomic.js';
import { readRecord } from '../store/records.js';
import type { StateRepairs } from '../store/repairs.js';
import { partRecordSchema, uploadRecordSchema } from './store-schemas.js';
import type { PartRecord, UploadRecord } from './store-types.js';
import type { BucketState, UploadState } from './store-types.js';


const UPLOAD_FILE = 'upload.json';
const partFile = (partNumber: number) => `part-${partNumber}.json`;

export function newUploadId(): string {
  return randomBytes(30).toString('base64url');
}

export function createUpload(bucket: BucketState, record: UploadRecord): UploadState {
  const dir = join(bucket.dir, 'uploads', record.uploadId);
  mkdirSync(dir, { recursive: true });
  writeJsonAtomic(join(dir, UPLOAD_FILE), record);
  const state: UploadState = { record, dir, parts: new Map() };
  bucket.uploads.set(record.uploadId, state);
  return state;
}

/** A fresh name and path for a part's bytes (uncommitted until commitPart). */
export function newPartBlob(upload: UploadState): { blob: string; path: string } {
  const blob = `${randomUUID()}.part`;
  return { blob, path: join(upload.dir, blob) };
}

export function partBlobPath(upload: UploadState, part: PartRecord): string {
  return join(upload.dir, part.blob);
}

/** Makes `part` the upload's part at its number, replacing (and removing) an earlier one. */
export function commitPart(bucket: BucketState, upload: UploadState, part: PartRecord): boolean {
  if (bucket.uploads.get(upload.record.uploadId) !== upload) {
    // Completed or aborted while the part's bytes were written.
    rmSync(join(upload.dir, part.blob), { force: true });
    return false;
  }
  writeJsonAtomic(join(upload.dir, partFile(part.partNumber)), part);
  const replaced = upload.parts.get(part.partNumber);
  upload.parts.set(part.partNumber, part);
  if (replaced && replaced.blob !== part.blob) rmSync(join(upload.dir, replaced.blob), { force: true });
  return true;
}

export function removeUpload(bucket: BucketState, upload: UploadState): void {
  bucket.uploads.delete(upload.record.uploadId);
  // upload.json goes first: a directory without it is swept at start-up.
  rmSync(join(upload.dir, UPLOAD_FILE), { force: true });
  rmSync(upload.dir, { recursive: true, force: true });
}

/** Loads the uploads under `uploadsDir`; an upload with a damaged record is set aside whole. */
export function loadUploads(uploadsDir: string, repairs: StateRepairs): Map<string, UploadState> {
  const uploads = new Map<string, UploadState>();
  for (const entry of readdirSync(uploadsDir, { withFileTypes: true })) {
    const dir = join(uploadsDir, entry.name);
    if (!entry.isDirectory()) {
      rmSync(dir, { force: true });
      continue;
    }
    const read = readRecord(join(dir, UPLOAD_FILE), uploadRecordSchema);
    if (read.state === 'missing') {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    const problem = read.state === 'damaged' ? read.reason : read.value.uploadId === entry.name ? undefined : 'its id does not match its directory';
    const parts = problem === undefined ? loadParts(dir) : undefined;
    if (read.state === 'ok' && parts !== undefined && !('damaged' in parts)) {
      uploads.set(read.value.uploadId, { record: read.value, dir, parts });
      continue;
    }
    const reason = problem ?? (parts && 'damaged' in parts ? parts.damaged : 'unreadable');
    repairs.moveAside(dir, reason, {
      en: 'the endpoint started without this multipart upload (start the upload again)',
      ja: 'このマルチパートアップロードなしで起動しました (アップロードをやり直してください)',
    });
  }
  return uploads;
}

function loadParts(dir: string): Map<number, PartRecord> | { damaged: string } {
  const parts = new Map<number, PartRecord>();
  const names = readdirSync(dir);
  for (const name of names) {
    if (!/^part-\d+\.json$/.test(name)) continue;
    const read = readRecord(join(dir, name), partRecordSchema);
    if (read.state === 'missing') continue;
    if (read.state === 'damaged') return { damaged: `${name}: ${read.reason}` };
    if (partFile(read.value.partNumber) !== name) return { damaged: `${name}: its part number does not match its file` };
    parts.set(read.value.partNumber, read.value);
  }
  // Part bytes no part file references, and temp files, are leftovers of interrupted writes.
  const referenced = new Set([...parts.values()].map((p) => p.blob));
  for (const name of names) {
    const isPartBytes = name.endsWith('.part');
    if ((isPartBytes && !referenced.has(name)) || name.startsWith(TEMP_PREFIX)) rmSync(join(dir, name), { force: true });
  }
  return parts;
}
