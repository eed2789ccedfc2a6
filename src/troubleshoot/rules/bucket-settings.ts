// Not one of the three common problems, but the one a browser shows first: the bucket exists
// without the CORS rules or the policy of step 2. doctor names the setting, what it breaks, and
// offers step 2's own action (idempotent: it sets only what differs) as the fix.
import type { CheckContext } from '../../checks/context.js';
import type { CheckResult, Evidence } from '../../checks/result.js';
import { inspectBucketSettings } from '../../checks/bucket-settings.js';
import { bucketSettingsMessage, settingCommand, type WrongSetting } from '../../lesson/bucket-settings.js';
import type { Text } from '../../i18n/text.js';
import { STEP_ACTIONS } from '../../steps/index.js';
import type { Fix } from '../types.js';

export interface BucketSettingsAdvice {
  wrong: WrongSetting[];
  message: Text;
  evidence: Evidence[];
  fix: Fix;
}

export async function adviseBucketSettings(ctx: CheckContext, results: readonly CheckResult[]): Promise<BucketSettingsAdvice | undefined> {
  if (!results.some((r) => r.id === 'bucket-created' && r.status === 'fail')) return undefined;
  const settings = await inspectBucketSettings(ctx).catch(() => undefined);
  if (!settings?.exists || settings.wrong.length === 0) return undefined;
  const names = settings.wrong.map((w) => (w.setting === 'cors' ? { en: 'CORS rules', ja: 'CORS 設定' } : { en: 'bucket policy', ja: 'バケットポリシー' }));
  return {
    wrong: settings.wrong,
    message: bucketSettingsMessage(ctx.lesson, settings.wrong),
    evidence: settings.evidence,
    fix: {
      id: 'apply-bucket-settings',
      title: {
        en: `Apply the lesson's ${names.map((n) => n.en).join(' and ')} to ${ctx.lesson.resources.bucket.name} (step 2)`,
        ja: `${ctx.lesson.resources.bucket.name} にレッスンの${names.map((n) => n.ja).join('と')}を設定する (ステップ 2)`,
      },
      command: settings.wrong.map((w) => settingCommand(ctx.lesson, w.setting)).join(' && '),
      impact: 'changes',
      apply: async (fixCtx) => {
        await STEP_ACTIONS['create-bucket'](fixCtx);
        return { message: { en: 'applied the CORS rules and bucket policy of step 2', ja: 'ステップ 2 の CORS 設定とバケットポリシーを適用しました' } };
      },
    },
  };
}
