// The endpoint keeps everything it is told in its data directory, so a directory it cannot write
// to is caught at start (a person's message, exit 2), and a directory that stops being writable
// later (disk full, permissions changed, a read-only mount) is told apart from a bug: requests get
// an AWS-shaped error and the log one line, not a stack trace per request.
//
//   ensureWritableDir(dir)            creates it if missing, proves a file can be created, written
//                                     and removed in it; throws DirectoryNotWritableError
//   ensureWritableDataDir(dataDir)    the same for the data dir and the directories in it that
//                                     the endpoint writes to (state from an earlier run)
//   isStorageFailure(error)           an fs error of the "cannot write here" kind
//   storageFailureWords(error)        what happened, in words: { en, ja }
//   new StorageFailureLog(write).note(error)   one line, then quiet for a while for the same failure
import { closeSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { TEMP_PREFIX } from './atomic.js';
import { ensureDirectory, nearestExistingPath } from '../../fs/directories.js';
import type { Text } from '../../i18n/text.js';

interface Reason {
  what: Text;
  /** What a person can do about it (the directory named in the sentence). */
  fix(dir: string): Text;
}

const permissions = (dir: string): Text => ({
  en: `make it writable for you (chmod u+w "${dir}", or chown it to your user)`,
  ja: `自分が書き込めるようにする (chmod u+w "${dir}"、または chown で自分の所有にする)`,
});
const space = (): Text => ({ en: 'free some disk space', ja: 'ディスクの空きを増やす' });
const readOnly = (): Text => ({ en: 'make the disk or mount it is on writable', ja: 'このディレクトリがあるディスク／マウントを書き込み可能にする' });
const checkDisk = (): Text => ({ en: 'check the disk it is on', ja: 'このディレクトリがあるディスクの状態を確かめる' });
const fileInTheWay = (dir: string): Text => ({ en: `move the file "${dir}" aside`, ja: `ファイル "${dir}" を別の場所へ移す` });

const REASONS: Record<string, Reason> = {
  EACCES: { what: { en: 'permission denied', ja: '書き込み権限がありません' }, fix: permissions },
  EPERM: { what: { en: 'operation not permitted', ja: '操作が許可されていません' }, fix: permissions },
  EROFS: { what: { en: 'read-only file system', ja: '読み取り専用のファイルシステムです' }, fix: readOnly },
  ENOSPC: { what: { en: 'no space left on the disk', ja: 'ディスクの空き容量がありません' }, fix: space },
  EDQUOT: { what: { en: 'disk quota exceeded', ja: 'ディスクの使用量の上限に達しています' }, fix: space },
  EIO: { what: { en: 'input/output error', ja: '入出力エラーが起きました' }, fix: checkDisk },
  ENOTDIR: { what: { en: 'a file is in the way where a directory should be', ja: 'ディレクトリがあるべき場所にファイルがあります' }, fix: fileInTheWay },
  EEXIST: { what: { en: 'a file is in the way where a directory should be', ja: 'ディレクトリがあるべき場所にファイルがあります' }, fix: fileInTheWay },
  ENOENT: { what: { en: 'a directory cannot be created there', ja: 'そこにディレクトリを作れません' }, fix: permissions },
};

const STORAGE_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EIO']);

export class DirectoryNotWritableError extends Error {
  constructor(
    /** The directory that refused. */
    readonly dir: string,
    readonly code: string,
    /** The directory that was asked for: `dir` or one to be made below it. */
    readonly wanted: string = dir,
  ) {
    super(`The directory ${dir} cannot be written to (${REASONS[code]?.what.en ?? code})${wanted === dir ? '' : `, so ${wanted} cannot be created`}.`);
    this.name = 'DirectoryNotWritableError';
  }

  /** What happened, and what to do about it. */
  get reason(): { what: Text; fix: Text } {
    const reason = REASONS[this.code];
    return reason ? { what: reason.what, fix: reason.fix(this.dir) } : { what: { en: this.code, ja: this.code }, fix: readOnly() };
  }
}

export function isStorageFailure(error: unknown): error is NodeJS.ErrnoException {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  // Node's recursive mkdir reports ENOENT when a directory cannot be made (e.g. on a read-only mount).
  return typeof code === 'string' && (STORAGE_CODES.has(code) || (code === 'ENOENT' && syscall === 'mkdir'));
}

export function storageFailureWords(error: NodeJS.ErrnoException): Text {
  return REASONS[error.code ?? '']?.what ?? { en: error.code ?? 'unknown error', ja: error.code ?? '不明なエラー' };
}

/** The directory the failing call was about (its path, or the path's directory for a file). */
export function failingDirectory(error: NodeJS.ErrnoException, fallback: string): string {
  if (typeof error.path !== 'string') return fallback;
  return error.syscall === 'mkdir' || error.syscall === 'rmdir' || error.syscall === 'scandir' ? error.path : dirname(error.path);
}

export function ensureWritableDir(dir: string): void {
  try {
    ensureDirectory(dir);
  } catch (error) {
    // A directory that cannot be made there may report ENOENT: the real reason shows when the
    // nearest directory that exists is tried.
    const existing = nearestExistingPath(dir);
    if (existing !== dir) probe(existing, dir);
    throw notWritable(dir, error);
  }
  probe(dir);
}

function probe(dir: string, wanted = dir): void {
  const file = join(dir, `${TEMP_PREFIX}write-check-${randomBytes(6).toString('hex')}`);
  try {
    const fd = openSync(file, 'wx');
    try {
      writeSync(fd, 'ok');
    } finally {
      closeSync(fd);
    }
    rmSync(file, { force: true });
  } catch (error) {
    throw notWritable(dir, error, wanted);
  }
}

function notWritable(dir: string, error: unknown, wanted = dir): unknown {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return code in REASONS ? new DirectoryNotWritableError(dir, code, wanted) : error;
}

/** Directories below these hold unpacked function code, written once per version: not probed. */
const NOT_PROBED = new Set(['runtime-code']);
const PROBE_DEPTH = 3;

export function ensureWritableDataDir(dataDir: string): void {
  ensureWritableDir(dataDir);
  const walk = (dir: string, depth: number) => {
    if (depth > PROBE_DEPTH) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || NOT_PROBED.has(entry.name)) continue;
      const child = join(dir, entry.name);
      ensureWritableDir(child);
      walk(child, depth + 1);
    }
  };
  walk(dataDir, 1);
}

/**
 * Says a storage failure once, then stays quiet for `quietMs` about failures of the same kind
 * (wherever in the data dir they happen: a read-only mount or a full disk hits every directory).
 */
export class StorageFailureLog {
  private readonly lastSaid = new Map<string, number>();
  private suppressed = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly quietMs = 30_000,
  ) {}

  note(error: NodeJS.ErrnoException, dataDir: string): void {
    const dir = failingDirectory(error, dataDir);
    const key = error.code ?? 'unknown';
    const now = Date.now();
    const last = this.lastSaid.get(key);
    if (last !== undefined && now - last < this.quietMs) {
      this.suppressed++;
      return;
    }
    this.lastSaid.set(key, now);
    const more = this.suppressed > 0 ? ` (${this.suppressed} more failed requests not shown)` : '';
    this.suppressed = 0;
    this.write(
      `built-in endpoint: cannot write ${dir} (${storageFailureWords(error).en}); requests that change data fail until it is writable again${more}\n`,
    );
  }
}
