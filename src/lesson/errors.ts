// A malformed lesson is an author's (or a broken install's) problem, reported so it can be fixed
// without reading code: every issue names the file, the field and what is wrong, in ja and en.
import { UserFacingError, EXIT_USAGE } from '../errors.js';
import type { Text } from '../i18n/text.js';

export interface LessonIssue {
  /** Absolute path of the file the issue is in (lesson.yaml, a JSON document, …). */
  file: string;
  /** Where in the file: a field path such as `steps[2].checks[0]`, or `line 3, column 5`. */
  field: string;
  problem: Text;
}

/** Shown before the list; more would bury the first (usually the cause of the rest). */
const MAX_LISTED = 20;

export class LessonError extends UserFacingError {
  constructor(
    readonly lessonDir: string,
    readonly issues: readonly LessonIssue[],
  ) {
    super(describeIssues(lessonDir, issues), EXIT_USAGE);
    this.name = 'LessonError';
  }
}

function describeIssues(lessonDir: string, issues: readonly LessonIssue[]): Text {
  const listed = issues.slice(0, MAX_LISTED);
  const more = issues.length - listed.length;
  const line = (issue: LessonIssue, lang: keyof Text) => `  ${issue.file}: ${issue.field}: ${issue.problem[lang]}`;
  return {
    en: [
      `The lesson in ${lessonDir} is not valid (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}):`,
      ...listed.map((issue) => line(issue, 'en')),
      ...(more > 0 ? [`  … and ${more} more`] : []),
    ].join('\n'),
    ja: [
      `${lessonDir} のレッスンに誤りがあります (${issues.length} 件):`,
      ...listed.map((issue) => line(issue, 'ja')),
      ...(more > 0 ? [`  … ほか ${more} 件`] : []),
    ].join('\n'),
  };
}

/** `['steps', 2, 'checks', 0]` → `steps[2].checks[0]`; odd keys are quoted. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** Line and column (1-based) of a character offset, for parsers that report offsets. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
