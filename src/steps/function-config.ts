// The lesson's configuration of its function against what is deployed: one comparison that step 4
// ("do it for me"), the troubleshooter's diagnoses and its fix all use, so they converge the same
// way and show the same command — `update-function-configuration` with only the differing flags.
import type { FunctionConfiguration, Runtime, UpdateFunctionConfigurationCommandInput } from '@aws-sdk/client-lambda';
import type { Lesson } from '../lesson/index.js';
import type { Text } from '../i18n/text.js';

export type ConfigField = 'Runtime' | 'Handler' | 'Role' | 'Timeout' | 'MemorySize' | 'Environment';

export interface ConfigDrift {
  field: ConfigField;
  /** For Environment: the variable. */
  key?: string;
  /** As deployed; undefined when not set. */
  current?: string;
  /** The lesson's value; undefined when the variable is to be removed. */
  wanted?: string;
}

export interface DesiredConfiguration {
  Runtime: Runtime;
  Handler: string;
  Role: string;
  Timeout: number;
  MemorySize: number;
  Environment: { Variables: Record<string, string> };
}

export interface ConfigPlan {
  drifts: ConfigDrift[];
  /** UpdateFunctionConfiguration input holding only the differing fields. */
  update: UpdateFunctionConfigurationCommandInput;
  /** The same as a command a learner can type. */
  command: string;
}

/**
 * What the lesson sets: runtime, handler, role, timeout, memory and the environment its
 * create-function command gives (which replaces every variable). Variables the lesson invites
 * the learner to set themselves (MAX_WIDTH) are kept from `current`; any other is removed.
 */
export function desiredConfiguration(lesson: Lesson, current?: FunctionConfiguration): DesiredConfiguration {
  const fn = lesson.resources.function;
  const own = current?.Environment?.Variables ?? {};
  const learnerSet = Object.fromEntries(lessonTunables(lesson).filter((k) => own[k] !== undefined).map((k) => [k, own[k]]));
  return {
    Runtime: fn.runtime as Runtime,
    Handler: fn.handler,
    Role: lesson.resources.role.arn,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    Environment: { Variables: { ...fn.environment, ...learnerSet } },
  };
}

/** Variables the lesson's text tells the learner they may set (the output width cap). */
function lessonTunables(lesson: Lesson): string[] {
  return [lesson.resources.output.maxWidth.env];
}

export function planConfiguration(lesson: Lesson, current: FunctionConfiguration): ConfigPlan {
  const wanted = desiredConfiguration(lesson, current);
  const drifts: ConfigDrift[] = [];
  const update: UpdateFunctionConfigurationCommandInput = { FunctionName: lesson.resources.function.name };
  const flags: string[] = [];
  const scalar = <K extends 'Runtime' | 'Handler' | 'Role' | 'Timeout' | 'MemorySize'>(field: K, flag: string) => {
    const have = current[field];
    if (have === wanted[field]) return;
    drifts.push({ field, ...(have !== undefined ? { current: String(have) } : {}), wanted: String(wanted[field]) });
    Object.assign(update, { [field]: wanted[field] });
    flags.push(`${flag} ${wanted[field]}`);
  };
  scalar('Runtime', '--runtime');
  scalar('Handler', '--handler');
  scalar('Role', '--role');
  scalar('Timeout', '--timeout');
  scalar('MemorySize', '--memory-size');

  const have = current.Environment?.Variables ?? {};
  const want = wanted.Environment.Variables;
  for (const [key, value] of Object.entries(want)) {
    if (have[key] !== value) drifts.push({ field: 'Environment', key, ...(have[key] !== undefined ? { current: have[key] } : {}), wanted: value });
  }
  for (const [key, value] of Object.entries(have)) {
    if (!(key in want)) drifts.push({ field: 'Environment', key, current: value });
  }
  if (drifts.some((d) => d.field === 'Environment')) {
    update.Environment = { Variables: want };
    // --environment replaces every variable, so the flag lists all that remain.
    flags.push(`--environment "Variables={${Object.entries(want).map(([k, v]) => `${k}=${v}`).join(',')}}"`);
  }
  return { drifts, update, command: `awslocal lambda update-function-configuration --function-name ${update.FunctionName} ${flags.join(' ')}`.trimEnd() };
}

/** One drift for people: `Timeout 3 → 30`, `BUCKET_NAME=other → product-images`, `DEBUG=1 removed`. */
export function describeDrift(drift: ConfigDrift): Text {
  if (drift.field === 'Environment') {
    if (drift.wanted === undefined) return { en: `${drift.key}=${drift.current} removed`, ja: `${drift.key}=${drift.current} を削除` };
    if (drift.current === undefined) return { en: `${drift.key} not set → ${drift.wanted}`, ja: `${drift.key} 未設定 → ${drift.wanted}` };
    return { en: `${drift.key}=${drift.current} → ${drift.wanted}`, ja: `${drift.key}=${drift.current} → ${drift.wanted}` };
  }
  const unit = drift.field === 'Timeout' ? ' s' : drift.field === 'MemorySize' ? ' MB' : '';
  const current = drift.current === undefined ? '(not set)' : `${drift.current}${unit}`;
  return { en: `${drift.field} ${current} → ${drift.wanted}${unit}`, ja: `${drift.field} ${drift.current === undefined ? '(未設定)' : `${drift.current}${unit}`} → ${drift.wanted}${unit}` };
}

export function describeDrifts(drifts: readonly ConfigDrift[]): Text {
  const each = drifts.map(describeDrift);
  return { en: each.map((t) => t.en).join(', '), ja: each.map((t) => t.ja).join('、') };
}
