// Checks that need the whole lesson: ids referenced from one place exist in another, numbers and
// ids are unique, and the ids are ones the runner's code implements. Pure: no files are read here.
import type { Text } from '../i18n/text.js';
import type { LessonIssue } from './errors.js';
import { ACTION_IDS, CHECK_IDS, PREFLIGHT_IDS, PROBLEM_IDS } from './ids.js';
import type { LessonFileData } from './schema.js';

type Report = (field: string, problem: Text) => void;

export function crossCheckLesson(file: string, data: LessonFileData): LessonIssue[] {
  const issues: LessonIssue[] = [];
  const report: Report = (field, problem) => issues.push({ file, field, problem });

  uniqueIds(report, 'steps', data.steps.map((step) => step.id), 'step');
  uniqueIds(report, 'checks', data.checks.map((check) => check.id), 'check');
  uniqueIds(report, 'problems', data.problems.map((problem) => problem.id), 'problem');
  uniqueIds(report, 'preflight', data.preflight.map((entry) => entry.id), 'preflight');
  uniqueIds(report, 'files', data.files.map((entry) => entry.name), 'file', 'name');
  data.problems.forEach((problem, index) =>
    uniqueIds(report, `problems[${index}].causes`, problem.causes.map((cause) => cause.id), 'cause'),
  );
  stepNumbers(report, data.steps.map((step) => step.number));

  // Ids the code implements: anything else would be a check, action or probe that does nothing.
  data.checks.forEach((check, index) => implemented(report, `checks[${index}].id`, check.id, CHECK_IDS, 'check'));
  data.problems.forEach((problem, index) => implemented(report, `problems[${index}].id`, problem.id, PROBLEM_IDS, 'problem'));
  data.preflight.forEach((entry, index) => implemented(report, `preflight[${index}].id`, entry.id, PREFLIGHT_IDS, 'preflight'));
  data.steps.forEach((step, index) => implemented(report, `steps[${index}].action`, step.action, ACTION_IDS, 'action'));

  // References inside the lesson.
  const checkIds = data.checks.map((check) => check.id);
  const problemIds = data.problems.map((problem) => problem.id);
  const fileNames = data.files.map((entry) => entry.name);
  data.steps.forEach((step, index) => {
    references(report, `steps[${index}].checks`, step.checks, checkIds, 'check');
    references(report, `steps[${index}].problems`, step.problems, problemIds, 'problem');
    step.commands.forEach((command, commandIndex) => {
      for (const name of fileArguments(command.run)) {
        if (!fileNames.includes(name)) {
          report(`steps[${index}].commands[${commandIndex}].run`, unknownId('file', name, fileNames));
        }
      }
    });
  });
  data.checks.forEach((check, index) => references(report, `checks[${index}].problems`, check.problems, problemIds, 'problem'));

  const resources = data.resources;
  const fileFields: Array<[string, string]> = [
    ['resources.bucket.cors', resources.bucket.cors],
    ['resources.bucket.policy', resources.bucket.policy],
    ['resources.role.trustPolicy', resources.role.trustPolicy],
    ['resources.notification', resources.notification],
    ['resources.invokeEvent', resources.invokeEvent],
  ];
  for (const [field, name] of fileFields) {
    if (!fileNames.includes(name)) report(field, unknownId('file', name, fileNames));
  }
  return issues;
}

/** `file://cors.json` in a command names a lesson file; `fileb://` (binary, built by a step) does not. */
export function fileArguments(command: string): string[] {
  return [...command.matchAll(/(?:^|[\s=])file:\/\/(?:\.\/)?([^\s'"]+)/g)].map((match) => match[1]);
}

const KIND_NAMES: Record<string, Text> = {
  step: { en: 'step id', ja: 'ステップ ID' },
  check: { en: 'check id', ja: '確認ポイントの ID' },
  problem: { en: 'problem id', ja: 'よくある問題の ID' },
  preflight: { en: 'preflight id', ja: '準備項目の ID' },
  action: { en: 'action id', ja: 'アクション ID' },
  cause: { en: 'cause id', ja: '原因の ID' },
  file: { en: 'file', ja: 'ファイル' },
};

export function unknownId(kind: string, value: string, known: readonly string[]): Text {
  const name = KIND_NAMES[kind] ?? { en: kind, ja: kind };
  const list = known.length > 0 ? known.join(', ') : '—';
  return {
    en: `unknown ${name.en} '${value}' (known: ${list})`,
    ja: `${name.ja} '${value}' はありません (使えるもの: ${list})`,
  };
}

function references(report: Report, field: string, values: readonly string[], known: readonly string[], kind: string): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (!known.includes(value)) report(`${field}[${index}]`, unknownId(kind, value, known));
    else if (seen.has(value)) {
      report(`${field}[${index}]`, { en: `'${value}' is listed twice`, ja: `'${value}' が 2 回書かれています` });
    }
    seen.add(value);
  });
}

function implemented(report: Report, field: string, value: string, known: readonly string[], kind: string): void {
  if (known.includes(value)) return;
  const text = unknownId(kind, value, known);
  report(field, {
    en: `${text.en}: the runner implements only these`,
    ja: `${text.ja}。ランナーが対応しているのはこれだけです`,
  });
}

function uniqueIds(report: Report, listField: string, ids: readonly string[], kind: string, key = 'id'): void {
  const firstIndex = new Map<string, number>();
  ids.forEach((id, index) => {
    const first = firstIndex.get(id);
    if (first === undefined) {
      firstIndex.set(id, index);
      return;
    }
    const name = KIND_NAMES[kind] ?? { en: kind, ja: kind };
    report(`${listField}[${index}].${key}`, {
      en: `duplicate ${name.en} '${id}' (also used by ${listField}[${first}])`,
      ja: `${name.ja} '${id}' が重複しています (${listField}[${first}] と同じ)`,
    });
  });
}

/** Step numbers are 1..n, each once: `--step 3` must mean one step. */
function stepNumbers(report: Report, numbers: readonly number[]): void {
  const firstIndex = new Map<number, number>();
  numbers.forEach((number, index) => {
    const first = firstIndex.get(number);
    if (first !== undefined) {
      report(`steps[${index}].number`, {
        en: `duplicate step number ${number} (also used by steps[${first}])`,
        ja: `ステップ番号 ${number} が重複しています (steps[${first}] と同じ)`,
      });
      return;
    }
    firstIndex.set(number, index);
    if (number > numbers.length) {
      report(`steps[${index}].number`, {
        en: `step number ${number} is out of range: with ${numbers.length} steps the numbers are 1 to ${numbers.length}`,
        ja: `ステップ番号 ${number} は範囲外です。ステップが ${numbers.length} 個なら番号は 1 から ${numbers.length} です`,
      });
    }
  });
}
