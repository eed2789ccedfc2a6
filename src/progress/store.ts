// The learner's progress file: <state-dir>/progress.json, schema-versioned (schema.ts) and written
// atomically. A file that cannot be used is moved aside (never deleted) with a warning; one with a
// few wrong records is repaired (the original kept beside it) with a warning naming them.
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../endpoint/store/atomic.js';
import type { Text } from '../i18n/text.js';
import { parseProgress, PROGRESS_SCHEMA_VERSION, type CheckMemo, type Progress, type StepRecord, type StepStatus } from './schema.js';

export { PROGRESS_SCHEMA_VERSION };
export type { CheckMemo, Progress, StepRecord, StepStatus };

export interface LoadedProgress {
  progress: Progress;
  /** Set when the saved file could not be used as it was (moved aside, or repaired). */
  warning?: Text;
}

/** One step's established state, as the store records it. */
export interface EstablishedStep {
  id: string;
  status: StepStatus;
  via?: string;
}

export class ProgressStore {
  readonly file: string;

  constructor(readonly stateDir: string) {
    this.file = join(stateDir, 'progress.json');
  }

  load(lessonId: string): LoadedProgress {
    if (!existsSync(this.file)) return { progress: emptyProgress(lessonId) };
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      return this.setAside(lessonId, (error as Error).message);
    }
    const parsed = parseProgress(value, new Date().toISOString());
    if (parsed.kind === 'unusable') return this.setAside(lessonId, parsed.reason);
    const { progress, repaired } = parsed;
    if (progress.lesson !== lessonId) return { progress: emptyProgress(lessonId) };
    if (repaired.length === 0) return { progress };
    const what = repaired.join(', ');
    let kept: string | undefined = this.asideName();
    try {
      copyFileSync(this.file, kept);
      this.save(progress);
    } catch {
      // A state dir that cannot be written: the repaired progress is still used, just not saved.
      kept = undefined;
    }
    const keptEn = kept ? `The original is kept as ${kept}.` : 'The file could not be rewritten, so it is left as it is.';
    const keptJa = kept ? `元のファイルは ${kept} に残してあります。` : 'ファイルを書き直せなかったので、そのままにしてあります。';
    return {
      progress,
      warning: {
        en: `Some of your saved progress (${this.file}) had values of the wrong type and was left out: ${what}. ${keptEn} Nothing is lost: the steps are established from the endpoint and your files.`,
        ja: `保存された進捗 (${this.file}) の一部が不正な値だったため、読み飛ばしました: ${what}。${keptJa}各ステップはエンドポイントと手元のファイルから確認し直すので、進み具合は失われません。`,
      },
    };
  }

  save(progress: Progress): void {
    writeJsonAtomic(this.file, { ...progress, updatedAt: new Date().toISOString() });
  }

  /** Records a step as done now (the runner did it, or its checks passed), keeping the facts it measured. */
  markDone(progress: Progress, stepId: string, details?: StepRecord['details'], via?: string): Progress {
    const now = new Date().toISOString();
    const previous = progress.steps[stepId];
    const record: StepRecord = {
      status: 'done',
      completedAt: previous?.status === 'done' && previous.completedAt ? previous.completedAt : now,
      establishedAt: now,
      ...((details ?? previous?.details) ? { details: details ?? previous?.details } : {}),
      ...(via ? { via } : {}),
    };
    const next: Progress = { ...progress, steps: { ...progress.steps, [stepId]: record } };
    this.save(next);
    return next;
  }

  /**
   * Records what was just established for each step (the cache shown before the endpoint answers).
   * A step keeps its completedAt while it stays done; "could not check" keeps the last known status.
   */
  recordEstablished(progress: Progress, endpoint: string, steps: readonly EstablishedStep[]): Progress {
    const now = new Date().toISOString();
    const records = { ...progress.steps };
    for (const step of steps) {
      const previous = records[step.id];
      if (step.status === 'could-not-check') continue;
      const done = step.status === 'done';
      const completedAt = done ? (previous?.status === 'done' && previous.completedAt ? previous.completedAt : now) : undefined;
      records[step.id] = {
        status: step.status,
        establishedAt: now,
        ...(completedAt ? { completedAt } : {}),
        ...(previous?.details ? { details: previous.details } : {}),
        ...(step.via ? { via: step.via } : {}),
      };
    }
    const next: Progress = { ...progress, endpoint, steps: records };
    this.save(next);
    return next;
  }

  /** Remembers the outcomes of the checks that write, with a fingerprint of what each tested. */
  recordChecks(progress: Progress, memos: Record<string, CheckMemo>): Progress {
    if (Object.keys(memos).length === 0) return progress;
    const next: Progress = { ...progress, checks: { ...progress.checks, ...memos } };
    this.save(next);
    return next;
  }

  /**
   * Forgets the cached state of `stepIds` and the check outcomes. From the first step, the
   * lesson's clock restarts too (a new run of the lesson).
   */
  reset(progress: Progress, stepIds: readonly string[], restartClock: boolean): Progress {
    const steps = { ...progress.steps };
    for (const id of stepIds) delete steps[id];
    const now = new Date().toISOString();
    const next: Progress = { ...progress, steps, checks: {}, ...(restartClock ? { startedAt: now } : {}) };
    this.save(next);
    return next;
  }

  private asideName(): string {
    return `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  }

  private setAside(lessonId: string, reason: string): LoadedProgress {
    let aside: string | undefined = this.asideName();
    try {
      renameSync(this.file, aside);
    } catch {
      aside = undefined; // a state dir that cannot be written: the file stays where it is, unused
    }
    const whereEn = aside ? `It was moved to ${aside}` : 'It could not be moved aside (the folder cannot be written), so it is left as it is and not used';
    const whereJa = aside ? `ファイルは ${aside} に移し` : 'ファイルを移動できなかったので (フォルダーに書き込めません)、そのまま置いて使わずにおき';
    return {
      progress: emptyProgress(lessonId),
      warning: {
        en: `Your saved progress (${this.file}) could not be read (${reason}). ${whereEn}; the lesson's clock starts again, and the steps are established from the endpoint and your files.`,
        ja: `保存された進捗 (${this.file}) を読めませんでした (${reason})。${whereJa}、レッスンの時間計測は最初からになります。各ステップはエンドポイントと手元のファイルから確認し直します。`,
      },
    };
  }
}

export function emptyProgress(lessonId: string): Progress {
  const now = new Date().toISOString();
  return { schemaVersion: PROGRESS_SCHEMA_VERSION, lesson: lessonId, startedAt: now, updatedAt: now, steps: {}, checks: {} };
}
