// Multipart uploads on disk, under their bucket:
//   uploads/<uploadId>/upload.json        the upload (key, headers, checksum algorithm)
//   uploads/<uploadId>/part-<n>.json      one metadata file per part: its commit point
//   uploads/<uploadId>/<unique>.part      the part's bytes
// Upload ids are generated here and only ever looked up in memory, so a client-sent id never
// becomes a path.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CorruptStateError, readJsonFile, TEMP_PREFIX, writeJsonAtomic } from '../store/atomic.js';
import { partRecordProblem, uploadRecordProblem, type PartRecord, type UploadRecord } from './store-types.js';
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

export function loadUploads(uploadsDir: string): Map<string, UploadState> {
  const uploads = new Map<string, UploadState>();
  for (const entry of readdirSync(uploadsDir, { withFileTypes: true })) {
    const dir = join(uploadsDir, entry.name);
    if (!entry.isDirectory()) {
      rmSync(dir, { force: true });
      continue;
    }
    const file = join(dir, UPLOAD_FILE);
    const record = readJsonFile<UploadRecord>(file);
    if (record === undefined) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    const problem = uploadRecordProblem(record) ?? (record.uploadId === entry.name ? undefined : 'id does not match its directory');
    if (problem) throw new CorruptStateError(file, problem);
    uploads.set(record.uploadId, { record, dir, parts: loadParts(dir) });
  }
  return uploads;
}

function loadParts(dir: string): Map<number, PartRecord> {
  const parts = new Map<number, PartRecord>();
  const names = readdirSync(dir);
  for (const name of names) {
    if (!/^part-\d+\.json$/.test(name)) continue;
    const file = join(dir, name);
    const part = readJsonFile<PartRecord>(file);
    if (part === undefined) continue;
    const problem = partRecordProblem(part) ?? (partFile(part.partNumber) === name ? undefined : 'part number does not match its file');
    if (problem) throw new CorruptStateError(file, problem);
    parts.set(part.partNumber, part);
  }
  // Part bytes no part file references, and temp files, are leftovers of interrupted writes.
  const referenced = new Set([...parts.values()].map((p) => p.blob));
  for (const name of names) {
    const isPartBytes = name.endsWith('.part');
    if ((isPartBytes && !referenced.has(name)) || name.startsWith(TEMP_PREFIX)) rmSync(join(dir, name), { force: true });
  }
  return parts;
}
