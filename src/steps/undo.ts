// Removing what a step made, for `reset --resources`: each step's undo says what it will delete
// (so the command can ask first) and then deletes it, tolerating things already gone.
import { existsSync } from 'node:fs';
import {
  DeleteBucketCommand, DeleteObjectsCommand, GetBucketNotificationConfigurationCommand, HeadBucketCommand,
  ListObjectsV2Command, PutBucketNotificationConfigurationCommand, DeleteObjectCommand,
} from '@aws-sdk/client-s3';
import { DeleteFunctionCommand, GetFunctionCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { DeleteRoleCommand, DetachRolePolicyCommand, GetRoleCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import type { ActionId } from '../lesson/ids.js';
import type { Text } from '../i18n/text.js';
import { unlessMissing } from '../aws/errors.js';
import { readFunctionPolicy } from '../aws/function-policy.js';
import { zipPathOf } from './build-function.js';
import { removeWritten } from './package-digests.js';
import { outputKeyFor } from './verify-output.js';
import { stepCall } from './aws-call.js';
import type { StepContext } from './context.js';

export interface UndoPlan {
  /** What will be deleted, for the question asked before. Empty when there is nothing to undo. */
  describe: Text[];
  apply(): Promise<void>;
}

type Undo = (ctx: StepContext) => Promise<UndoPlan>;

const nothing: UndoPlan = { describe: [], apply: async () => {} };

const UNDO: Record<ActionId, Undo> = {
  'verify-endpoint': async () => nothing,

  'create-bucket': async (ctx) => {
    const bucket = ctx.lesson.resources.bucket.name;
    const exists = await stepCall(ctx, 'HeadBucket', () => unlessMissing(ctx.aws.s3.send(new HeadBucketCommand({ Bucket: bucket })), 'NotFound', 'NoSuchBucket'));
    if (!exists) return nothing;
    return {
      describe: [{ en: `bucket ${bucket} and every object in it`, ja: `バケット ${bucket} と中のすべてのオブジェクト` }],
      apply: async () => {
        for (;;) {
          const page = await ctx.aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1000 }));
          const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key as string }));
          if (keys.length === 0) break;
          await ctx.aws.s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
        }
        await ctx.aws.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
      },
    };
  },

  'build-function': async (ctx) => {
    const zip = zipPathOf(ctx);
    if (!existsSync(zip)) return nothing;
    return { describe: [{ en: `the built package ${zip}`, ja: `ビルド済みパッケージ ${zip}` }], apply: async () => removeWritten(zip) };
  },

  'deploy-function': async (ctx) => {
    const { function: fn, role } = ctx.lesson.resources;
    const describe: Text[] = [];
    const hasFunction = await stepCall(ctx, 'GetFunction', () => unlessMissing(ctx.aws.lambda.send(new GetFunctionCommand({ FunctionName: fn.name })), 'ResourceNotFoundException'));
    const hasRole = await stepCall(ctx, 'GetRole', () => unlessMissing(ctx.aws.iam.send(new GetRoleCommand({ RoleName: role.name })), 'NoSuchEntityException', 'NoSuchEntity'));
    if (hasFunction) describe.push({ en: `function ${fn.name}`, ja: `関数 ${fn.name}` });
    if (hasRole) describe.push({ en: `role ${role.name} (its policies detached)`, ja: `ロール ${role.name} (ポリシーはデタッチ)` });
    return {
      describe,
      apply: async () => {
        if (hasFunction) await ctx.aws.lambda.send(new DeleteFunctionCommand({ FunctionName: fn.name }));
        if (hasRole) {
          const attached = await ctx.aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role.name }));
          for (const policy of attached.AttachedPolicies ?? []) {
            await ctx.aws.iam.send(new DetachRolePolicyCommand({ RoleName: role.name, PolicyArn: policy.PolicyArn }));
          }
          await ctx.aws.iam.send(new DeleteRoleCommand({ RoleName: role.name }));
        }
      },
    };
  },

  'invoke-function': async (ctx) => {
    const bucket = ctx.lesson.resources.bucket.name;
    const key = ctx.lesson.resources.invokeEvent.value.Records[0].s3.object.key;
    const exists = await stepCall(ctx, 'HeadBucket', () => unlessMissing(ctx.aws.s3.send(new HeadBucketCommand({ Bucket: bucket })), 'NotFound', 'NoSuchBucket'));
    if (!exists) return nothing;
    const keys = [key, outputKeyFor(ctx.lesson, key)];
    return {
      describe: [{ en: `test objects ${keys.join(', ')}`, ja: `テスト用オブジェクト ${keys.join('、')}` }],
      apply: async () => {
        for (const k of keys) await ctx.aws.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: k }));
      },
    };
  },

  'configure-trigger': async (ctx) => {
    const { bucket, function: fn, permission, notification } = ctx.lesson.resources;
    const describe: Text[] = [];
    const hasBucket = await stepCall(ctx, 'HeadBucket', () => unlessMissing(ctx.aws.s3.send(new HeadBucketCommand({ Bucket: bucket.name })), 'NotFound', 'NoSuchBucket'));
    const wantedArns = new Set(notification.value.LambdaFunctionConfigurations.map((c) => c.LambdaFunctionArn));
    const current = hasBucket ? await ctx.aws.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket.name })) : undefined;
    const ours = (current?.LambdaFunctionConfigurations ?? []).filter((c) => wantedArns.has(c.LambdaFunctionArn ?? ''));
    const { statements } = await stepCall(ctx, 'GetPolicy', () => readFunctionPolicy(ctx.aws.lambda, fn.name));
    const hasStatement = statements.some((s) => s.Sid === permission.statementId);
    if (ours.length > 0) describe.push({ en: `the notification of ${bucket.name} that calls ${fn.name}`, ja: `${fn.name} を呼ぶ ${bucket.name} のイベント通知` });
    if (hasStatement) describe.push({ en: `permission ${permission.statementId} of ${fn.name}`, ja: `${fn.name} の権限 ${permission.statementId}` });
    return {
      describe,
      apply: async () => {
        if (current && ours.length > 0) {
          await ctx.aws.s3.send(new PutBucketNotificationConfigurationCommand({
            Bucket: bucket.name,
            NotificationConfiguration: {
              ...(current.QueueConfigurations ? { QueueConfigurations: current.QueueConfigurations } : {}),
              ...(current.TopicConfigurations ? { TopicConfigurations: current.TopicConfigurations } : {}),
              LambdaFunctionConfigurations: (current.LambdaFunctionConfigurations ?? []).filter((c) => !wantedArns.has(c.LambdaFunctionArn ?? '')),
            },
          }));
        }
        if (hasStatement) await ctx.aws.lambda.send(new RemovePermissionCommand({ FunctionName: fn.name, StatementId: permission.statementId }));
      },
    };
  },
};

export function planUndo(ctx: StepContext, action: ActionId): Promise<UndoPlan> {
  return UNDO[action](ctx);
}
