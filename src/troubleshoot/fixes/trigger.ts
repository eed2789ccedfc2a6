// Fixes for the trigger, through the step's own parts (src/steps/configure-trigger.ts): put the
// invoke permission back (remove, then add) and re-apply notification.json.
import { RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { unlessMissing } from '../../aws/errors.js';
import { ensureNotification, ensurePermission } from '../../steps/configure-trigger.js';
import { stepCall } from '../../steps/aws-call.js';
import { StepFailure } from '../../steps/context.js';
import { UserFacingError } from '../../errors.js';
import type { Lesson } from '../../lesson/index.js';
import type { Fix, FixResult } from '../types.js';
import { lessonCommand } from './lesson-commands.js';

async function asUserFacing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StepFailure) throw new UserFacingError(error.text, 1);
    throw error;
  }
}

export function readdPermissionFix(lesson: Lesson): Fix {
  const { function: fn, permission } = lesson.resources;
  return {
    id: 'readd-permission',
    title: { en: `Give S3 the permission to call ${fn.name} again (remove + add ${permission.statementId})`, ja: `S3 が ${fn.name} を呼ぶ許可を付け直す (${permission.statementId} を削除して追加)` },
    command: `awslocal lambda remove-permission --function-name ${fn.name} --statement-id ${permission.statementId}; ${lessonCommand(lesson, 'awslocal lambda add-permission')}`,
    impact: 'changes',
    apply: async (ctx): Promise<FixResult> =>
      asUserFacing(async () => {
        // Absent already is fine: the point is a clean statement afterwards.
        await stepCall(ctx, 'RemovePermission', () =>
          unlessMissing(ctx.aws.lambda.send(new RemovePermissionCommand({ FunctionName: fn.name, StatementId: permission.statementId })), 'ResourceNotFoundException'),
        );
        const change = await ensurePermission(ctx);
        return { message: change.note };
      }),
  };
}

/**
 * @param dropArns notification targets that are wrong (another function ARN): their configurations
 *   are removed first, as `put-bucket-notification-configuration file://notification.json` would.
 */
export function reapplyNotificationFix(lesson: Lesson, dropArns: string[] = []): Fix {
  const bucket = lesson.resources.bucket.name;
  return {
    id: 'reapply-notification',
    title: { en: 'Apply notification.json to the bucket again', ja: 'notification.json をバケットに設定し直す' },
    command: lessonCommand(lesson, 'awslocal s3api put-bucket-notification-configuration'),
    impact: 'changes',
    apply: async (ctx): Promise<FixResult> =>
      asUserFacing(async () => {
        if (dropArns.length > 0) {
          const current = await stepCall(ctx, 'GetBucketNotificationConfiguration', () => ctx.aws.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket })));
          await stepCall(ctx, 'PutBucketNotificationConfiguration', () =>
            ctx.aws.s3.send(new PutBucketNotificationConfigurationCommand({
              Bucket: bucket,
              NotificationConfiguration: {
                ...(current.QueueConfigurations ? { QueueConfigurations: current.QueueConfigurations } : {}),
                ...(current.TopicConfigurations ? { TopicConfigurations: current.TopicConfigurations } : {}),
                LambdaFunctionConfigurations: (current.LambdaFunctionConfigurations ?? []).filter((c) => !dropArns.includes(c.LambdaFunctionArn ?? '')),
              },
            })),
          );
        }
        const change = await ensureNotification(ctx);
        return { message: change.note };
      }),
  };
}
