// Reading a CloudWatch Logs request (JSON 1.1): the body, typed members with AWS's validation
// messages, `limit`, and offset paging for the Describe* operations.
import { invalid, LogsError } from './errors.js';

export type Json = Record<string, unknown>;

export function parseBody(body: Buffer): Json {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new LogsError('SerializationException', 'The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LogsError('SerializationException', 'The request body must be a JSON object.');
  }
  return value as Json;
}

export function requiredString(input: Json, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value.length === 0) {
    throw invalid(`1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

export function optionalString(input: Json, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${name} must be a string.`);
  return value;
}

export function optionalNumber(input: Json, name: string): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw invalid(`${name} must be a number.`);
  return value;
}

export function optionalStringArray(input: Json, name: string): string[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalid(`${name} must be a list of strings.`);
  return value as string[];
}

export function limitOf(input: Json, max: number): number {
  const limit = input.limit;
  if (limit === undefined || limit === null) return max;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalid(
      `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${max}`,
    );
  }
  return limit;
}

export function pageOf<T>(items: T[], input: Json, max: number): { items: T[]; nextToken?: string } {
  const limit = limitOf(input, max);
  const token = optionalString(input, 'nextToken');
  let offset = 0;
  if (token !== undefined) {
    const match = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!match) throw invalid('The specified nextToken is invalid.');
    offset = Number(match[1]);
  }
  const slice = items.slice(offset, offset + limit);
  const next = offset + slice.length;
  return { items: slice, ...(next < items.length ? { nextToken: Buffer.from(`o${next}`).toString('base64url') } : {}) };
}
