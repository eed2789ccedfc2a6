// The shape of <state-dir>/progress.json (schema version 2) and how a file is read back: older
// versions are migrated, records with wrong types are dropped one by one (a repair), and only a
// file that cannot be trusted at all (not JSON, not an object, another lesson's id missing, a newer
// schema) is set aside whole. progress.json is no longer the authority on what is done (the
// environment is: progress/establish.ts); it keeps the lesson's clock, the facts steps measured,
// the last established state (to show something before the endpoint answers) and the outcomes of
// the checks that write, with a fingerprint of what they tested.
import * as z from 'zod';

export const PROGRESS_SCHEMA_VERSION = 2;

const isoDate = z.iso.datetime({ offset: true });
const detailValue = z.union([z.string(), z.number(), z.boolean()]);
const text = z.object({ en: z.string(), ja: z.string() });

export const STEP_STATUSES = ['done', 'not-done', 'could-not-check'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const stepRecordSchema = z.object({
  status: z.enum(STEP_STATUSES),
  /** When the step was first established done since the lesson's clock started. */
  completedAt: isoDate.optional(),
  /** When this status was last established. */
  establishedAt: isoDate,
  /** Facts worth keeping, e.g. the deployed CodeSha256 or the measured trigger latency. */
  details: z.record(z.string(), detailValue).optional(),
  /** How it was established, in a few words (which zip, which evidence). */
  via: z.string().optional(),
});

const v1StepSchema = z.object({ status: z.literal('done'), completedAt: isoDate, details: z.record(z.string(), detailValue).optional() });

export const checkMemoSchema = z.object({
  status: z.enum(['pass', 'fail']),
  at: isoDate,
  endpoint: z.string(),
  /** What the check tested (function code and configuration, notification, scripts…), hashed. */
  fingerprint: z.string(),
  message: text.optional(),
});

export type StepRecord = z.infer<typeof stepRecordSchema>;
export type CheckMemo = z.infer<typeof checkMemoSchema>;

export interface Progress {
  schemaVersion: number;
  lesson: string;
  /** The lesson's clock: set when progress starts, restarted by `reset`. */
  startedAt: string;
  updatedAt: string;
  /** The endpoint the cached state was last established against. */
  endpoint?: string;
  steps: Record<string, StepRecord>;
  /** The last outcome of each check that writes (function-invocable, trigger-fires, scripts-clean). */
  checks: Record<string, CheckMemo>;
}

export type ParsedProgress =
  | { kind: 'ok'; progress: Progress; repaired: string[] }
  | { kind: 'unusable'; reason: string };

/** Reads a parsed JSON value as progress: migrates, repairs what it can, and says what it dropped. */
export function parseProgress(value: unknown, now: string): ParsedProgress {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'unusable', reason: 'not a JSON object' };
  const raw = value as Record<string, unknown>;
  const version = raw.schemaVersion;
  if (version !== 1 && version !== PROGRESS_SCHEMA_VERSION) return { kind: 'unusable', reason: `schemaVersion ${JSON.stringify(version)} is not one this version reads (1 or ${PROGRESS_SCHEMA_VERSION})` };
  if (typeof raw.lesson !== 'string' || raw.lesson === '') return { kind: 'unusable', reason: 'lesson is missing' };
  const repaired: string[] = [];

  const startedAt = isoDate.safeParse(raw.startedAt);
  if (!startedAt.success) repaired.push('startedAt (the lesson clock starts now)');
  const updatedAt = isoDate.safeParse(raw.updatedAt);

  const steps: Record<string, StepRecord> = {};
  for (const [id, entry] of Object.entries(recordOf(raw.steps, 'steps', repaired))) {
    // Version 1 kept only finished steps: {status: "done", completedAt, details}.
    const step = version === 1 ? v1StepSchema.safeParse(entry) : stepRecordSchema.safeParse(entry);
    if (step.success) steps[id] = 'establishedAt' in step.data ? step.data : { ...step.data, establishedAt: step.data.completedAt };
    else repaired.push(`steps.${id} (${firstIssue(step.error)})`);
  }
  const checks: Record<string, CheckMemo> = {};
  for (const [id, entry] of Object.entries(recordOf(raw.checks ?? {}, 'checks', repaired))) {
    const memo = checkMemoSchema.safeParse(entry);
    if (memo.success) checks[id] = memo.data;
    else repaired.push(`checks.${id} (${firstIssue(memo.error)})`);
  }
  const endpoint = typeof raw.endpoint === 'string' ? raw.endpoint : undefined;
  if (raw.endpoint !== undefined && endpoint === undefined) repaired.push('endpoint');
  return {
    kind: 'ok',
    repaired,
    progress: {
      schemaVersion: PROGRESS_SCHEMA_VERSION,
      lesson: raw.lesson,
      startedAt: startedAt.success ? startedAt.data : now,
      updatedAt: updatedAt.success ? updatedAt.data : now,
      ...(endpoint ? { endpoint } : {}),
      steps,
      checks,
    },
  };
}

function recordOf(value: unknown, name: string, repaired: string[]): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  if (value !== undefined) repaired.push(name);
  return {};
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'value'}: ${issue.message}` : 'invalid';
}
