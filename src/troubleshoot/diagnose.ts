// From the checklist's results to diagnoses. Only `fail` results are diagnosed: a check that could
// not run (`error`) says nothing about the learner's setup, so it never leads to a diagnosis.
// The one exception is built in: an endpoint that does not answer is check 1's own FAIL.
import type { CheckContext } from '../checks/context.js';
import type { CheckResult } from '../checks/result.js';
import { resolveOptions, type DiagnoseOptions } from './options.js';
import { diagnoseEndpoint } from './rules/endpoint.js';
import { diagnoseFunction } from './rules/function.js';
import { diagnoseTrigger } from './rules/trigger.js';
import { diagnoseFilteredUploads } from './rules/uploads.js';
import { diagnoseConfiguration } from './rules/function-config.js';
import { probeTrigger } from './probes/trigger.js';
import type { Diagnosis } from './types.js';

const FUNCTION_CHECKS = new Set(['function-deployed', 'function-invocable', 'processed-saved']);

export async function diagnose(ctx: CheckContext, results: CheckResult[], options: DiagnoseOptions = {}): Promise<Diagnosis[]> {
  const resolved = resolveOptions(ctx.cwd, options);
  const failed = results.filter((r) => r.status === 'fail');
  const endpoint = failed.find((r) => r.id === 'localstack-running');
  // The endpoint comes first: nothing else can be told apart while it is broken.
  if (endpoint) return guarded(() => diagnoseEndpoint(ctx, endpoint, resolved));

  const found: Diagnosis[] = [];
  const functionChecks = failed.filter((r) => FUNCTION_CHECKS.has(r.id));
  if (functionChecks.length > 0) {
    found.push(...(await guarded(() => diagnoseFunction(ctx, { checks: functionChecks.map((r) => r.id), invocable: functionChecks.find((r) => r.id === 'function-invocable') }, resolved))));
  }
  if (failed.some((r) => r.id === 'trigger-fires')) found.push(...(await guarded(() => diagnoseTrigger(ctx, resolved))));
  else if (reachable(results)) {
    // The checks pass with their own well-named upload; the learner's may still have been filtered out.
    found.push(...(await guarded(async () => {
      const filtered = await diagnoseFilteredUploads(ctx, await probeTrigger(ctx));
      return filtered ? [filtered] : [];
    })));
  }
  // The function's configuration, even when its checks pass (a hand-made change the small test image does not show).
  if (reachable(results) && !found.some((d) => d.problem === 'lambda-not-executing')) found.push(...(await guarded(() => diagnoseConfiguration(ctx))));
  return merge(found);
}

/** The endpoint answered: the learner's uploads can be looked at (a missing bucket ends the probe quietly). */
function reachable(results: CheckResult[]): boolean {
  return results.find((r) => r.id === 'localstack-running')?.status === 'pass';
}

/**
 * A probe that cannot finish (the endpoint went away, the bucket is gone) yields no diagnosis
 * rather than a wrong one; the checks already say what they saw.
 */
async function guarded(work: () => Promise<Diagnosis[]>): Promise<Diagnosis[]> {
  try {
    return await work();
  } catch {
    return [];
  }
}

/** One diagnosis per problem and cause; the checks it explains are joined. */
function merge(diagnoses: Diagnosis[]): Diagnosis[] {
  const out: Diagnosis[] = [];
  for (const d of diagnoses) {
    const same = out.find((o) => o.problem === d.problem && o.cause === d.cause);
    if (same) same.checks = [...new Set([...same.checks, ...d.checks])];
    else out.push({ ...d, checks: [...d.checks] });
  }
  return out;
}
