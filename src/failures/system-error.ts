// The one place where the operating system's refusals (EACCES, ENOSPC, EADDRINUSE, ENOTFOUND …)
// meet the learner: each becomes a sentence in their language that names the path or address and
// says what to do, instead of a stack trace. Commands let these errors rise; the CLI asks here.
import { statSync } from 'node:fs';
import { types } from 'node:util';
import { dirname, relative, isAbsolute, parse } from 'node:path';
import { EXIT_USAGE, UserFacingError } from '../errors.js';
import type { Text } from '../i18n/text.js';
import { nearestExistingPath } from '../fs/directories.js';
import { shellQuote } from '../config/invocation.js';

/** The fields Node puts on a failed system call. */
export interface SystemErrorShape {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

export interface SystemErrorHints {
  /** The state directory in use: a path inside it gets the --state-dir advice. */
  stateDir?: string;
}

export function isSystemError(error: unknown): error is Error & SystemErrorShape {
  // isNativeError: errors made in another realm (a vm context, a worker) count too.
  if (!(error instanceof Error) && !types.isNativeError(error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && (typeof (error as { syscall?: unknown }).syscall === 'string' || code in NETWORK);
}

/** A UserFacingError (exit 2) for a system error, or undefined when `error` is not one. */
export function explainSystemError(error: unknown, hints: SystemErrorHints = {}): UserFacingError | undefined {
  if (!isSystemError(error)) return undefined;
  const network = error.code in NETWORK || NETWORK_CALLS.has(error.syscall ?? '');
  // Some file calls do not say which file (readFileSync on a directory: EISDIR, syscall read).
  const text = network ? networkText(error) : fileText(error, error.path ?? UNNAMED, hints);
  return new UserFacingError(text, EXIT_USAGE);
}

// ---- files and directories ------------------------------------------------------------------

/** What the system call was doing, as "could not …" / 「…できません」 with the path in it. */
type Operation = { en: (path: string) => string; ja: (path: string) => string };

const OPERATION: Record<string, Operation> = {
  mkdir: { en: (p) => `create the directory ${p}`, ja: (p) => `ディレクトリ ${p} を作成できません` },
  open: { en: (p) => `open or create ${p}`, ja: (p) => `${p} を開く (作成する) ことができません` },
  read: { en: (p) => `read ${p}`, ja: (p) => `${p} を読み取れません` },
  write: { en: (p) => `write to ${p}`, ja: (p) => `${p} に書き込めません` },
  rename: { en: (p) => `move or replace ${p}`, ja: (p) => `${p} を移動 (置き換え) できません` },
  unlink: { en: (p) => `delete ${p}`, ja: (p) => `${p} を削除できません` },
  scandir: { en: (p) => `list the contents of ${p}`, ja: (p) => `${p} の中身を一覧できません` },
  copyfile: { en: (p) => `copy ${p}`, ja: (p) => `${p} をコピーできません` },
  chmod: { en: (p) => `change the permissions of ${p}`, ja: (p) => `${p} の権限を変更できません` },
  stat: { en: (p) => `look at ${p}`, ja: (p) => `${p} を確認できません` },
  access: { en: (p) => `access ${p}`, ja: (p) => `${p} にアクセスできません` },
};
const SAME_AS: Record<string, string> = { rmdir: 'unlink', rm: 'unlink', opendir: 'scandir', lstat: 'stat' };

function operation(syscall: string | undefined): Operation {
  const name = syscall === undefined ? '' : SAME_AS[syscall] ?? syscall;
  return OPERATION[name] ?? { en: (p) => `use ${p} (${syscall ?? 'file system call'})`, ja: (p) => `${p} を操作できません (${syscall ?? 'ファイル操作'})` };
}

function fileText(error: SystemErrorShape, path: string, hints: SystemErrorHints): Text {
  const op = operation(error.syscall);
  const inStateDir = hints.stateDir !== undefined && isInside(path, hints.stateDir);
  const chooseElsewhere: Text = inStateDir
    ? {
        en: `The runner keeps your progress and the built-in endpoint's data in ${hints.stateDir}; choose a directory you can write with --state-dir DIR.`,
        ja: `進捗と内蔵エンドポイントのデータは ${hints.stateDir} に保存されます。書き込めるディレクトリを --state-dir DIR で指定してください。`,
      }
    : { en: 'Choose a place you can write to, such as a folder in your home directory.', ja: 'ホームディレクトリの中など、書き込める場所を指定してください。' };
  const lines = (head: Text, tail: Text): Text => ({ en: `${head.en}\n${tail.en}`, ja: `${head.ja}\n${tail.ja}` });
  // Creating, replacing or deleting an entry needs the directory's permission; reading needs the file's.
  const aboutEntry = !['read', 'scandir', 'opendir', 'stat', 'lstat', 'chmod', 'access'].includes(error.syscall ?? '');
  const nearest = shellQuote(nearestExistingPath(aboutEntry ? dirname(path) : path));

  switch (error.code) {
    case 'EACCES':
    case 'EPERM':
      return lines(
        { en: `Permission denied: could not ${op.en(path)}.`, ja: `権限がないため、${op.ja(path)}。` },
        {
          en: `Check who owns it and its permissions (ls -ld ${nearest}). ${chooseElsewhere.en}`,
          ja: `持ち主と権限を確認してください (ls -ld ${nearest})。${chooseElsewhere.ja}`,
        },
      );
    case 'EROFS':
      return lines({ en: `Could not ${op.en(path)}: the file system is read-only.`, ja: `読み取り専用のファイルシステムのため、${op.ja(path)}。` }, chooseElsewhere);
    case 'EISDIR':
      if (path === UNNAMED) {
        return lines(
          { en: 'A directory was found where a file is needed.', ja: 'ファイルが必要な場所にディレクトリがありました。' },
          { en: 'Check the paths you gave, and what is in the state directory.', ja: '指定したパスと、状態ディレクトリの中身を確認してください。' },
        );
      }
      return lines(
        { en: `${path} is a directory, but a file is needed here.`, ja: `${path} はディレクトリです。ここにはファイルを指定してください。` },
        { en: `Give a file name, for example ${joinPath(path, 'report.txt')}.`, ja: `例えば ${joinPath(path, 'report.txt')} のようにファイル名まで指定してください。` },
      );
    case 'ENOTDIR': {
      const file = firstFileOnPath(path);
      return lines(
        file
          ? { en: `${path} cannot be used: ${file} is a file, not a directory.`, ja: `${path} は使えません。${file} はディレクトリではなくファイルです。` }
          : { en: `${path} cannot be used: part of the path is a file, not a directory.`, ja: `${path} は使えません。途中にディレクトリではなくファイルがあります。` },
        { en: 'Move that file away or choose another path.', ja: 'そのファイルを移動するか、別のパスを指定してください。' },
      );
    }
    case 'EEXIST':
      return error.syscall === 'mkdir'
        ? lines(
            { en: `${path} already exists and is not a directory.`, ja: `${path} は既にあり、ディレクトリではありません。` },
            { en: 'Move that file away or choose another directory.', ja: 'そのファイルを移動するか、別のディレクトリを指定してください。' },
          )
        : lines(
            { en: `${path} already exists.`, ja: `${path} は既にあります。` },
            { en: 'Nothing was overwritten. Move it away or choose another name.', ja: '上書きはしていません。移動するか、別の名前を指定してください。' },
          );
    case 'ENOENT':
      return error.syscall === 'mkdir'
        ? lines(
            {
              en: `Could not create the directory ${path}: new directories cannot be made there (a system area such as /proc?).`,
              ja: `ディレクトリ ${path} を作成できません。そこには新しいディレクトリを作れません (/proc などのシステム領域?)。`,
            },
            chooseElsewhere,
          )
        : lines(
            { en: `${path} does not exist.`, ja: `${path} がありません。` },
            { en: 'Check the path (ls the directory above it).', ja: 'パスを確認してください (一つ上のディレクトリを ls で見てください)。' },
          );
    case 'ENOSPC':
    case 'EDQUOT':
      return lines(
        { en: `Could not ${op.en(path)}: the disk is full (or your quota is used up).`, ja: `ディスクがいっぱい (または容量制限に達している) ため、${op.ja(path)}。` },
        { en: `Free some space (df -h ${nearest} shows how much is left) and run the command again.`, ja: `空き容量を作ってから、もう一度実行してください (残りは df -h ${nearest} で確認できます)。` },
      );
    case 'EMFILE':
    case 'ENFILE':
      return lines(
        { en: `Could not ${op.en(path)}: too many files are open.`, ja: `開いているファイルが多すぎるため、${op.ja(path)}。` },
        { en: 'Close other programs or raise the limit (ulimit -n 4096), then run the command again.', ja: 'ほかのプログラムを閉じるか上限を上げて (ulimit -n 4096)、もう一度実行してください。' },
      );
    case 'ENAMETOOLONG':
      return lines({ en: `The path is too long: ${path}`, ja: `パスが長すぎます: ${path}` }, { en: 'Choose a shorter path.', ja: '短いパスを指定してください。' });
    case 'ELOOP':
      return lines(
        { en: `${path} leads to a loop of symbolic links.`, ja: `${path} はシンボリックリンクが循環しています。` },
        { en: 'Fix the links (ls -l shows where each points) or choose another path.', ja: 'リンクを直すか (リンク先は ls -l で確認できます)、別のパスを指定してください。' },
      );
    case 'EBUSY':
    case 'ETXTBSY':
      return lines(
        { en: `Could not ${op.en(path)}: another program is using it.`, ja: `ほかのプログラムが使用中のため、${op.ja(path)}。` },
        { en: 'Close that program and run the command again.', ja: 'そのプログラムを閉じてから、もう一度実行してください。' },
      );
    default:
      return lines({ en: `Could not ${op.en(path)} (${error.code}).`, ja: `${op.ja(path)} (${error.code})。` }, chooseElsewhere);
  }
}

// ---- network -------------------------------------------------------------------------------

const NETWORK_CALLS = new Set(['listen', 'bind', 'connect', 'getaddrinfo', 'getnameinfo', 'accept']);
const UNNAMED = '(a file)';

const NETWORK: Record<string, true> = {
  EADDRINUSE: true, EADDRNOTAVAIL: true, ENOTFOUND: true, EAI_AGAIN: true, ECONNREFUSED: true, ECONNRESET: true,
  ETIMEDOUT: true, EHOSTUNREACH: true, ENETUNREACH: true, EAFNOSUPPORT: true,
};

function networkText(error: SystemErrorShape): Text {
  const host = error.hostname ?? error.address;
  const address = host === undefined ? (error.port !== undefined ? `port ${error.port}` : 'the address') : error.port !== undefined ? hostPort(host, error.port) : host;
  const addressJa = host === undefined ? (error.port !== undefined ? `ポート ${error.port}` : 'そのアドレス') : address;
  const listening = error.syscall === 'listen' || error.syscall === 'bind';
  switch (error.code) {
    case 'EADDRINUSE':
      return {
        en: `${address} is already in use by another program.\nStop that program, or choose another port (--port).`,
        ja: `${addressJa} はほかのプログラムが使用中です。\nそのプログラムを止めるか、別のポートを指定してください (--port)。`,
      };
    case 'EADDRNOTAVAIL':
      return {
        en: `${host ?? 'That address'} is not an address of this machine, so nothing can listen there.\nUse --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every network this machine is on).`,
        ja: `${host ?? 'そのアドレス'} はこのマシンのアドレスではないため、待ち受けできません。\n--host 127.0.0.1 (このマシンのみ) か --host 0.0.0.0 (このマシンのすべてのネットワーク) を指定してください。`,
      };
    case 'EACCES':
    case 'EPERM':
      return listening
        ? {
            en: `Permission denied: listening on ${address} needs administrator rights (ports below 1024 do).\nUse a port from 1024 up, for example --port 4566.`,
            ja: `権限がないため ${addressJa} で待ち受けできません (1024 未満のポートには管理者権限が必要です)。\n1024 以上のポートを指定してください (例: --port 4566)。`,
          }
        : { en: `Permission denied connecting to ${address}.`, ja: `${addressJa} への接続が拒否されました (権限がありません)。` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        en: `${host ?? 'The name'} is not an IP address, and no machine with that name could be found${error.code === 'EAI_AGAIN' ? ' (the name server did not answer)' : ''}.\nCheck the spelling. For this machine use 127.0.0.1 or localhost.`,
        ja: `${host ?? 'その名前'} は IP アドレスではなく、その名前のマシンも見つかりません${error.code === 'EAI_AGAIN' ? ' (DNS サーバーが応答しません)' : ''}。\n綴りを確認してください。このマシン自身なら 127.0.0.1 か localhost です。`,
      };
    case 'ECONNREFUSED':
      return {
        en: `Nothing answers at ${address}.\nStart LocalStack (docker compose up -d) or the built-in endpoint (serverless-tutorial endpoint), or check the address.`,
        ja: `${addressJa} は応答しません。\nLocalStack (docker compose up -d) か内蔵エンドポイント (serverless-tutorial endpoint) を起動するか、アドレスを確認してください。`,
      };
    default:
      return {
        en: `The connection to ${address} failed (${error.code}).\nCheck the address and your network, then run the command again.`,
        ja: `${addressJa} への接続に失敗しました (${error.code})。\nアドレスとネットワークを確認してから、もう一度実行してください。`,
      };
  }
}

// ---- helpers -------------------------------------------------------------------------------

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The first component of `path` that exists and is not a directory (the cause of ENOTDIR). */
function firstFileOnPath(path: string): string | undefined {
  const root = parse(path).root;
  const parts = path.slice(root.length).split(/[\\/]+/).filter(Boolean);
  let current = root;
  for (const part of parts) {
    current = current === '' ? part : current.endsWith('/') || current.endsWith('\\') ? `${current}${part}` : `${current}/${part}`;
    try {
      if (!statSync(current).isDirectory()) return current;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}
