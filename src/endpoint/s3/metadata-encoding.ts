// Non-ASCII user metadata (x-amz-meta-*), as S3 handles it: values that arrive as RFC 2047
// encoded-words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`, how SDKs and the CLI send non-ASCII) are decoded
// before they are stored; raw bytes are read as UTF-8. On the way out a value that is not plain
// printable ASCII is encoded again — Q-encoding, or B (base64) when it holds control or
// replacement characters — the forms AWS returns (seen in LocalStack's AWS-validated snapshots).

/** Printable ASCII that S3 returns as it is (space, `_`, `=` and `?` included; tab too). */
const PLAIN = /^[\t\x20-\x7e]*$/;
/** Bytes Q-encoding keeps literally: printable ASCII except space, `=`, `?` and `_`. */
const Q_LITERAL = /[!"#$%&'()*+,\-./0-9:;<>@A-Z[\\\]^`a-z{|}~\t]/;
const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/** A header value as Node gives it (each byte one latin1 char) → the Unicode string S3 stores. */
export function decodeMetadataValue(raw: string): string {
  const bytes = Buffer.from(raw, 'latin1');
  const utf8 = bytes.toString('utf8');
  // Invalid UTF-8 (a lone latin1 byte such as 0xE9) keeps its latin1 reading.
  const text = utf8.includes('\ufffd') && !raw.includes('\ufffd') ? raw : utf8;
  // Whitespace between two encoded-words is not part of the value (RFC 2047 §6.2).
  return text
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(ENCODED_WORD, (word, charset: string, encoding: string, payload: string) => {
      const decoded = decodeWord(charset, encoding, payload);
      return decoded ?? word;
    });
}

function decodeWord(charset: string, encoding: string, payload: string): string | undefined {
  const name = charset.toLowerCase().split('*', 1)[0];
  const codec = name === 'utf-8' || name === 'utf8' ? 'utf8' : name === 'iso-8859-1' || name === 'us-ascii' ? 'latin1' : undefined;
  if (codec === undefined) return undefined;
  let bytes: Buffer;
  if (encoding.toUpperCase() === 'B') {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) return undefined;
    bytes = Buffer.from(payload, 'base64');
  } else {
    const text = payload.replace(/_/g, ' ');
    const out: number[] = [];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
        out.push(parseInt(text.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.push(text.charCodeAt(i) & 0xff);
      }
    }
    bytes = Buffer.from(out);
  }
  return bytes.toString(codec);
}

/** A stored value → what goes in the response header (always latin1-safe). */
export function encodeMetadataValue(value: string): string {
  if (PLAIN.test(value)) return value;
  const bytes = Buffer.from(value, 'utf8');
  if (/[\p{Cc}\ufffd]/u.test(value)) return `=?UTF-8?B?${bytes.toString('base64')}?=`;
  let encoded = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (byte === 0x20) encoded += '_';
    else if (byte < 0x80 && Q_LITERAL.test(char)) encoded += char;
    else encoded += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `=?UTF-8?Q?${encoded}?=`;
}
