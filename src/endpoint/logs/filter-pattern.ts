// CloudWatch Logs filter patterns for unstructured text: space-separated terms that must all
// appear (case-sensitive), "quoted phrases", `?term` (at least one of these), `-term` (must not
// appear). JSON (`{ $.x = … }`) and space-delimited (`[a, b]`) patterns are refused with a clear
// message: this endpoint does not evaluate them.

export type EventMatcher = (message: string) => boolean;

export class UnsupportedFilterPatternError extends Error {}

export function compileFilterPattern(pattern: string | undefined): EventMatcher {
  const text = (pattern ?? '').trim();
  if (text === '' || text === '""') return () => true;
  if (text.startsWith('{') || text.startsWith('[')) {
    throw new UnsupportedFilterPatternError(
      'JSON and space-delimited filter patterns are not supported by the built-in endpoint; use plain terms, "quoted phrases", ?term or -term.',
    );
  }
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  for (const token of tokenize(text)) {
    if (token.startsWith('?') && token.length > 1) any.push(unquote(token.slice(1)));
    else if (token.startsWith('-') && token.length > 1) none.push(unquote(token.slice(1)));
    else all.push(unquote(token));
  }
  return (message) =>
    all.every((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t))) &&
    !none.some((t) => message.includes(t));
}

/** Splits on spaces outside double quotes; quotes stay on the token. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ' ' && !quoted) {
      if (current) tokens.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current) tokens.push(current);
  return tokens;
}

function unquote(token: string): string {
  return token.length >= 2 && token.startsWith('"') && token.endsWith('"') ? token.slice(1, -1) : token;
}
