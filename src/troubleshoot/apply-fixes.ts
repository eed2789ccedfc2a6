// Applying the diagnoses' fixes in order, each once: asks before any that changes or deletes
// something (unless --yes), and reports what each did. The caller re-runs the checks.
import type { CheckContext } from '../checks/context.js';
import { failureText } from '../failures/failure-text.js';
import type { Text } from '../i18n/text.js';
import type { Diagnosis, Fix } from './types.js';

export interface AppliedFix {
  id: string;
  command: string;
  outcome: 'applied' | 'failed' | 'declined';
  message: Text;
  endpoint?: string;
}

/** The fixes of all diagnoses, in order, without repeats (two causes may share a fix). */
export function fixesInOrder(diagnoses: readonly Diagnosis[]): Fix[] {
  const seen = new Set<string>();
  const out: Fix[] = [];
  for (const fix of diagnoses.flatMap((d) => d.fixes)) {
    const key = `${fix.id} ${fix.command}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(fix);
  }
  return out;
}

export interface ApplyHooks {
  /** Asked before a fix whose impact is changes/deletes; absent means "yes" (the caller checked --yes). */
  confirm?: (fix: Fix) => Promise<boolean>;
  onApplied?: (applied: AppliedFix) => void;
  /** Called when a fix moved the lesson to another endpoint: returns the context to use from then on. */
  switchEndpoint?: (url: string) => Promise<CheckContext>;
}

export async function applyFixes(ctx: CheckContext, fixes: readonly Fix[], hooks: ApplyHooks = {}): Promise<{ applied: AppliedFix[]; ctx: CheckContext }> {
  const applied: AppliedFix[] = [];
  let current = ctx;
  for (const fix of fixes) {
    let record: AppliedFix;
    if (fix.impact !== 'none' && hooks.confirm && !(await hooks.confirm(fix))) {
      record = { id: fix.id, command: fix.command, outcome: 'declined', message: { en: 'not applied (you said no)', ja: '適用しませんでした (「いいえ」の回答)' } };
    } else {
      try {
        const result = await fix.apply(current);
        record = { id: fix.id, command: fix.command, outcome: 'applied', message: result.message, ...(result.endpoint ? { endpoint: result.endpoint } : {}) };
        if (result.endpoint && hooks.switchEndpoint) current = await hooks.switchEndpoint(result.endpoint);
      } catch (error) {
        record = { id: fix.id, command: fix.command, outcome: 'failed', message: failureText(error, { stateDir: current.stateDir }) };
      }
    }
    applied.push(record);
    hooks.onApplied?.(record);
    // A later fix that assumed this one worked would only add noise.
    if (record.outcome === 'failed') break;
  }
  return { applied, ctx: current };
}
