// The learner's progress: <state-dir>/progress.json, schema-versioned and written atomically.
// A damaged file is moved aside (never deleted) with a warning, and the learner starts fresh.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../endpoint/store/atomic.js';
import type { Text } from '../i18n/text.js';

export const PROGRESS_SCHEMA_VERSION = 1;

export interface StepProgress {
  status: 'done';
  completedAt: string;
  /** Facts worth keeping, e.g. the deployed CodeSha256 or the measured trigger latency. */
  details?: Record<string, string | number | boolean>;
}

export interface Progress {
  schemaVersion: number;
  lesson: string;
  /** The endpoint the steps were done against: a different one means they must be re-confirmed. */
  endpoint?: string;
  startedAt: string;
  updatedAt: string;
  steps: Record<string, StepProgress>;
}

export interface LoadedProgress {
  progress: Progress;
  /** Set when the saved file could not be used and was moved aside. */
  warning?: Text;
}

export class ProgressStore {
  readonly file: string;

  constructor(readonly stateDir: string) {
    this.file = join(stateDir, 'progress.json');
  }

  load(lessonId: string): LoadedProgress {
    if (!existsSync(this.file)) return { progress: emptyProgress(lessonId) };
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      return this.setAside(lessonId, (error as Error).message);
    }
    const problem = validate(parsed);
    if (problem) return this.setAside(lessonId, problem);
    const progress = parsed as Progress;
    if (progress.lesson !== lessonId) return { progress: emptyProgress(lessonId) };
    return { progress };
  }

  save(progress: Progress): void {
    writeJsonAtomic(this.file, { ...progress, updatedAt: new Date().toISOString() });
  }

  markDone(progress: Progress, stepId: string, details?: StepProgress['details']): Progress {
    const next: Progress = {
      ...progress,
      steps: { ...progress.steps, [stepId]: { status: 'done', completedAt: new Date().toISOString(), ...(details ? { details } : {}) } },
    };
    this.save(next);
    return next;
  }

  forget(progress: Progress, stepIds: readonly string[]): Progress {
    const steps = { ...progress.steps };
    for (const id of stepIds) delete steps[id];
    const next = { ...progress, steps };
    this.save(next);
    return next;
  }

  private setAside(lessonId: string, reason: string): LoadedProgress {
    const aside = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(this.file, aside);
    return {
      progress: emptyProgress(lessonId),
      warning: {
        en: `Your saved progress (${this.file}) could not be read (${reason}). It was moved to ${aside} and progress starts fresh; the steps will be re-checked against the endpoint.`,
        ja: `保存された進捗 (${this.file}) を読めませんでした (${reason})。ファイルは ${aside} に移し、進捗は最初からになります。各ステップはエンドポイントの状態から確認し直します。`,
      },
    };
  }
}

export function emptyProgress(lessonId: string): Progress {
  const now = new Date().toISOString();
  return { schemaVersion: PROGRESS_SCHEMA_VERSION, lesson: lessonId, startedAt: now, updatedAt: now, steps: {} };
}

function validate(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const v = value as Partial<Progress>;
  if (v.schemaVersion !== PROGRESS_SCHEMA_VERSION) return `schemaVersion ${String(v.schemaVersion)} is not ${PROGRESS_SCHEMA_VERSION}`;
  if (typeof v.lesson !== 'string') return 'lesson is missing';
  if (typeof v.steps !== 'object' || v.steps === null) return 'steps is missing';
  for (const [id, step] of Object.entries(v.steps)) {
    if ((step as StepProgress)?.status !== 'done') return `steps.${id}.status is not "done"`;
  }
  return undefined;
}
