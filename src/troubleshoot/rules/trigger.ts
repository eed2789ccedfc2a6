// trigger-not-firing: check 5 failed. The notification (none, another function ARN, events
// without ObjectCreated, a filter that excludes the upload) and the permission (missing, another
// source ARN) are compared with the lesson; when both are right, the function itself fails:
// that is lambda-not-executing, diagnosed too.
import type { CheckContext } from '../../checks/context.js';
import type { Evidence } from '../../checks/result.js';
import { describeNotification, filterAdmits, probeTrigger } from '../probes/trigger.js';
import { probeFunction, probeRecentLogs } from '../probes/function.js';
import { filterOf } from '../../lesson/index.js';
import { reapplyNotificationFix, readdPermissionFix } from '../fixes/trigger.js';
import type { ResolvedOptions } from '../options.js';
import { diagnosis } from '../diagnosis.js';
import type { Diagnosis } from '../types.js';
import { diagnoseFunction } from './function.js';
import { diagnoseFilteredUploads } from './uploads.js';

const CHECKS = ['trigger-fires'];

export async function diagnoseTrigger(ctx: CheckContext, options: ResolvedOptions): Promise<Diagnosis[]> {
  const lesson = ctx.lesson;
  const { function: fn, permission, bucket } = lesson.resources;
  const wanted = lesson.resources.notification.value.LambdaFunctionConfigurations[0];
  const probe = await probeTrigger(ctx);
  const fnProbe = await probeFunction(ctx);
  const evidence: Evidence[] = [
    { label: 'notification', value: probe.configured.length ? probe.configured.map(describeNotification).join('\n') : 'none' },
    { label: 'lesson wants', value: describeNotification(wanted) },
    { label: 'function policy', value: probe.policy ?? 'none' },
  ];
  const out: Diagnosis[] = [];

  // The permission first: S3 (and the built-in endpoint) refuses a notification to a function it may not call.
  if (fnProbe.exists && probe.permission.kind === 'missing') {
    out.push(diagnosis('trigger-not-firing', 'permission-missing', {
      en: `${fn.name}'s resource policy has no statement that lets ${permission.principal} invoke it, so S3 may not call it (AWS enforces this). Add the permission (statement ${permission.statementId}).`,
      ja: `${fn.name} のリソースポリシーに ${permission.principal} からの呼び出しを許可するステートメントがないため、S3 は関数を呼べません (AWS ではこれが強制されます)。許可 (ステートメント ${permission.statementId}) を追加してください。`,
    }, evidence, [readdPermissionFix(lesson)], CHECKS));
  } else if (fnProbe.exists && probe.permission.kind === 'wrong-source') {
    out.push(diagnosis('trigger-not-firing', 'permission-wrong-source', {
      en: `${fn.name}'s policy lets ${permission.principal} invoke it only from ${probe.permission.sources.join(', ')}, not from the bucket ${permission.sourceArn}.`,
      ja: `${fn.name} のポリシーは ${probe.permission.sources.join('、')} からの ${permission.principal} による呼び出ししか許可しておらず、バケット ${permission.sourceArn} からは呼べません。`,
    }, evidence, [readdPermissionFix(lesson)], CHECKS));
  }

  const n = probe.notification;
  const reapply = reapplyNotificationFix(lesson);
  if (n.kind === 'none') {
    out.push(diagnosis('trigger-not-firing', 'no-notification', {
      en: `Bucket ${bucket.name} has no notification to a function: uploads run nothing. Apply notification.json.`,
      ja: `バケット ${bucket.name} に関数へのイベント通知が設定されていないため、アップロードしても何も動きません。notification.json を設定してください。`,
    }, evidence, [reapply], CHECKS));
  } else if (n.kind === 'other-arn') {
    const names = n.arns.map((arn) => /:function:([^:]+)/.exec(arn)?.[1] ?? arn);
    const mismatch = names.find((name) => name !== fn.name && fnProbe.deployed.includes(name));
    if (mismatch) {
      out.push(diagnosis('trigger-not-firing', 'function-name-mismatch', {
        en: `The notification calls ${mismatch}, a function that is deployed, but the lesson's function is ${fn.name}: the names differ.`,
        ja: `イベント通知は ${mismatch} (デプロイ済み) を呼ぶ設定ですが、レッスンの関数は ${fn.name} です。名前が一致していません。`,
      }, [...evidence, { label: 'ListFunctions', value: fnProbe.deployed.join(', ') }], [reapplyNotificationFix(lesson, n.arns)], CHECKS));
    } else {
      out.push(diagnosis('trigger-not-firing', 'wrong-function-arn', {
        en: `The notification sends events to ${n.arns.join(', ')}, not to ${wanted.LambdaFunctionArn}. Check the name, region (us-east-1) and account (000000000000) in the ARN.`,
        ja: `イベント通知の送り先が ${n.arns.join('、')} になっており、${wanted.LambdaFunctionArn} ではありません。ARN の関数名・リージョン (us-east-1)・アカウント (000000000000) を確認してください。`,
      }, [...evidence, { label: 'ListFunctions', value: fnProbe.deployed.join(', ') || '(none)' }], [reapplyNotificationFix(lesson, n.arns)], CHECKS));
    }
  } else if (n.kind === 'events') {
    out.push(diagnosis('trigger-not-firing', 'wrong-events', {
      en: `The notification to ${fn.name} is for ${(n.config.Events ?? []).join(', ')}, which does not include uploads (s3:ObjectCreated:*).`,
      ja: `${fn.name} へのイベント通知が ${(n.config.Events ?? []).join('、')} になっていて、アップロード (s3:ObjectCreated:*) が含まれていません。`,
    }, evidence, [reapply], CHECKS));
  } else if (n.kind === 'filter') {
    // The learner's own uploads that this filter kept out, when there are any, say it best.
    const fromUploads = await diagnoseFilteredUploads(ctx, probe).catch(() => undefined);
    if (fromUploads) out.push(fromUploads);
  }
  if (n.kind === 'filter' && !out.some((d) => d.cause === 'filter-excludes-upload')) {
    const have = filterOf(n.config);
    const want = filterOf(wanted);
    const sample = `photo${want.suffix || '.jpg'}`;
    out.push(diagnosis('trigger-not-firing', 'filter-excludes-upload', {
      en: `The notification's filter is prefix "${have.prefix}", suffix "${have.suffix}"; the lesson's is prefix "${want.prefix}", suffix "${want.suffix}". Keys are matched case-sensitively, so an upload such as ${want.prefix}${sample} ${filterAdmits(n.config, `${want.prefix}${sample}`) ? 'passes' : 'does not pass'} this filter.`,
      ja: `イベント通知のフィルターは prefix "${have.prefix}"、suffix "${have.suffix}" ですが、レッスンでは prefix "${want.prefix}"、suffix "${want.suffix}" です。キーは大文字と小文字を区別して比べられるため、${want.prefix}${sample} のようなアップロードはこのフィルターを${filterAdmits(n.config, `${want.prefix}${sample}`) ? '通ります' : '通りません'}。`,
    }, evidence, [reapply], CHECKS));
  }
  if (out.length > 0 || !fnProbe.exists) return out;

  // Notification and permission are right, so S3 did call the function: it is the function that fails.
  const logs = await probeRecentLogs(ctx, 20);
  const functionSide = await diagnoseFunction(ctx, { checks: CHECKS }, options);
  return [
    diagnosis('trigger-not-firing', 'function-failing', {
      en: `The notification and the permission are as the lesson says, so S3 calls ${fn.name}, but the function does not produce its output: this is problem "lambda-not-executing"${functionSide.length ? ` (${functionSide.map((d) => d.cause).join(', ')}, below)` : ''}.`,
      ja: `イベント通知と許可はレッスンのとおりなので S3 は ${fn.name} を呼んでいますが、関数が出力を作れていません。これは「Lambda 関数が正しく実行されない」問題です${functionSide.length ? ` (${functionSide.map((d) => d.cause).join('、')}、下記)` : ''}。`,
    }, [...evidence, { label: `logs /aws/lambda/${fn.name}`, value: logs.join('\n') || '(no log lines in the last 30 minutes)' }], [], CHECKS),
    ...functionSide,
  ];
}
