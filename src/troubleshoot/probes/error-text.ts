// Reading a function's error payload and log tail for the causes they reveal. The patterns are
// the runtimes' and Node's own words (Task timed out…, Runtime.HandlerNotFound, ECONNREFUSED…).

export type ErrorSign =
  | { kind: 'timeout'; line: string }
  | { kind: 'sharp'; line: string }
  | { kind: 'handler'; line: string }
  | { kind: 'unreachable'; line: string; target: string }
  | { kind: 'no-such-bucket'; line: string };

const SHARP = /Could not load the \\?"sharp\\?" module|sharp[^\n]*invalid ELF header|invalid ELF header[^\n]*sharp|@img\/sharp-[\w-]+\/sharp\.node|Cannot find module 'sharp'|Cannot find package 'sharp'/i;
const TIMEOUT = /Task timed out after [\d.]+ seconds/;
const HANDLER = /Runtime\.HandlerNotFound|Runtime\.ImportModuleError|is undefined or not exported|Cannot find module '[^']*\/var\/task|Cannot find module 'index'/;
const UNREACHABLE = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ECONNRESET)\b[ :]*([\w.\-\[\]:]+)?/;

function lineWith(text: string, pattern: RegExp): string {
  return (text.split('\n').find((l) => pattern.test(l)) ?? text).trim().slice(0, 400);
}

/** The first sign found, most specific first (a sharp load failure is also an ImportModuleError). */
export function readErrorSigns(text: string): ErrorSign | undefined {
  if (TIMEOUT.test(text)) return { kind: 'timeout', line: lineWith(text, TIMEOUT) };
  if (SHARP.test(text)) return { kind: 'sharp', line: lineWith(text, SHARP) };
  if (HANDLER.test(text)) return { kind: 'handler', line: lineWith(text, HANDLER) };
  const unreachable = UNREACHABLE.exec(text);
  if (unreachable) return { kind: 'unreachable', line: lineWith(text, UNREACHABLE), target: unreachable[2] ?? '?' };
  if (/NoSuchBucket/.test(text)) return { kind: 'no-such-bucket', line: lineWith(text, /NoSuchBucket/) };
  return undefined;
}
