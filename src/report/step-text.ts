// Plain text for steps as `run` (and the UI without a terminal) prints them: a heading per step,
// a line per resource it made, changed or found already done, then its checks.
import type { Lang } from '../config/language.js';
import type { Lesson, Step } from '../lesson/index.js';
import type { ChangeState, StepChange, StepFailure, ProgressEvent } from '../steps/index.js';
import { say } from '../i18n/text.js';
import { paint } from './colors.js';
import { evidenceTextLines } from './evidence-text.js';

const CHANGE_MARK: Record<ChangeState, string> = { created: '+', updated: '~', unchanged: '=', verified: '✓' };

export function stepHeading(lesson: Lesson, step: Step, lang: Lang, color: boolean): string {
  return paint(`[${step.number}/${lesson.steps.length}] ${step.id} — ${say(lang, step.title)}`, 'bold', color);
}

export function changeLine(change: StepChange, lang: Lang): string {
  const suffix = change.state === 'unchanged' ? (lang === 'ja' ? ' (実行済み)' : ' (already done)') : '';
  return `  ${CHANGE_MARK[change.state]} ${say(lang, change.note)}${suffix}`;
}

export function failureLines(lesson: Lesson, failure: StepFailure, lang: Lang, color: boolean): string[] {
  const lines = [paint(`  ✗ ${say(lang, failure.text)}`, 'red', color)];
  for (const line of evidenceTextLines(failure.evidence, lang)) lines.push(paint(line, 'gray', color));
  const problem = lesson.problems.find((p) => p.id === failure.problem);
  if (problem) {
    lines.push(lang === 'ja' ? `  よくある問題: ${say(lang, problem.title)} (${problem.id})` : `  Common problem: ${say(lang, problem.title)} (${problem.id})`);
  }
  return lines;
}

export function progressLine(event: ProgressEvent, lang: Lang): string {
  const left = event.deadline ? Math.max(0, Math.round((event.deadline - Date.now()) / 1000)) : undefined;
  const limit = left === undefined ? '' : lang === 'ja' ? ` (最大 ${left} 秒)` : ` (up to ${left} s)`;
  return `  … ${say(lang, event.phase)}${limit}`;
}
