// Probe: the bucket's notification configuration and the function's resource policy, compared
// with what the lesson's notification.json and add-permission ask for.
import { GetBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { describeNotification, findMatchingNotification, type LambdaNotificationLike } from '../../aws/compare.js';
import { grantingStatement, principalServices, readFunctionPolicy, sourceArnOf, type PolicyStatement } from '../../aws/function-policy.js';
import { filterOf } from '../../lesson/index.js';
import type { CheckContext } from '../../checks/context.js';

export type NotificationFinding =
  | { kind: 'ok' }
  | { kind: 'none' }
  /** No configuration targets the lesson's function ARN; `arns` are the ones that exist. */
  | { kind: 'other-arn'; arns: string[] }
  | { kind: 'events'; config: LambdaNotificationLike }
  | { kind: 'filter'; config: LambdaNotificationLike };

export type PermissionFinding =
  | { kind: 'ok' }
  | { kind: 'missing' }
  /** Statements for the principal exist, but with another source ARN (or none). */
  | { kind: 'wrong-source'; sources: string[] };

export interface TriggerProbe {
  configured: LambdaNotificationLike[];
  notification: NotificationFinding;
  permission: PermissionFinding;
  policy?: string;
}

export async function probeTrigger(ctx: CheckContext): Promise<TriggerProbe> {
  const { bucket, function: fn, permission, notification } = ctx.lesson.resources;
  const current = await ctx.aws.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket.name }));
  const configured: LambdaNotificationLike[] = current.LambdaFunctionConfigurations ?? [];
  const wanted = notification.value.LambdaFunctionConfigurations[0];
  const { statements, raw } = await readFunctionPolicy(ctx.aws.lambda, fn.name);
  return {
    configured,
    notification: compareNotification(configured, wanted),
    permission: comparePermission(statements, permission.principal, permission.sourceArn),
    ...(raw ? { policy: raw } : {}),
  };
}

export function compareNotification(configured: readonly LambdaNotificationLike[], wanted: LambdaNotificationLike): NotificationFinding {
  if (configured.length === 0) return { kind: 'none' };
  if (findMatchingNotification(configured, wanted)) return { kind: 'ok' };
  const forFunction = configured.filter((c) => c.LambdaFunctionArn === wanted.LambdaFunctionArn);
  if (forFunction.length === 0) return { kind: 'other-arn', arns: configured.map((c) => c.LambdaFunctionArn ?? '?') };
  const created = forFunction.find((c) => (c.Events ?? []).some((e) => e === 's3:ObjectCreated:*' || e.startsWith('s3:ObjectCreated:')));
  if (!created) return { kind: 'events', config: forFunction[0] };
  return { kind: 'filter', config: created };
}

export function comparePermission(statements: readonly PolicyStatement[], principal: string, sourceArn: string): PermissionFinding {
  if (grantingStatement([...statements], principal, sourceArn)) return { kind: 'ok' };
  const forPrincipal = statements.filter((s) => principalServices(s).includes(principal));
  if (forPrincipal.length === 0) return { kind: 'missing' };
  return { kind: 'wrong-source', sources: forPrincipal.map((s) => sourceArnOf(s) ?? '(no source ARN)') };
}

/** Would a key pass this configuration's filter? (Matching is case-sensitive, as S3's is.) */
export function filterAdmits(config: LambdaNotificationLike, key: string): boolean {
  const { prefix, suffix } = filterOf(config);
  return key.startsWith(prefix) && key.endsWith(suffix);
}

export { describeNotification };
