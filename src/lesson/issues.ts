// zod's issues → sentences in both languages. zod's own messages are English only and speak of
// types rather than of what a lesson author should write.
import type * as z from 'zod';
import type { Text } from '../i18n/text.js';
import { FORMAT_HINTS, isFormatHint } from './formats.js';
import { formatFieldPath, type LessonIssue } from './errors.js';

type ZodIssue = z.core.$ZodIssue;

export function issuesFromZod(file: string, issues: readonly ZodIssue[]): LessonIssue[] {
  return issues.map((issue) => ({ file, field: formatFieldPath(issue.path), problem: describeZodIssue(issue) }));
}

export function describeZodIssue(issue: ZodIssue): Text {
  switch (issue.code) {
    case 'invalid_type':
      return describeInvalidType(issue.path, issue.expected, issue.input);
    case 'unrecognized_keys': {
      const keys = issue.keys.map((key) => `'${key}'`).join(', ');
      return {
        en: `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}: check the spelling or remove it`,
        ja: `知らない項目 ${keys} があります。綴りを確認するか、削除してください`,
      };
    }
    case 'too_small':
      return describeBound(issue.origin, Number(issue.minimum), 'min');
    case 'too_big':
      return describeBound(issue.origin, Number(issue.maximum), 'max');
    case 'invalid_format': {
      if (isFormatHint(issue.message)) return withFound(FORMAT_HINTS[issue.message], issue.input);
      return withFound({ en: `has the wrong format (${issue.format})`, ja: `形式が正しくありません (${issue.format})` }, issue.input);
    }
    case 'invalid_value': {
      const allowed = issue.values.map((value) => JSON.stringify(value)).join(', ');
      return withFound({ en: `must be one of: ${allowed}`, ja: `次のどれかにしてください: ${allowed}` }, issue.input);
    }
    case 'invalid_union':
      return withFound({ en: 'does not match any of the allowed forms', ja: '使える形のどれにも当てはまりません' }, issue.input);
    default:
      return { en: issue.message, ja: `値が正しくありません (${issue.message})` };
  }
}

function describeInvalidType(path: readonly PropertyKey[], expected: string, input: unknown): Text {
  const last = path[path.length - 1];
  if (input === undefined) {
    if (last === 'en') {
      return {
        en: 'missing English text: every text needs both ja and en',
        ja: '英語 (en) の文がありません。すべての文に ja と en の両方が必要です',
      };
    }
    if (last === 'ja') {
      return {
        en: 'missing Japanese text: every text needs both ja and en',
        ja: '日本語 (ja) の文がありません。すべての文に ja と en の両方が必要です',
      };
    }
    return { en: `missing (a required ${expected})`, ja: `必須の項目がありません (${expected} が必要です)` };
  }
  const found = describeValueType(input);
  if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
    // YAML reads 000000000000 as the number 0 and yes as true: quoting keeps the text.
    return {
      en: `expected text but YAML read ${found} ${JSON.stringify(input)}: put the value in quotes`,
      ja: `文字列が必要ですが、YAML が ${found} (${JSON.stringify(input)}) として読みました。値を引用符で囲んでください`,
    };
  }
  return { en: `expected ${expected}, found ${found}`, ja: `${expected} が必要ですが、${found} になっています` };
}

function describeBound(origin: string, limit: number, side: 'min' | 'max'): Text {
  if (origin === 'array') {
    if (side === 'min' && limit === 1) return { en: 'must not be empty (at least one item)', ja: '空にできません (1 つ以上必要です)' };
    return side === 'min'
      ? { en: `needs at least ${limit} items`, ja: `${limit} 個以上必要です` }
      : { en: `allows at most ${limit} items`, ja: `${limit} 個までです` };
  }
  if (origin === 'string') {
    if (side === 'min' && limit === 1) return { en: 'must not be empty', ja: '空にできません' };
    return side === 'min'
      ? { en: `needs at least ${limit} characters`, ja: `${limit} 文字以上必要です` }
      : { en: `allows at most ${limit} characters`, ja: `${limit} 文字までです` };
  }
  return side === 'min'
    ? { en: `must be at least ${limit}`, ja: `${limit} 以上にしてください` }
    : { en: `must be at most ${limit}`, ja: `${limit} 以下にしてください` };
}

function withFound(text: Text, input: unknown): Text {
  if (input === undefined) return text;
  const shown = JSON.stringify(input);
  if (shown === undefined || shown.length > 80) return text;
  return { en: `${text.en} (found ${shown})`, ja: `${text.ja} (現在の値: ${shown})` };
}

function describeValueType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}
