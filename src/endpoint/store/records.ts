// Reading back a state file the endpoint wrote: missing, whole and of the right shape (checked by
// its zod schema), or damaged — with the reason, so the caller can move it aside and go on.
import { readFileSync } from 'node:fs';
import type * as z from 'zod';

export type RecordRead<T> = { state: 'missing' } | { state: 'ok'; value: T } | { state: 'damaged'; reason: string };

/** Reads and checks one JSON record. Errors other than "missing" or "not a file" (e.g. EACCES) are thrown. */
export function readRecord<T>(file: string, schema: z.ZodType<T>): RecordRead<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'missing' };
    if (code === 'EISDIR') return { state: 'damaged', reason: 'a directory where a file should be' };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { state: 'damaged', reason: `not JSON: ${(error as Error).message}` };
  }
  return checkRecord(json, schema);
}

/** Checks an already parsed value against its schema. */
export function checkRecord<T>(value: unknown, schema: z.ZodType<T>): RecordRead<T> {
  const parsed = schema.safeParse(value);
  return parsed.success ? { state: 'ok', value: parsed.data } : { state: 'damaged', reason: describeIssues(parsed.error) };
}

/** The first problem zod found, with where: `size: expected number, received string`. */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'does not have the expected shape';
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the record';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${where}: ${issue.message}${more}`;
}
