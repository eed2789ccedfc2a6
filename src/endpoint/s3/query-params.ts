// Numeric query parameters shared by the listing operations.
import { invalidArgument } from './errors.js';

/** max-keys style parameters: default and ceiling `limit`; bad values → InvalidArgument. */
export function clampMax(value: string | null, limit: number, name = 'max-keys'): number {
  if (value === null) return limit;
  if (!/^\d+$/.test(value.trim())) {
    throw invalidArgument(`Provided ${name} not an integer or within integer range`, name, value);
  }
  return Math.min(Number(value), limit);
}
