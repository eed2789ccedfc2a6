// Paths the learner gives (--state-dir, --data-dir, init DIR, --output, --report) are checked for
// their kind before anything is read or written: a file where a directory is needed, or a
// directory where a file is, is a usage error that names the option and the path (exit 2).
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserFacingError } from '../errors.js';
import type { Text } from '../i18n/text.js';

type Kind = 'file' | 'directory' | 'missing';

function kindOf(path: string): Kind {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing'; // missing, or not reachable: creating it will say why
  }
}

/** The nearest existing parent of `path` when it is a file (so nothing can be created below it). */
function fileInTheWay(path: string): string | undefined {
  let current = dirname(path);
  while (true) {
    const kind = kindOf(current);
    if (kind === 'file') return current;
    if (kind === 'directory') return undefined;
    const up = dirname(current);
    if (up === current) return undefined;
    current = up;
  }
}

function refuse(en: string, ja: string): never {
  throw new UserFacingError({ en, ja });
}

function refuseEmpty(label: Text): never {
  refuse(`${label.en} is empty: give a path.`, `${label.ja} が空です。パスを指定してください。`);
}

/** Resolves a directory the runner may create; refuses a file there or in the way. */
export function requireDirectoryPath(value: string, label: Text, cwd = process.cwd()): string {
  if (value.trim() === '') refuseEmpty(label);
  const path = resolve(cwd, value);
  if (kindOf(path) === 'file') {
    refuse(
      `${label.en}: ${path} is a file, not a directory.\nGive a directory (it is created when missing), or move the file away.`,
      `${label.ja}: ${path} はディレクトリではなくファイルです。\nディレクトリを指定するか (なければ作成します)、そのファイルを移動してください。`,
    );
  }
  const blocker = fileInTheWay(path);
  if (blocker) {
    refuse(
      `${label.en}: ${path} cannot be created, because ${blocker} is a file, not a directory.\nChoose another directory, or move that file away.`,
      `${label.ja}: ${blocker} がディレクトリではなくファイルのため、${path} を作成できません。\n別のディレクトリを指定するか、そのファイルを移動してください。`,
    );
  }
  return path;
}

/** Resolves a file the runner will write; refuses a directory there or a file in the way. */
export function requireFilePath(value: string, label: Text, cwd = process.cwd()): string {
  if (value.trim() === '') refuseEmpty(label);
  const path = resolve(cwd, value);
  if (kindOf(path) === 'directory') {
    const example = `${path.replace(/\/+$/, '')}/report.txt`;
    refuse(
      `${label.en}: ${path} is a directory, but a file is needed.\nGive a file name, for example ${example}.`,
      `${label.ja}: ${path} はディレクトリです。ファイル名まで指定してください (例: ${example})。`,
    );
  }
  const blocker = fileInTheWay(path);
  if (blocker) {
    refuse(
      `${label.en}: ${path} cannot be written, because ${blocker} is a file, not a directory.\nChoose another place, or move that file away.`,
      `${label.ja}: ${blocker} がディレクトリではなくファイルのため、${path} に書き込めません。\n別の場所を指定するか、そのファイルを移動してください。`,
    );
  }
  return path;
}
