// Read-only evidence for the three checks that write (they upload, invoke or re-run the steps), so
// that `list` and the UI's start-up can establish steps 5 and 6 without touching anything:
//
//   function-invocable  the last writing run of this check, when the function's code and
//                       configuration are still what it tested; else a processed copy of the
//                       invoke event's key (processed/test.jpg) carrying the function's metadata
//                       (processed-by, original-key = test.jpg), written no earlier than the
//                       function's LastModified — so the function as it is now made it.
//   trigger-fires       the last writing run, while the function, the notification and the
//                       function's policy are what it tested; else the notification and the
//                       permission as the lesson wants them, and a processed copy of another key
//                       (not the invoke event's, not the checks' own scratch keys) that matches the
//                       notification's filter, carries the function's metadata naming that key, and
//                       was written no earlier than the function's LastModified. In this lesson only
//                       the trigger makes such copies: step 5 invokes with test.jpg only.
//   scripts-clean       the last writing run, while the scripts (or the runner's version, when the
//                       runner's own actions were re-run) are unchanged; else skipped: only running
//                       the scripts again shows they are safe to re-run, so it does not count
//                       against step 6 until a writing check has run it.
// Timestamps are compared to the second (S3's Last-Modified has no finer resolution).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetBucketNotificationConfigurationCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetFunctionCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { unlessMissing } from '../aws/errors.js';
import { headObject } from '../aws/objects.js';
import { readFunctionPolicy } from '../aws/function-policy.js';
import { filterOf } from '../lesson/filter.js';
import { CHECK_PREFIX, type CheckContext } from '../checks/context.js';
import { CheckFail, type CheckVerdict } from '../checks/define.js';
import { assertTriggerConfigured } from '../checks/run-checks.js';
import type { CheckResult, Evidence } from '../checks/result.js';
import { outputKeyFor } from '../steps/verify-output.js';
import { presentLessonScripts } from '../scaffold/run-scripts.js';
import { RUNNER_VERSION } from '../version.js';
import type { CheckMemo } from './schema.js';
import { LABEL } from '../checks/evidence-labels.js';

export const WRITING_CHECKS = ['function-invocable', 'trigger-fires', 'scripts-clean'] as const;
export type WritingCheck = (typeof WRITING_CHECKS)[number];

export function isWritingCheck(id: string): id is WritingCheck {
  return (WRITING_CHECKS as readonly string[]).includes(id);
}

const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64').slice(0, 24);

async function functionConfiguration(ctx: CheckContext): Promise<FunctionConfiguration | undefined> {
  const got = await unlessMissing(ctx.aws.lambda.send(new GetFunctionCommand({ FunctionName: ctx.lesson.resources.function.name })), 'ResourceNotFoundException');
  return got?.Configuration;
}

/** What the function is now, for a fingerprint: code and every setting the lesson makes (not LastModified). */
function functionPrint(c: FunctionConfiguration | undefined): unknown {
  if (!c) return 'no function';
  return [c.CodeSha256, c.Runtime, c.Handler, c.Role, c.Timeout, c.MemorySize, c.Environment?.Variables ?? {}, c.Architectures ?? [], c.State];
}

/** The fingerprint of what a writing check tests, read now (read-only calls and local files). */
export async function fingerprintOf(ctx: CheckContext, id: WritingCheck): Promise<string> {
  if (id === 'scripts-clean') {
    const scripts = presentLessonScripts(ctx.cwd).present;
    return hash(scripts.length ? scripts.map((s) => [s, readFileSync(join(ctx.cwd, s), 'utf8')]) : ['runner actions', RUNNER_VERSION]);
  }
  const fn = functionPrint(await functionConfiguration(ctx));
  if (id === 'function-invocable') return hash(fn);
  const bucket = ctx.lesson.resources.bucket.name;
  const notification = await unlessMissing(ctx.aws.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket })), 'NoSuchBucket');
  const { raw } = await readFunctionPolicy(ctx.aws.lambda, ctx.lesson.resources.function.name);
  return hash([fn, notification?.LambdaFunctionConfigurations ?? [], raw ?? '']);
}

