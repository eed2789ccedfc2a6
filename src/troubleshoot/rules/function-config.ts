// lambda-not-executing, in the function's configuration: everything the lesson sets (runtime,
// handler, role, timeout, memory, environment) compared by the plan step 4 uses as well
// (steps/function-config.ts). Each diagnosis carries the same fix: set back exactly what differs.
import { GetFunctionConfigurationCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { unlessMissing } from '../../aws/errors.js';
import type { CheckContext } from '../../checks/context.js';
import type { Lesson } from '../../lesson/index.js';
import type { Evidence } from '../../checks/result.js';
import { describeDrifts, planConfiguration, type ConfigDrift, type ConfigPlan } from '../../steps/function-config.js';
import { restoreConfigurationFix } from '../fixes/function.js';
import { diagnosis } from '../diagnosis.js';
import type { Diagnosis, Fix } from '../types.js';

export interface ConfigFindings {
  plan: ConfigPlan;
  /** The fix for every configuration diagnosis (empty when nothing differs). */
  restore: Fix[];
  /** Diagnoses naming a drift that explains a failure by itself (runtime, the lesson's variables). */
  specific: Diagnosis[];
  /** Drifts not named by `specific` (nor, later, by a timeout or handler diagnosis). */
  rest: ConfigDrift[];
}

export function configFindings(lesson: Lesson, c: FunctionConfiguration, evidence: Evidence[], checks: string[]): ConfigFindings {
  const fn = lesson.resources.function;
  const plan = planConfiguration(lesson, c);
  const restore = plan.drifts.length > 0 ? [restoreConfigurationFix(lesson, plan)] : [];
  const specific: Diagnosis[] = [];
  const named = new Set<ConfigDrift>();

  const runtime = plan.drifts.find((d) => d.field === 'Runtime');
  if (runtime) {
    named.add(runtime);
    specific.push(diagnosis('lambda-not-executing', 'wrong-runtime', {
      en: `${fn.name} runs on ${c.Runtime ?? '(no runtime)'}, but the lesson's function is written for ${fn.runtime}.${c.Runtime === 'go1.x' ? ' go1.x is retired: AWS no longer runs it.' : ''}`,
      ja: `${fn.name} のランタイムは ${c.Runtime ?? '(なし)'} ですが、レッスンの関数は ${fn.runtime} 用です。${c.Runtime === 'go1.x' ? 'go1.x は廃止済みで、AWS ではもう動きません。' : ''}`,
    }, evidence, restore, checks));
  }

  const lessonVars = plan.drifts.filter((d) => d.field === 'Environment' && d.key !== undefined && d.key in fn.environment);
  if (lessonVars.length > 0) {
    lessonVars.forEach((d) => named.add(d));
    specific.push(diagnosis('lambda-not-executing', 'wrong-bucket-env', {
      en: `${lessonVars.map((d) => `${d.key} is ${d.current === undefined ? 'not set' : `"${d.current}"`} (lesson: "${d.wanted}")`).join(', ')}: the function writes its output to the bucket this names.`,
      ja: `${lessonVars.map((d) => `${d.key} が ${d.current === undefined ? '未設定' : `"${d.current}"`} です (レッスン: "${d.wanted}")`).join('、')}。関数はこのバケットに出力を書き込みます。`,
    }, evidence, restore, checks));
  }
  return { plan, restore, specific, rest: plan.drifts.filter((d) => !named.has(d)) };
}

/** The drifts nothing else explained: still the lesson's settings, so still set back. */
export function configurationDiffers(lesson: Lesson, drifts: readonly ConfigDrift[], evidence: Evidence[], restore: Fix[], checks: string[]): Diagnosis[] {
  if (drifts.length === 0) return [];
  const fn = lesson.resources.function;
  const what = describeDrifts(drifts);
  return [diagnosis('lambda-not-executing', 'configuration-differs', {
    en: `${fn.name}'s configuration differs from the lesson's: ${what.en}. The lesson's values are what its checks and timings assume (sharp needs the memory and time on a cold start).`,
    ja: `${fn.name} の設定がレッスンと違います: ${what.ja}。レッスンの確認や所要時間はレッスンの値を前提にしています (sharp の初回起動にはそのメモリと時間が必要です)。`,
  }, evidence, restore, checks)];
}

/**
 * The configuration alone, when no check failed for the function: a setting changed by hand (less
 * memory, another role) may not break the checks' small test image, but it is still not the lesson's.
 */
export async function diagnoseConfiguration(ctx: CheckContext): Promise<Diagnosis[]> {
  const lesson = ctx.lesson;
  const name = lesson.resources.function.name;
  const c = await unlessMissing(ctx.aws.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name })), 'ResourceNotFoundException');
  if (!c) return [];
  const evidence: Evidence[] = [{
    label: 'GetFunctionConfiguration',
    value: `Runtime=${c.Runtime} Handler=${c.Handler} Role=${c.Role} Timeout=${c.Timeout} MemorySize=${c.MemorySize} Environment=${Object.entries(c.Environment?.Variables ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '(none)'}`,
  }];
  const checks = ['function-deployed'];
  const found = configFindings(lesson, c, evidence, checks);
  return [...found.specific, ...configurationDiffers(lesson, found.rest, evidence, found.restore, checks)];
}
