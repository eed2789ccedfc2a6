// Where buckets and objects live on disk, and the in-memory index over them.
//
//   <root>/buckets/<bucket>/bucket.json              bucket record (CORS, policy, notification)
//   <root>/buckets/<bucket>/objects.journal          the object index (object-journal.ts)
//   <root>/buckets/<bucket>/blobs/<unique>            the object's bytes
//   <root>/buckets/<bucket>/uploads/…                 multipart uploads (store-uploads.ts)
//
// Bucket names are validated before they become directory names; object keys never become paths.
// A write streams the bytes into a new blob first, then appends the object's record to the
// journal: that append is the commit point. Only then is the replaced blob removed. After a
// kill -9 every object is therefore whole (old or new) or absent, and start-up removes blobs that
// no record references. (Data dirs from before the journal kept one `objects/<hash>.json` per
// object; they are read once and folded into the journal.) A record that does not fit its schema
// is set aside (store/repairs.ts) and the bucket loads without it.
import { existsSync, mkdirSync, openSync, readdirSync, rmSync, unlink } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { TEMP_PREFIX, writeJsonAtomic } from '../store/atomic.js';
import { readRecord } from '../store/records.js';
import { StateRepairs } from '../store/repairs.js';
import { fileNameFor } from '../store/safe-name.js';
import { isValidBucketName } from './bucket-name.js';
import { SortedKeys } from './key-order.js';
import { loadJournal, ObjectJournal } from './object-journal.js';
import type { BucketRecord, ObjectRecord } from './store-types.js';
import { bucketRecordSchema, objectRecordSchema } from './store-schemas.js';
import { loadUploads } from './store-uploads.js';
import type { BucketState } from './store-types.js';

export type { BucketState, UploadState } from './store-types.js';

const BUCKET_FILE = 'bucket.json';
const JOURNAL_FILE = 'objects.journal';
/** Where object records lived before the journal. */
const LEGACY_OBJECTS_DIR = 'objects';
/** The region a bucket whose record was damaged is given back (the lesson's). */
const DEFAULT_BUCKET_REGION = 'us-east-1';

export class S3Store {
  private readonly buckets = new Map<string, BucketState>();
  private readonly journals = new Map<BucketState, ObjectJournal>();
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
    for (const sub of ['blobs', 'uploads']) mkdirSync(join(dir, sub), { recursive: true });
    const journal = new ObjectJournal(join(dir, JOURNAL_FILE), 0);
    const record: BucketRecord = { name, region, createdAt: new Date().toISOString() };
    writeJsonAtomic(join(dir, BUCKET_FILE), record);
    const state: BucketState = { record, dir, objects: new Map(), keys: new SortedKeys(), uploads: new Map() };
    this.buckets.set(name, state);
    this.journals.set(state, journal);
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
    this.journals.get(state)?.close();
    this.journals.delete(state);
    rmSync(state.dir, { recursive: true, force: true });
  }

  /** Closes every journal (the endpoint is stopping). */
  close(): void {
    for (const journal of this.journals.values()) journal.close();
    this.journals.clear();
  }

  /** A fresh blob name and path for callers that stream into it (uploads, copies, completion). */
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

  /**
   * Makes `record` (whose blob is already written) the object at its key; also used to change an
   * object's record without new bytes (tagging), with the same blob.
   */
  commitObject(state: BucketState, record: ObjectRecord): void {
    const journal = this.journals.get(state);
    if (this.buckets.get(state.record.name) !== state || journal === undefined) {
      // The bucket was deleted while the bytes were being written.
      this.discardBlob(state, record.blob);
      throw new BucketGoneError(state.record.name);
    }
    journal.append({ put: record });
    const replaced = state.objects.get(record.key);
    state.objects.set(record.key, record);
    state.keys.add(record.key);
    if (journal.needsCompaction(state.objects.size)) journal.rewrite(state.objects.values());
    if (replaced && replaced.blob !== record.blob) this.discardBlob(state, replaced.blob);
  }

  deleteObject(state: BucketState, key: string): boolean {
    const record = state.objects.get(key);
    const journal = this.journals.get(state);
    if (!record || !journal) return false;
    journal.append({ delete: key });
    state.objects.delete(key);
    state.keys.delete(key);
    if (journal.needsCompaction(state.objects.size)) journal.rewrite(state.objects.values());
    this.discardBlob(state, record.blob);
    return true;
  }

  /**
   * Removes a blob no record references (any more); in the background, as nothing waits on it (a
   * blob left behind by a failure here is swept at the next start). One unlink, not fs.rm, which
   * stats first.
   */
  discardBlob(state: BucketState, blob: string): void {
    const path = this.blobPath(state, blob);
    // After the response that caused it is on its way: even queueing an unlink costs the busy
    // event loop time that the request is waiting on.
    setImmediate(() => unlink(path, () => undefined));
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
    for (const sub of ['blobs', 'uploads']) mkdirSync(join(dir, sub), { recursive: true });

    const journalFile = join(dir, JOURNAL_FILE);
    const loaded = loadJournal(journalFile);
    let salvage = false;
    if (loaded.damaged.length > 0) {
      const first = loaded.damaged[0];
      const more = loaded.damaged.length > 1 ? ` (and ${loaded.damaged.length - 1} more lines)` : '';
      this.repairs.copyAside(journalFile, `line ${first.line}: ${first.reason}${more}`, {
        en: 'the endpoint started without the objects those lines describe (upload them again if you need them)',
        ja: 'それらの行のオブジェクトなしで起動しました (必要ならもう一度アップロードしてください)',
      });
      salvage = true;
    }
    const legacyDir = join(dir, LEGACY_OBJECTS_DIR);
    const legacy = existsSync(legacyDir);
    if (legacy) {
      const old = new Map<string, ObjectRecord>();
      if (this.loadLegacyObjects(legacyDir, old)) salvage = true;
      for (const [key, object] of old) if (!loaded.objects.has(key)) loaded.objects.set(key, object);
    }
    const objects = loaded.objects;
    const referenced = new Set([...objects.values()].map((o) => o.blob));
    // With a record set aside, its bytes may be among the unreferenced blobs: keep them too.
    if (salvage) this.setAsideUnreferenced(join(dir, 'blobs'), referenced);
    else sweepUnreferenced(join(dir, 'blobs'), referenced);
    const journal = new ObjectJournal(journalFile, loaded.lines);
    // Start from a clean file: no superseded or damaged lines, no torn last line.
    if (legacy || salvage || loaded.lines !== objects.size) journal.rewrite(objects.values());
    if (legacy) rmSync(legacyDir, { recursive: true, force: true });
    const state: BucketState = {
      record,
      dir,
      objects,
      keys: new SortedKeys(objects.keys()),
      uploads: loadUploads(join(dir, 'uploads'), this.repairs),
    };
    this.buckets.set(name, state);
    this.journals.set(state, journal);
  }

  /** Fills `objects` from a pre-journal data dir's metadata files; true when a damaged one was set aside. */
  private loadLegacyObjects(dir: string, objects: Map<string, ObjectRecord>): boolean {
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