/** Memos of the writing checks in `results` that passed or failed (skips and "could not check" are not remembered). */
export async function memosFor(ctx: CheckContext, results: readonly CheckResult[]): Promise<Record<string, CheckMemo>> {
  const memos: Record<string, CheckMemo> = {};
  for (const result of results) {
    if (!isWritingCheck(result.id) || (result.status !== 'pass' && result.status !== 'fail')) continue;
    memos[result.id] = { status: result.status, at: new Date().toISOString(), endpoint: ctx.endpoint.url, fingerprint: await fingerprintOf(ctx, result.id), message: result.message };
  }
  return memos;
}

/** The read-only verdict for a writing check: its memo while it still applies, else the evidence above. */
export async function readOnlyVerdict(ctx: CheckContext, id: WritingCheck, memo: CheckMemo | undefined): Promise<CheckVerdict> {
  if (memo && memo.endpoint === ctx.endpoint.url && memo.fingerprint === (await fingerprintOf(ctx, id))) {
    const when = memo.at.slice(0, 16).replace('T', ' ');
    const evidence: Evidence[] = [{ label: LABEL.lastChecked, value: { en: `the ${id} check at ${memo.at}; what it tested has not changed since`, ja: `${memo.at} の ${id} の確認 (確認した対象はその後変わっていません)` } }];
    if (memo.status === 'pass') {
      return { status: 'pass', message: { en: `passed when last checked (${when}); nothing it tested has changed since`, ja: `前回の確認 (${when}) で合格し、その後、確認した対象は変わっていません` }, evidence };
    }
    const said = memo.message ?? { en: 'it failed', ja: '失敗しました' };
    throw new CheckFail({ en: `failed when last checked (${when}) and nothing it tested has changed since: ${said.en}`, ja: `前回の確認 (${when}) で失敗し、その後、確認した対象は変わっていません: ${said.ja}` }, undefined, evidence);
  }
  if (id === 'function-invocable') return invokedEvidence(ctx);
  if (id === 'trigger-fires') return triggeredEvidence(ctx);
  return {
    status: 'skip',
    message: { en: 'not re-run here (it re-runs every step, which writes): check or c runs it', ja: 'ここでは再実行しません (全ステップを再実行して書き込むため)。check か c で実行されます' },
  };
}

const seconds = (date: Date | string | undefined) => Math.floor((typeof date === 'string' ? Date.parse(date) : date?.getTime() ?? NaN) / 1000);

async function activeFunction(ctx: CheckContext): Promise<FunctionConfiguration> {
  const fn = ctx.lesson.resources.function.name;
  const c = await functionConfiguration(ctx);
  if (!c || c.State !== 'Active') {
    throw new CheckFail({ en: `${fn} is ${c ? c.State : 'not deployed'}, so nothing it made counts yet.`, ja: `${fn} は${c ? ` ${c.State} の状態` : 'デプロイされていない'}ため、処理結果はまだ数えられません。` }, 'lambda-not-executing', [{ label: 'GetFunction', value: c ? `State=${c.State}` : '404 ResourceNotFoundException' }]);
  }
  return c;
}

