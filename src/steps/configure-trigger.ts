// Step 6: let S3 invoke the function (the `s3-trigger` permission), point the bucket's
// notification at it, then upload a new JPEG and wait — polling, with a deadline — for its
// processed copy, reporting how long the trigger took.
import {
  GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, type LambdaFunctionConfiguration,
} from '@aws-sdk/client-s3';
import { AddPermissionCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { randomUUID } from 'node:crypto';
import { findMatchingNotification, describeNotification } from '../aws/compare.js';
import { grantingStatement, readFunctionPolicy } from '../aws/function-policy.js';
import { makeTestJpeg, waitForObject } from '../aws/objects.js';
import { stepCall } from './aws-call.js';
import { onObjectCreated } from './wake-ups.js';
import { StepFailure, type StepAction, type StepChange, type StepContext } from './context.js';
import { inspectOutput, outputKeyFor } from './verify-output.js';
import { deleteQuietly } from './invoke-function.js';
import { LABEL } from '../checks/evidence-labels.js';

/** How long the trigger step waits for the processed copy. */
export const TRIGGER_DEADLINE_MS = 60_000;

export const configureTrigger: StepAction = async (ctx) => {
  const changes = [await ensurePermission(ctx), await ensureNotification(ctx)];
  const testKey = ctx.scratchPrefix ? `${ctx.scratchPrefix}${randomUUID()}.jpg` : `trigger-test-${Date.now()}.jpg`;
  let result;
  try {
    result = await uploadAndWait(ctx, testKey);
  } finally {
    if (ctx.scratchPrefix) await deleteQuietly(ctx, [testKey, outputKeyFor(ctx.lesson, testKey)]);
  }
  const { latencyMs, key, width } = result;
  changes.push({
    resource: outputKeyFor(ctx.lesson, key),
    state: 'created',
    note: {
      en: `uploaded ${key}; S3 ran the function and its ${width} px copy appeared after ${Math.round(latencyMs)} ms`,
      ja: `${key} をアップロードしました。S3 が関数を起動し、幅 ${width} px のコピーが ${Math.round(latencyMs)} ms 後に現れました`,
    },
  });
  return { changes, details: { triggerLatencyMs: Math.round(latencyMs) } };
};

export async function ensurePermission(ctx: StepContext): Promise<StepChange> {
  const { function: fn, permission } = ctx.lesson.resources;
  const lambda = ctx.aws.lambda;
  const { statements } = await stepCall(ctx, 'GetPolicy', () => readFunctionPolicy(lambda, fn.name));
  if (grantingStatement(statements, permission.principal, permission.sourceArn)) {
    return { resource: permission.statementId, state: 'unchanged', note: { en: `permission ${permission.statementId} already lets S3 invoke ${fn.name}`, ja: `権限 ${permission.statementId} はすでに S3 からの ${fn.name} 呼び出しを許可しています` } };
  }
  const sameSid = statements.some((s) => s.Sid === permission.statementId);
  if (sameSid) {
    // A statement with this id but another principal or source: replace it (AddPermission would answer 409).
    await stepCall(ctx, 'RemovePermission', () => lambda.send(new RemovePermissionCommand({ FunctionName: fn.name, StatementId: permission.statementId })));
  }
  await stepCall(ctx, 'AddPermission', () =>
    lambda.send(new AddPermissionCommand({
      FunctionName: fn.name, StatementId: permission.statementId, Action: permission.action, Principal: permission.principal, SourceArn: permission.sourceArn,
    })),
  );
  return {
    resource: permission.statementId,
    state: sameSid ? 'updated' : 'created',
    note: sameSid
      ? { en: `replaced permission ${permission.statementId} (it did not match ${permission.sourceArn})`, ja: `権限 ${permission.statementId} を置き換えました (${permission.sourceArn} と一致していませんでした)` }
      : { en: `allowed ${permission.principal} to invoke ${fn.name} from ${permission.sourceArn}`, ja: `${permission.sourceArn} からの ${fn.name} 呼び出しを ${permission.principal} に許可しました` },
  };
}

export async function ensureNotification(ctx: StepContext): Promise<StepChange> {
  const bucket = ctx.lesson.resources.bucket.name;
  const wanted = ctx.lesson.resources.notification.value;
  const s3 = ctx.aws.s3;
  const current = await stepCall(ctx, 'GetBucketNotificationConfiguration', () => s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket })));
  const missing = wanted.LambdaFunctionConfigurations.filter((w) => !findMatchingNotification(current.LambdaFunctionConfigurations, w));
  if (missing.length === 0) {
    return { resource: `${bucket} notification`, state: 'unchanged', note: { en: 'notification already as in notification.json', ja: 'イベント通知はすでに notification.json のとおりです' } };
  }
  // Keep configurations for other targets; replace those for the lesson's functions.
  const wantedArns = new Set(wanted.LambdaFunctionConfigurations.map((w) => w.LambdaFunctionArn));
  const others = (current.LambdaFunctionConfigurations ?? []).filter((c) => !wantedArns.has(c.LambdaFunctionArn ?? ''));
  await stepCall(ctx, 'PutBucketNotificationConfiguration', () =>
    s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        ...(current.QueueConfigurations ? { QueueConfigurations: current.QueueConfigurations } : {}),
        ...(current.TopicConfigurations ? { TopicConfigurations: current.TopicConfigurations } : {}),
        // The lesson's event names were validated as S3 event names when the lesson loaded.
        LambdaFunctionConfigurations: [...others, ...(wanted.LambdaFunctionConfigurations as LambdaFunctionConfiguration[])],
      },
    })),
  );
  const had = (current.LambdaFunctionConfigurations ?? []).length > others.length;
  return {
    resource: `${bucket} notification`,
    state: had ? 'updated' : 'created',
    note: { en: `notification set: ${missing.map(describeNotification).join('; ')}`, ja: `イベント通知を設定しました: ${missing.map(describeNotification).join('; ')}` },
  };
}

