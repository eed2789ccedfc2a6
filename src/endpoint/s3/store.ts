// Where buckets and objects live on disk, and the in-memory index over them.
//
//   <root>/buckets/<bucket>/bucket.json              bucket record (CORS, policy, notification)
//   <root>/buckets/<bucket>/objects/<sha256(key)>.json   one metadata file per object
//   <root>/buckets/<bucket>/blobs/<unique>            the object's bytes
//   <root>/buckets/<bucket>/uploads/…                 multipart uploads (store-uploads.ts)
//
// Bucket names are validated before they become directory names; object keys never become paths
// (they are hashed). A write puts the bytes in a new blob first, then replaces the metadata file
// atomically: that rename is the commit point. Only then is the replaced blob removed. After a
// kill -9 every object is therefore whole (old or new) or absent, and start-up removes temp
// files and blobs that no metadata file references. A record that does not fit its schema is
// set aside (store/repairs.ts) and the bucket loads without it.
import { mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TEMP_PREFIX, writeJsonAtomic } from '../store/atomic.js';
import { readRecord } from '../store/records.js';
import { StateRepairs } from '../store/repairs.js';
import { fileNameFor } from '../store/safe-name.js';
import { isValidBucketName } from './bucket-name.js';
import { SortedKeys } from './key-order.js';
import type { BucketRecord, ObjectRecord } from './store-types.js';
import { bucketRecordSchema, objectRecordSchema } from './store-schemas.js';
import { loadUploads } from './store-uploads.js';
import type { BucketState } from './store-types.js';

export type { BucketState, UploadState } from './store-types.js';

const BUCKET_FILE = 'bucket.json';
/** The region a bucket whose record was damaged is given back (the lesson's). */
const DEFAULT_BUCKET_REGION = 'us-east-1';

export class S3Store {
  private readonly buckets = new Map<string, BucketState>();
  private readonly bucketsDir: string;

  /**
   * Loads every bucket and object index from `rootDir`, cleaning up interrupted writes; damaged
   * records go to `repairs` (by default under `<rootDir>/damaged`).
   */
  constructor(
    rootDir: string,
    private readonly repairs: StateRepairs = new StateRepairs(rootDir),
  ) {
    this.bucketsDir = join(rootDir, 'buckets');
    mkdirSync(this.bucketsDir, { recursive: true });
    for (const entry of readdirSync(this.bucketsDir, { withFileTypes: true })) {
      if (entry.isDirectory() && isValidBucketName(entry.name)) this.loadBucket(entry.name);
    }
  }

  bucket(name: string): BucketState | undefined {
    return this.buckets.get(name);
  }

  /** Throws BucketGoneError when `state` was deleted (e.g. while a request was writing into it). */
  assertLive(state: BucketState): void {
    if (this.buckets.get(state.record.name) !== state) throw new BucketGoneError(state.record.name);
  }

  listBuckets(): BucketRecord[] {
    return [...this.buckets.values()].map((b) => b.record).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** `name` must already be a valid bucket name. */
  createBucket(name: string, region: string): BucketState {
    const dir = join(this.bucketsDir, name);
    for (const sub of ['objects', 'blobs', 'uploads']) mkdirSync(join(dir, sub), { recursive: true });
    const record: BucketRecord = { name, region, createdAt: new Date().toISOString() };
    writeJsonAtomic(join(dir, BUCKET_FILE), record);
    const state: BucketState = { record, dir, objects: new Map(), keys: new SortedKeys(), uploads: new Map() };
    this.buckets.set(name, state);
    return state;
  }

  /** Persists a changed bucket record (CORS, policy, notification). */
  saveBucket(state: BucketState, record: BucketRecord): void {
    writeJsonAtomic(join(state.dir, BUCKET_FILE), record);
    state.record = record;
  }

  deleteBucket(state: BucketState): void {
    // Removing bucket.json first is the commit point: a directory without it is swept at start-up.
    rmSync(join(state.dir, BUCKET_FILE), { force: true });
    this.buckets.delete(state.record.name);
    rmSync(state.dir, { recursive: true, force: true });
  }

  /** Writes bytes to a new, uncommitted blob and returns its name. */
  async writeBlob(state: BucketState, data: Buffer): Promise<string> {
    const blob = newBlobName();
    try {
      await writeFile(this.blobPath(state, blob), data, { flag: 'wx' });
    } catch (error) {
      // The bucket's directory went away with a DeleteBucket that ran meanwhile.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && this.buckets.get(state.record.name) !== state) {
        throw new BucketGoneError(state.record.name);
      }
      throw error;
    }
    return blob;
  }

  /** A fresh blob name and path for callers that stream into it (multipart completion). */
  newBlob(state: BucketState): { blob: string; path: string } {
    const blob = newBlobName();
    return { blob, path: this.blobPath(state, blob) };
  }

  blobPath(state: BucketState, blob: string): string {
    return join(state.dir, 'blobs', blob);
  }

  /**
   * Opens an object's blob now, synchronously, so a concurrent overwrite that removes the blob
   * cannot pull it away between looking up the record and starting to stream it.
   */
  openBlob(state: BucketState, record: ObjectRecord): number {
    return openSync(this.blobPath(state, record.blob), 'r');
  }