/** A processed copy of `key` that the function as it is now wrote, or why not. */
async function processedByCurrentFunction(ctx: CheckContext, fn: FunctionConfiguration, key: string): Promise<{ ok: true; at: Date } | { ok: false; why: { en: string; ja: string } }> {
  const { bucket, output } = ctx.lesson.resources;
  const outputKey = outputKeyFor(ctx.lesson, key);
  const head = await headObject(ctx.aws.s3, bucket.name, outputKey);
  if (!head) return { ok: false, why: { en: `there is no ${outputKey}`, ja: `${outputKey} がありません` } };
  const metadata = head.Metadata ?? {};
  const original = metadata[output.metadata.originalKey];
  if (!metadata[output.metadata.processedBy] || original === undefined || safeDecode(original) !== key) {
    return { ok: false, why: { en: `${outputKey} lacks the function's metadata (${output.metadata.processedBy}, ${output.metadata.originalKey}=${key})`, ja: `${outputKey} に関数が付けるメタデータ (${output.metadata.processedBy}、${output.metadata.originalKey}=${key}) がありません` } };
  }
  const written = head.LastModified;
  if (!written || seconds(written) < seconds(fn.LastModified)) {
    return { ok: false, why: { en: `${outputKey} (${written?.toISOString() ?? '?'}) is older than ${fn.FunctionName}'s last change (${fn.LastModified})`, ja: `${outputKey} (${written?.toISOString() ?? '?'}) は ${fn.FunctionName} の最終更新 (${fn.LastModified}) より古いものです` } };
  }
  return { ok: true, at: written };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

async function invokedEvidence(ctx: CheckContext): Promise<CheckVerdict> {
  const fn = await activeFunction(ctx);
  const key = ctx.lesson.resources.invokeEvent.value.Records[0].s3.object.key;
  const found = await processedByCurrentFunction(ctx, fn, key);
  const evidence: Evidence[] = [{ label: LABEL.function, value: `LastModified ${fn.LastModified}` }];
  if (!found.ok) {
    throw new CheckFail(
      { en: `No sign yet that ${fn.FunctionName} as it is now was invoked: ${found.why.en}. Invoke it with ${ctx.lesson.resources.invokeEvent.file} (step 5).`, ja: `今の ${fn.FunctionName} を実行した形跡がまだありません: ${found.why.ja}。${ctx.lesson.resources.invokeEvent.file} で実行してください (ステップ 5)。` },
      'lambda-not-executing',
      evidence,
    );
  }
  return {
    status: 'pass',
    message: { en: `${outputKeyFor(ctx.lesson, key)} was written by ${fn.FunctionName} at ${found.at.toISOString()}, after its last change`, ja: `${outputKeyFor(ctx.lesson, key)} は最終更新後の ${fn.FunctionName} が ${found.at.toISOString()} に書き込んだものです` },
    evidence: [...evidence, { label: LABEL.establishedFrom, value: { en: `${outputKeyFor(ctx.lesson, key)} (read without writing)`, ja: `${outputKeyFor(ctx.lesson, key)} (書き込まずに読んで確認)` } }],
  };
}

/** How many of the newest processed copies are looked at for one the trigger made. */
const TRIGGER_CANDIDATES = 20;

async function triggeredEvidence(ctx: CheckContext): Promise<CheckVerdict> {
  const evidence = await assertTriggerConfigured(ctx);
  const fn = await activeFunction(ctx);
  const { bucket, output, notification, invokeEvent } = ctx.lesson.resources;
  const filter = filterOf(notification.value.LambdaFunctionConfigurations[0]);
  const invokeKey = invokeEvent.value.Records[0].s3.object.key;
  const listed = await ctx.aws.s3.send(new ListObjectsV2Command({ Bucket: bucket.name, Prefix: output.prefix }));
  const keys = (listed.Contents ?? [])
    .filter((o) => o.Key && (o.LastModified?.getTime() ?? 0) >= seconds(fn.LastModified) * 1000)
    .sort((a, b) => (b.LastModified?.getTime() ?? 0) - (a.LastModified?.getTime() ?? 0))
    .map((o) => (o.Key as string).slice(output.prefix.length))
    .filter((key) => key !== invokeKey && !key.startsWith(CHECK_PREFIX) && key.startsWith(filter.prefix) && key.endsWith(filter.suffix))
    .slice(0, TRIGGER_CANDIDATES);
  for (const key of keys) {
    const found = await processedByCurrentFunction(ctx, fn, key);
    if (found.ok) {
      return {
        status: 'pass',
        message: { en: `the trigger is set, and ${outputKeyFor(ctx.lesson, key)} shows an upload ran ${fn.FunctionName} (${found.at.toISOString()})`, ja: `トリガーは設定済みで、${outputKeyFor(ctx.lesson, key)} からアップロードで ${fn.FunctionName} が動いたことが分かります (${found.at.toISOString()})` },
        evidence: [...evidence, { label: LABEL.establishedFrom, value: { en: `${outputKeyFor(ctx.lesson, key)} (read without writing)`, ja: `${outputKeyFor(ctx.lesson, key)} (書き込まずに読んで確認)` } }],
      };
    }
  }
  const example = `trigger-test${filter.suffix || '.jpg'}`;
  throw new CheckFail(
    {
      en: `The trigger is set, but no processed copy shows an upload ran ${fn.FunctionName} since its last change (${fn.LastModified}). Upload a new ${filter.suffix || 'file'} (e.g. s3://${bucket.name}/${example}) and wait a few seconds.`,
      ja: `トリガーは設定済みですが、${fn.FunctionName} の最終更新 (${fn.LastModified}) 以降にアップロードで動いた形跡 (処理済みのコピー) がありません。新しい ${filter.suffix || 'ファイル'} をアップロードして (例: s3://${bucket.name}/${example})、数秒待ってください。`,
    },
    'trigger-not-firing',
    evidence,
  );
}
