// Fix for uploads whose name misses the notification's suffix only by letter case (photo.JPG for
// ".jpg"): copy each to the name that passes. The copy is a new upload, so it fires the trigger;
// the original is kept.
import { CopyObjectCommand } from '@aws-sdk/client-s3';
import { stepCall } from '../../steps/aws-call.js';
import { StepFailure } from '../../steps/context.js';
import { UserFacingError } from '../../errors.js';
import type { Lesson } from '../../lesson/index.js';
import type { Fix, FixResult } from '../types.js';

/** S3 CopySource: bucket/key with the key URL-encoded but its slashes kept. */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

export function copyToMatchingKeyFix(lesson: Lesson, renames: { key: string; matching: string }[]): Fix {
  const bucket = lesson.resources.bucket.name;
  return {
    id: 'copy-to-matching-key',
    title: {
      en: `Copy ${renames.map((r) => `${r.key} to ${r.matching}`).join(', ')} so the trigger runs for it (the original is kept)`,
      ja: `${renames.map((r) => `${r.key} を ${r.matching} に`).join('、')}コピーしてトリガーを動かす (元のオブジェクトは残ります)`,
    },
    command: renames.map((r) => `awslocal s3 cp "s3://${bucket}/${r.key}" "s3://${bucket}/${r.matching}"`).join(' && '),
    impact: 'changes',
    apply: async (ctx): Promise<FixResult> => {
      try {
        for (const r of renames) {
          await stepCall(ctx, 'CopyObject', () => ctx.aws.s3.send(new CopyObjectCommand({ Bucket: bucket, Key: r.matching, CopySource: copySource(bucket, r.key) })));
        }
      } catch (error) {
        if (error instanceof StepFailure) throw new UserFacingError(error.text, 1);
        throw error;
      }
      return {
        message: {
          en: `copied ${renames.map((r) => `${r.key} → ${r.matching}`).join(', ')}; the trigger runs for the copies`,
          ja: `${renames.map((r) => `${r.key} → ${r.matching}`).join('、')} をコピーしました。コピーに対してトリガーが動きます`,
        },
      };
    },
  };
}
