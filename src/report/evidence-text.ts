// Evidence as a person reads it (doctor, run, check, the guided UI): in their language, without the
// runner's own file paths, and log excerpts cut down to the lines that say something. JSON reports
// keep the values as they were seen (evidenceIn).
import { fileURLToPath } from 'node:url';
import type { Lang } from '../config/language.js';
import { words, type Evidence } from '../checks/result.js';

/** The runner's package root (dist/report → ../..; src/report in tests → the checkout). */
const RUNNER_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');

/**
 * Lines about the runner's internals (the built-in endpoint's bootstrap in a require stack or a
 * stack trace) are dropped; any other mention of its folder is shortened. On AWS these would be
 * /var/runtime paths, which say nothing to a learner either.
 */
export function hideRunnerPaths(text: string): string {
  const lines = text.split('\n').filter((line) => !(line.includes(RUNNER_ROOT) && /^\s*(- |at )/.test(line)) && !/^\s*at .*\(node:internal\//.test(line));
  // A "Require stack:" heading left with nothing under it goes too.
  return lines
    .filter((line, i) => !(/^\s*Require stack:\s*$/.test(line) && !/^\s*- /.test(lines[i + 1] ?? '')))
    .map((line) => line.split(RUNNER_ROOT).join('…'))
    .join('\n');
}

interface LambdaError {
  errorType?: string;
  errorMessage?: string;
}

/** `{"errorType":…,"errorMessage":…,"trace":[…]}` → "Type: first line of the message". */
function errorSummary(json: string): string | undefined {
  try {
    const parsed = JSON.parse(json) as LambdaError;
    if (typeof parsed !== 'object' || parsed === null || (!parsed.errorType && !parsed.errorMessage)) return undefined;
    return `${parsed.errorType ?? 'Error'}: ${(parsed.errorMessage ?? '').split('\n')[0]}`.trim();
  } catch {
    // Cut short (payloads are kept to a few hundred characters): read the two fields directly.
    const cut = /^\{"errorType":"([^"]*)","errorMessage":"((?:[^"\\]|\\.)*)"/.exec(json);
    if (!cut) return undefined;
    const message = JSON.parse(`"${cut[2]}"`) as string;
    return `${cut[1]}: ${message.split('\n')[0]}`.trim();
  }
}

/**
 * A Lambda (or container) log tail cut to the lines that matter: the function's own output and its
 * errors, each error once. START/END/REPORT/INIT lines go (unless a run timed out), timestamps and
 * request ids go, an error object becomes its type and first message line, repeats are counted.
 */
export function trimLog(text: string): string {
  const kept: string[] = [];
  const counts = new Map<string, number>();
  for (const raw of hideRunnerPaths(text).split('\n')) {
    let line = raw.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z\t[^\t]*\t/, '').replace(/[\t ]+/g, ' ').trimEnd();
    if (!line.trim()) continue;
    if (/^(START|END) RequestId:|^INIT_START /.test(line)) continue;
    if (/^(INIT_)?REPORT /.test(line) && !/Status: timeout/.test(line)) continue;
    line = line.replace(/\{"errorType".*\}\s*$/, (json) => errorSummary(json) ?? json);
    line = line.replace(/ RequestId: [0-9a-f-]{36}/, '');
    if (counts.has(line)) counts.set(line, (counts.get(line) ?? 1) + 1);
    else {
      counts.set(line, 1);
      kept.push(line);
    }
  }
  return kept.map((line) => ((counts.get(line) ?? 1) > 1 ? `${line} (×${counts.get(line)})` : line)).join('\n');
}

/** The value to show: translated, runner paths hidden, logs trimmed, a Lambda error object summarised. */
export function evidenceValue(lang: Lang, evidence: Evidence, whole = false): string {
  const value = words(lang, evidence.value);
  if (evidence.log) return whole ? hideRunnerPaths(value) : trimLog(value) || value;
  return errorSummary(value.trim()) ?? hideRunnerPaths(value);
}

/** "label: value" lines, continuation lines indented under the first. */
export function evidenceTextLines(items: readonly Evidence[], lang: Lang, indent = '    '): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const [first, ...rest] = evidenceValue(lang, item).split('\n');
    lines.push(`${indent}${words(lang, item.label)}: ${first}`);
    for (const line of rest) lines.push(`${indent}  ${line}`);
  }
  return lines;
}

/** Two pieces of evidence say the same thing (the same label and value). */
export function evidenceKey(evidence: Evidence): string {
  return `${words('en', evidence.label)}\u0000${words('en', evidence.value)}`;
}
