// The two ways S3 percent-encodes object keys on the wire.

/**
 * `encoding-type=url` in listings: every byte except unreserved characters and `/` is
 * percent-encoded (a space is `%20`, a plus `%2B`). botocore decodes with unquote_plus, so a
 * literal `+` must never be left as is.
 */
export function encodeListingValue(value: string): string {
  return percentEncode(value, /[A-Za-z0-9_.~/-]/);
}

/**
 * Keys in S3 event records are form-encoded the way AWS does it: a space becomes `+`, `/` stays
 * literal, letters, digits and `-_.*` stay, everything else is percent-encoded from UTF-8.
 * `decodeURIComponent(key.replace(/\+/g, ' '))` gives the key back.
 */
export function encodeEventKey(key: string): string {
  return percentEncode(key, /[A-Za-z0-9_.*/ -]/).replace(/ /g, '+');
}

function percentEncode(value: string, keep: RegExp): string {
  let out = '';
  for (const char of value) {
    if (keep.test(char)) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
