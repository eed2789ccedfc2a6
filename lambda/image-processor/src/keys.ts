// Object keys: how they arrive in S3 events, where the output goes, and how the original key is
// recorded in metadata.

/** Outputs live under this prefix; an object created there must never be processed again. */
export const PROCESSED_PREFIX = 'processed/';

/**
 * Turns an event's object key back into the real key. AWS form-encodes it (a space becomes `+`),
 * LocalStack percent-encodes it (`%20`); this reads both. A literal `+` in a key arrives as `%2B`
 * in both forms, so replacing `+` first is safe. A key that is not valid percent-encoding (an
 * emulator that did not encode it) is used as it is, with only `+` read as a space.
 */
export function decodeEventKey(encoded: string): string {
  const spaced = encoded.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

export function isProcessedKey(key: string): boolean {
  return key.startsWith(PROCESSED_PREFIX);
}

export function outputKeyFor(key: string): string {
  return PROCESSED_PREFIX + key;
}

/**
 * The `original-key` metadata value. S3 user metadata travels as HTTP headers, which carry ASCII
 * only, so the key is always stored URI-encoded (`encodeURI`: `/` and other URL punctuation kept,
 * a space becomes `%20`, non-ASCII becomes UTF-8 `%XX`). A plain key such as `photo-1.jpg` is
 * unchanged; `decodeURIComponent(value)` always gives the key back.
 */
export function metadataKeyValue(key: string): string {
  return encodeURI(key);
}
