// One page of a bucket listing over the sorted key index: prefix, delimiter roll-up into common
// prefixes, max-keys and a resume point. Pure, shared by ListObjects v1 and v2.
import type { SortedKeys } from './key-order.js';

export interface ListRequest {
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  /** Resume strictly after this key (start-after, marker or a continuation token). */
  after?: string;
  /** When the resume point was a rolled-up common prefix, the keys under it were already listed. */
  afterIsPrefix?: boolean;
}

export interface ListPage {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned: where the next page resumes. */
  last?: { value: string; isPrefix: boolean };
}

export function listPage(index: SortedKeys, request: ListRequest): ListPage {
  const { prefix, delimiter, maxKeys, after } = request;
  const page: ListPage = { keys: [], commonPrefixes: [], isTruncated: false };
  if (maxKeys <= 0) return page;

  let i = index.lowerBound(prefix);
  if (after !== undefined) i = Math.max(i, index.lowerBound(after, true));
  const skipUnder = request.afterIsPrefix ? after : undefined;
  let count = 0;
  for (; i < index.size; i++) {
    const key = index.at(i);
    if (!key.startsWith(prefix)) break;
    if (skipUnder !== undefined && key.startsWith(skipUnder)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut !== -1) {
      const common = key.slice(0, cut + (delimiter as string).length);
      if (page.last?.isPrefix && page.last.value === common) continue;
      if (count === maxKeys) {
        page.isTruncated = true;
        break;
      }
      page.commonPrefixes.push(common);
      page.last = { value: common, isPrefix: true };
    } else {
      if (count === maxKeys) {
        page.isTruncated = true;
        break;
      }
      page.keys.push(key);
      page.last = { value: key, isPrefix: false };
    }
    count++;
  }
  return page;
}

/** Continuation tokens are opaque to clients: base64url of where to resume. */
export function encodeContinuationToken(last: { value: string; isPrefix: boolean }): string {
  return Buffer.from(JSON.stringify({ a: last.value, p: last.isPrefix }), 'utf8').toString('base64url');
}

export function decodeContinuationToken(token: string): { after: string; afterIsPrefix: boolean } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { a, p } = parsed as { a?: unknown; p?: unknown };
    if (typeof a !== 'string' || typeof p !== 'boolean') return undefined;
    return { after: a, afterIsPrefix: p };
  } catch {
    return undefined;
  }
}