/** Uploads a new JPEG at `key` and waits for the trigger's processed copy. */
export async function uploadAndWait(ctx: StepContext, key: string, deadlineMs = TRIGGER_DEADLINE_MS): Promise<{ key: string; latencyMs: number; width: number }> {
  const bucket = ctx.lesson.resources.bucket.name;
  const outputKey = outputKeyFor(ctx.lesson, key);
  const image = await makeTestJpeg();
  await stepCall(ctx, 'PutObject', () => ctx.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: image, ContentType: 'image/jpeg' })));
  const uploaded = performance.now();
  const deadline = Date.now() + deadlineMs;
  ctx.onProgress?.({ phase: { en: `waiting for ${outputKey}`, ja: `${outputKey} ができるのを待っています` }, deadline });
  const seen = await stepCall(ctx, 'HeadObject', () => waitForObject(ctx.aws.s3, bucket, outputKey, { deadline, since: uploaded, wakeUp: onObjectCreated(ctx, bucket, outputKey) }));
  if (!seen) {
    throw new StepFailure(
      {
        en: `Uploaded ${key}, but no ${outputKey} appeared within ${deadlineMs / 1000} s: the trigger did not run the function, or the function failed.`,
        ja: `${key} をアップロードしましたが、${deadlineMs / 1000} 秒以内に ${outputKey} ができませんでした。トリガーが関数を起動していないか、関数が失敗しています。`,
      },
      'trigger-not-firing',
      [{ label: LABEL.waitedFor, value: `s3://${bucket}/${outputKey}` }],
    );
  }
  const inspection = await stepCall(ctx, 'GetObject', () => inspectOutput(ctx.aws, ctx.lesson, outputKey, { width: 1600, format: 'jpeg' }));
  if (inspection.problems.length > 0) {
    throw new StepFailure(
      { en: `The trigger ran, but ${inspection.problems.map((p) => p.en).join('; ')}`, ja: `トリガーは動きましたが、${inspection.problems.map((p) => p.ja).join('。')}` },
      'lambda-not-executing',
    );
  }
  return { key, latencyMs: seen.elapsedMs, width: inspection.width ?? 0 };
}
