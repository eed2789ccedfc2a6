// Shared field formats. Each regex carries a key instead of a message; issues.ts turns the key into
// a sentence in both languages (zod's own messages are English only).
import * as z from 'zod';

export const FORMAT_HINTS = {
  'kebab-id': {
    en: "must be lowercase letters and digits joined by '-' (for example 'bucket-created')",
    ja: "小文字の英数字を '-' でつないだ形にしてください (例: 'bucket-created')",
  },
  'markdown-path': {
    en: "must be a relative path to a .md file inside the lesson folder (for example 'steps/02-bucket.ja.md')",
    ja: "レッスンのフォルダー内の .md ファイルへの相対パスにしてください (例: 'steps/02-bucket.ja.md')",
  },
  'relative-path': {
    en: 'must be a relative path inside the lesson folder, without ".."',
    ja: 'レッスンのフォルダー内の相対パスにしてください (".." は使えません)',
  },
  'file-name': {
    en: "must be a plain file name without folders (for example 'cors.json')",
    ja: "フォルダーを含まないファイル名にしてください (例: 'cors.json')",
  },
  'account-id': {
    en: 'must be 12 digits in quotes (for example "000000000000")',
    ja: '12 桁の数字を引用符で囲んで書いてください (例: "000000000000")',
  },
  arn: {
    en: "must be an ARN (starting with 'arn:aws:')",
    ja: "ARN ('arn:aws:' で始まる形) にしてください",
  },
  handler: {
    en: "must be '<file>.<export>' (for example 'index.handler')",
    ja: "'<ファイル名>.<export 名>' の形にしてください (例: 'index.handler')",
  },
  version: {
    en: "must be a version such as '1.0.0'",
    ja: "'1.0.0' のようなバージョンにしてください",
  },
} as const;
export type FormatHint = keyof typeof FORMAT_HINTS;

export function isFormatHint(value: string): value is FormatHint {
  return Object.hasOwn(FORMAT_HINTS, value);
}

const withHint = (pattern: RegExp, hint: FormatHint) => z.string().regex(pattern, { error: hint });

export const nonEmpty = z.string().trim().min(1);
export const kebabId = withHint(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-id');
/** Relative, forward slashes, no `..` segment, no leading `/`. Existence is checked when loading. */
const RELATIVE = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[^\\:]+$/;
export const relativePath = withHint(RELATIVE, 'relative-path');
export const markdownPath = withHint(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[^\\:]+\.md$/, 'markdown-path');
export const fileName = withHint(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'file-name');
export const accountId = withHint(/^\d{12}$/, 'account-id');
export const arn = withHint(/^arn:aws[a-z-]*:/, 'arn');
export const handler = withHint(/^[A-Za-z0-9_./-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/, 'handler');
export const version = withHint(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, 'version');
