// Conditional GET/HEAD (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since) with the
// precedence S3 documents: a matching If-Match overrides a failing If-Unmodified-Since, and a
// non-matching If-None-Match overrides a failing If-Modified-Since.

export interface ConditionHeaders {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
}

/** `condition` names the header that decided (CopyObject reports it in its 412). */
export type ConditionOutcome =
  | { kind: 'proceed' }
  | { kind: 'not-modified'; condition: 'If-None-Match' | 'If-Modified-Since' }
  | { kind: 'failed'; condition: 'If-Match' | 'If-Unmodified-Since' };

export function evaluateConditions(headers: ConditionHeaders, etag: string, lastModifiedIso: string): ConditionOutcome {
  // HTTP dates have whole seconds; compare at that precision.
  const modified = Math.floor(new Date(lastModifiedIso).getTime() / 1000);
  const since = (value: string | undefined) => {
    const time = value === undefined ? NaN : Date.parse(value);
    return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
  };

  const ifMatch = headers.ifMatch === undefined ? undefined : etagListMatches(headers.ifMatch, etag);
  if (ifMatch === false) return { kind: 'failed', condition: 'If-Match' };
  const unmodifiedSince = since(headers.ifUnmodifiedSince);
  if (ifMatch === undefined && unmodifiedSince !== undefined && modified > unmodifiedSince) {
    return { kind: 'failed', condition: 'If-Unmodified-Since' };
  }

  const ifNoneMatch = headers.ifNoneMatch === undefined ? undefined : etagListMatches(headers.ifNoneMatch, etag);
  if (ifNoneMatch === true) return { kind: 'not-modified', condition: 'If-None-Match' };
  const modifiedSince = since(headers.ifModifiedSince);
  if (ifNoneMatch === undefined && modifiedSince !== undefined && modified <= modifiedSince) {
    return { kind: 'not-modified', condition: 'If-Modified-Since' };
  }
  return { kind: 'proceed' };
}

/** `"abc", W/"def"` or `*` against an unquoted ETag. */
function etagListMatches(list: string, etag: string): boolean {
  return list.split(',').some((item) => {
    const tag = item.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return tag === '*' || tag === etag;
  });
}
