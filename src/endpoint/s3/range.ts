// The Range header of GetObject, as S3 reads it (RFC 9110 single byte ranges). A header S3 cannot
// parse, or one asking for several ranges, is ignored and the whole object is returned.

export type RangeResult =
  | { kind: 'whole' }
  | { kind: 'range'; start: number; end: number }
  | { kind: 'unsatisfiable' };

export function parseRange(value: string | undefined, size: number): RangeResult {
  if (value === undefined) return { kind: 'whole' };
  const match = /^\s*bytes=(\d*)-(\d*)\s*$/.exec(value);
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'whole' };
  const [, first, last] = match;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (end < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: Math.min(end, size - 1) };
}