  /** Makes `record` (whose blob is already written) the object at its key. */
  commitObject(state: BucketState, record: ObjectRecord): void {
    if (this.buckets.get(state.record.name) !== state) {
      // The bucket was deleted while the bytes were being written.
      this.discardBlob(state, record.blob);
      throw new BucketGoneError(state.record.name);
    }
    writeJsonAtomic(this.metadataPath(state, record.key), record);
    const replaced = state.objects.get(record.key);
    state.objects.set(record.key, record);
    state.keys.add(record.key);
    if (replaced && replaced.blob !== record.blob) this.discardBlob(state, replaced.blob);
  }

  deleteObject(state: BucketState, key: string): boolean {
    const record = state.objects.get(key);
    if (!record) return false;
    rmSync(this.metadataPath(state, key), { force: true });
    state.objects.delete(key);
    state.keys.delete(key);
    this.discardBlob(state, record.blob);
    return true;
  }

  discardBlob(state: BucketState, blob: string): void {
    rmSync(this.blobPath(state, blob), { force: true });
  }

  private metadataPath(state: BucketState, key: string): string {
    return join(state.dir, 'objects', `${fileNameFor(key)}.json`);
  }

  private loadBucket(name: string): void {
    const dir = join(this.bucketsDir, name);
    const file = join(dir, BUCKET_FILE);
    const read = readRecord(file, bucketRecordSchema);
    if (read.state === 'missing') {
      // Left by a create or delete that was interrupted before its commit point.
      rmSync(dir, { recursive: true, force: true });
      return;
    }
    const problem = read.state === 'damaged' ? read.reason : read.value.name === name ? undefined : `its name "${read.value.name}" is not its directory's`;
    let record: BucketRecord;
    if (read.state === 'ok' && problem === undefined) {
      record = read.value;
    } else {
      // The objects are worth more than the settings: keep the bucket, with S3's defaults.
      this.repairs.moveAside(file, problem ?? 'unreadable', {
        en: `the bucket ${name} and its objects are kept, but its CORS, policy and notification settings are reset (step 2 sets them again)`,
        ja: `バケット ${name} とオブジェクトは残し、CORS・ポリシー・通知の設定は初期状態に戻しました (ステップ 2 で設定し直せます)`,
      });
      record = { name, region: DEFAULT_BUCKET_REGION, createdAt: new Date().toISOString() };
      writeJsonAtomic(file, record);
    }
    for (const sub of ['objects', 'blobs', 'uploads']) mkdirSync(join(dir, sub), { recursive: true });

    const objects = new Map<string, ObjectRecord>();
    const salvage = this.loadObjects(join(dir, 'objects'), objects);
    const referenced = new Set([...objects.values()].map((o) => o.blob));
    // With a record set aside, its bytes may be among the unreferenced blobs: keep them too.
    if (salvage) this.setAsideUnreferenced(join(dir, 'blobs'), referenced);
    else sweepUnreferenced(join(dir, 'blobs'), referenced);
    const state: BucketState = {
      record,
      dir,
      objects,
      keys: new SortedKeys(objects.keys()),
      uploads: loadUploads(join(dir, 'uploads'), this.repairs),
    };
    this.buckets.set(name, state);
  }

  /** Fills `objects` from the metadata files in `dir`; true when a damaged one was set aside. */
  private loadObjects(dir: string, objects: Map<string, ObjectRecord>): boolean {
    let setAside = false;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (name.startsWith(TEMP_PREFIX)) {
        rmSync(file, { force: true, recursive: true });
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const read = readRecord(file, objectRecordSchema);
      if (read.state === 'missing') continue;
      const problem =
        read.state === 'damaged' ? read.reason : `${fileNameFor(read.value.key)}.json` === name ? undefined : 'its file name does not match the key inside it';
      if (read.state === 'ok' && problem === undefined) {
        objects.set(read.value.key, read.value);
        continue;
      }
      this.repairs.moveAside(file, problem ?? 'unreadable', {
        en: 'the endpoint started without this object (upload it again if you need it)',
        ja: 'このオブジェクトなしで起動しました (必要ならもう一度アップロードしてください)',
      });
      setAside = true;
    }
    return setAside;
  }

  private setAsideUnreferenced(dir: string, referenced: Set<string>): void {
    for (const name of readdirSync(dir)) {
      if (referenced.has(name)) continue;
      this.repairs.moveAside(join(dir, name), 'object bytes no readable record refers to', {
        en: 'set aside with the damaged object records, in case they are its bytes',
        ja: '壊れたオブジェクト情報の中身である可能性があるため、一緒に退避しました',
      });
    }
  }
}

export class BucketGoneError extends Error {
  constructor(readonly bucket: string) {
    super(`bucket ${bucket} was deleted during the request`);
    this.name = 'BucketGoneError';
  }
}

function newBlobName(): string {
  return `${Date.now().toString(36)}-${randomUUID()}`;
}

/** Removes every file in `dir` not named in `referenced` (blobs of interrupted or replaced writes). */
export function sweepUnreferenced(dir: string, referenced: Set<string>): void {
  for (const name of readdirSync(dir)) {
    if (!referenced.has(name)) rmSync(join(dir, name), { force: true, recursive: true });
  }
}
