// Redaction with a maintained rule set: secretlint's recommended preset (GitHub, Slack, npm,
// OpenAI, Anthropic, GitLab, SendGrid, database connection strings … kept up to date by its
// maintainers), after our own rules (redact.ts: URL passwords, secret-named variables, AWS and
// Google keys). secretlint is loaded on first use only — doctor needs it, nothing else does.
import type { ProgramIo } from '../commands/options.js';
import { redact } from './redact.js';

const MASK = '[REDACTED]';

export interface Redactor {
  redact(text: string): Promise<string>;
  /** Several texts in one secretlint pass (a secret is never looked for across two of them). */
  redactAll(texts: readonly string[]): Promise<string[]>;
}

type Lint = (text: string) => Promise<(readonly [number, number])[]>;
let loading: Promise<Lint> | undefined;

async function loadLint(): Promise<Lint> {
  const [{ lintSource }, { creator }] = await Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]);
  const config = { rules: [{ id: creator.meta.id, rule: creator }] };
  return async (content) => {
    const result = await lintSource({
      source: { filePath: 'doctor-output.txt', content, contentType: 'text' },
      options: { config, noPhysicFilePath: true },
    });
    return result.messages.map((m) => m.range);
  };
}

/** A redactor for `env`'s secrets plus both rule sets. */
export async function loadRedactor(env: NodeJS.ProcessEnv): Promise<Redactor> {
  loading ??= loadLint();
  const lint = await loading;
  const redactAll = async (texts: readonly string[]): Promise<string[]> => {
    const ours = texts.map((t) => redact(t, env));
    // One pass over all of them, joined by newlines; each reported range is masked in its own text.
    const ranges = await lint(ours.join('\n'));
    let offset = 0;
    return ours.map((text) => {
      const start = offset;
      offset += text.length + 1;
      const inside = ranges
        .filter(([a, b]) => b > start && a < start + text.length)
        .map(([a, b]): [number, number] => [Math.max(a - start, 0), Math.min(b - start, text.length)]);
      return maskRanges(text, inside);
    });
  };
  return { redactAll, redact: async (text) => (await redactAll([text]))[0] };
}

/**
 * Masks each reported range, widened to the whole token it sits in (some rules report a range
 * shorter than the secret), latest first so earlier offsets stay valid.
 */
export function maskRanges(text: string, ranges: readonly (readonly [number, number])[]): string {
  let out = text;
  const sorted = [...ranges].sort((a, b) => b[0] - a[0]);
  let limit = out.length;
  for (const [start, end] of sorted) {
    if (start >= limit) continue; // inside a range already masked
    let stop = Math.min(end, limit);
    while (stop < out.length && /[^\s"'<>`|]/.test(out[stop])) stop++;
    out = `${out.slice(0, start)}${MASK}${out.slice(stop)}`;
    limit = start;
  }
  return out;
}

/**
 * Writes through `redactor`, keeping order between stdout and stderr. Writes made in one go are
 * redacted together (one secretlint pass, not one per line); `flush()` waits until all are out.
 */
export type RedactingIo = ProgramIo & { flush(): Promise<void> };

export function redactingIo(io: ProgramIo, redactor: Redactor): RedactingIo {
  let pending: { to: keyof ProgramIo; text: string }[] = [];
  let written: Promise<void> = Promise.resolve();
  const drain = async () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const redacted = await redactor.redactAll(batch.map((b) => b.text));
    batch.forEach((b, i) => io[b.to](redacted[i]));
  };
  const enqueue = (to: keyof ProgramIo) => (text: string) => {
    if (pending.length === 0) written = written.then(() => new Promise((resolve) => setImmediate(resolve))).then(drain);
    pending.push({ to, text });
  };
  return {
    stdout: enqueue('stdout'),
    stderr: enqueue('stderr'),
    flush: async () => {
      await written;
      if (pending.length > 0) await drain();
    },
  };
}
