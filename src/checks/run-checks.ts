// Checks 4–7 (the ones that write: invoke, trigger, re-run) and the checklist runner.
import { randomUUID } from 'node:crypto';
import { GetBucketNotificationConfigurationCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { CheckId } from '../lesson/ids.js';
import { describeNotification, findMatchingNotification } from '../aws/compare.js';
import { unlessMissing } from '../aws/errors.js';
import { grantingStatement, readFunctionPolicy } from '../aws/function-policy.js';
import { headObject, makeTestJpeg, waitForObject } from '../aws/objects.js';
import { readHealth } from '../aws/health.js';
import { deleteQuietly, invokeWithS3Event, summarizeError } from '../steps/invoke-function.js';
import { inspectOutput, outputKeyFor } from '../steps/verify-output.js';
import { STEP_ACTIONS } from '../steps/index.js';
import { onObjectCreated } from '../steps/wake-ups.js';
import { SCRIPTS_DIR } from '../scaffold/lesson-scripts.js';
import { presentLessonScripts, runScript, SCRIPT_TIMEOUT_MS } from '../scaffold/run-scripts.js';
import { CHECK_PREFIX, type CheckContext } from './context.js';
import { CheckFail, couldNotCheck, runCheck, type CheckDefinition, type CheckVerdict } from './define.js';
import { bucketCreated, functionDeployed, localstackRunning } from './endpoint-checks.js';
import type { CheckResult, Evidence } from './result.js';
import { LABEL, VALUE } from './evidence-labels.js';

/** A hand script's run, e.g. "create-s3-bucket.sh (run 2)". */
const runLabel = (script: string, attempt: number) => ({ en: `${script} (run ${attempt})`, ja: `${script} (${attempt} 回目)` });

/** How long trigger-fires waits for the processed copy of its upload. */
export const TRIGGER_CHECK_DEADLINE_MS = 30_000;

const readOnlySkip = (what: { en: string; ja: string }): CheckVerdict => ({
  status: 'skip',
  message: { en: `skipped (--read-only): this check ${what.en}`, ja: `スキップ (--read-only): この確認は${what.ja}` },
});

export const functionInvocable: CheckDefinition = {
  id: 'function-invocable',
  needsEndpoint: true,
  run: async (ctx) => {
    if (ctx.readOnly) return readOnlySkip({ en: 'uploads a test image and invokes the function', ja: 'テスト画像をアップロードして関数を実行します' });
    const bucket = ctx.lesson.resources.bucket.name;
    // `.jpeg`, not `.jpg`: this upload must not also fire the lesson's trigger (suffix .jpg).
    const key = `${CHECK_PREFIX}${randomUUID()}.jpeg`;
    const outputKey = outputKeyFor(ctx.lesson, key);
    try {
      const image = await makeTestJpeg();
      const uploaded = await unlessMissing(ctx.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: image, ContentType: 'image/jpeg' })), 'NoSuchBucket');
      if (!uploaded) {
        throw new CheckFail(
          { en: `Bucket ${bucket} does not exist, so there is nothing to invoke the function with. Do step 2 first.`, ja: `バケット ${bucket} がないため、関数に渡すテスト画像を置けません。先にステップ 2 を実行してください。` },
          undefined,
          [{ label: 'PutObject', value: '404 NoSuchBucket' }],
        );
      }
      const result = await invokeWithS3Event(ctx, key, image.length);
      const evidence: Evidence[] = [
        { label: LABEL.result, value: result.payload.slice(0, 600) },
        ...(result.logTail ? [{ label: LABEL.logTail, value: result.logTail.trim(), log: true }] : []),
      ];
      if (result.functionError) {
        throw new CheckFail(
          { en: `Invoking ${ctx.lesson.resources.function.name} failed: ${summarizeError(result.payload)}`, ja: `${ctx.lesson.resources.function.name} の実行がエラーになりました: ${summarizeError(result.payload)}` },
          'lambda-not-executing',
          evidence,
        );
      }
      const written = await headObject(ctx.aws.s3, bucket, outputKey);
      if (!written) {
        throw new CheckFail(
          { en: `The function returned without error but wrote no ${outputKey}.`, ja: `関数はエラーなく終わりましたが、${outputKey} を書き込んでいません。` },
          'lambda-not-executing',
          evidence,
        );
      }
      return {
        status: 'pass',
        message: { en: `test invocation succeeded in ${Math.round(result.durationMs)} ms and wrote its output`, ja: `テスト実行は ${Math.round(result.durationMs)} ms で成功し、出力を書き込みました` },
        evidence,
      };
    } finally {
      await deleteQuietly(ctx, [key, outputKey]);
    }
  },
};

/**
 * The notification sends the lesson's events for the lesson's keys to the function, and the
 * function's policy lets S3 invoke it; throws CheckFail naming what is not so. Returns what it saw.
 */
export async function assertTriggerConfigured(ctx: CheckContext): Promise<Evidence[]> {
  const { bucket, function: fn, permission, notification } = ctx.lesson.resources;
  const current = await unlessMissing(ctx.aws.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket.name })), 'NoSuchBucket');
  if (!current) {
    throw new CheckFail(
      { en: `Bucket ${bucket.name} does not exist, so it has no notification either. Do step 2 first.`, ja: `バケット ${bucket.name} がないため、イベント通知もありません。先にステップ 2 を実行してください。` },
      undefined,
      [{ label: 'GetBucketNotificationConfiguration', value: '404 NoSuchBucket' }],
    );
  }
  const configured = current.LambdaFunctionConfigurations ?? [];
  const { statements, raw } = await readFunctionPolicy(ctx.aws.lambda, fn.name);
  const evidence: Evidence[] = [
    { label: LABEL.notification, value: configured.length ? configured.map(describeNotification).join('\n') : VALUE.none },
    { label: LABEL.functionPolicy, value: raw ?? VALUE.none },
  ];
  const wanted = notification.value.LambdaFunctionConfigurations[0];
  if (!findMatchingNotification(configured, wanted)) {
    throw new CheckFail(
      { en: `The bucket's notification does not send ${wanted.Events.join(',')} for the lesson's keys to ${fn.name} (wanted: ${describeNotification(wanted)}).`, ja: `バケットのイベント通知が ${fn.name} に ${wanted.Events.join(',')} を送る設定になっていません (必要な設定: ${describeNotification(wanted)})。` },
      'trigger-not-firing',
      evidence,
    );
  }
  if (!grantingStatement(statements, permission.principal, permission.sourceArn)) {
    throw new CheckFail(
      { en: `${fn.name}'s policy does not let ${permission.principal} invoke it from ${permission.sourceArn} (statement ${permission.statementId}).`, ja: `${fn.name} のポリシーが ${permission.sourceArn} からの ${permission.principal} による呼び出しを許可していません (ステートメント ${permission.statementId})。` },
      'trigger-not-firing',
      evidence,
    );
  }
  return evidence;
}

export const triggerFires: CheckDefinition = {
  id: 'trigger-fires',
  needsEndpoint: true,
  run: async (ctx) => {
    if (ctx.readOnly) return readOnlySkip({ en: 'uploads a test image to fire the trigger', ja: 'テスト画像をアップロードしてトリガーを動かします' });
    const bucket = ctx.lesson.resources.bucket;
    const evidence = await assertTriggerConfigured(ctx);
    const key = `${CHECK_PREFIX}${randomUUID()}.jpg`;
    const outputKey = outputKeyFor(ctx.lesson, key);
    try {
      await ctx.aws.s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: key, Body: await makeTestJpeg(), ContentType: 'image/jpeg' }));
      const uploaded = performance.now();
      const seen = await waitForObject(ctx.aws.s3, bucket.name, outputKey, { deadline: Date.now() + TRIGGER_CHECK_DEADLINE_MS, since: uploaded, wakeUp: onObjectCreated(ctx, bucket.name, outputKey) });
      if (!seen) {
        throw new CheckFail(
          { en: `Uploaded ${key}, but the function did not write ${outputKey} within ${TRIGGER_CHECK_DEADLINE_MS / 1000} s.`, ja: `${key} をアップロードしましたが、${TRIGGER_CHECK_DEADLINE_MS / 1000} 秒以内に関数が ${outputKey} を書き込みませんでした。` },
          'trigger-not-firing',
          evidence,
        );
      }
      return {
        status: 'pass',
        message: { en: `an upload ran the function: output after ${Math.round(seen.elapsedMs)} ms`, ja: `アップロードで関数が起動しました: ${Math.round(seen.elapsedMs)} ms 後に出力ができました` },
        evidence,
      };
    } finally {
      await deleteQuietly(ctx, [key, outputKey]);
    }
  },
};

export const processedSaved: CheckDefinition = {
  id: 'processed-saved',
  needsEndpoint: true,
  run: async (ctx) => {
    const { bucket, output } = ctx.lesson.resources;
    const listed = await unlessMissing(ctx.aws.s3.send(new ListObjectsV2Command({ Bucket: bucket.name, Prefix: output.prefix })), 'NoSuchBucket');
    if (!listed) {
      throw new CheckFail(
        { en: `Bucket ${bucket.name} does not exist, so there is no processed copy either. Do step 2 first.`, ja: `バケット ${bucket.name} がないため、処理済みの画像もありません。先にステップ 2 を実行してください。` },
        undefined,
        [{ label: 'ListObjectsV2', value: '404 NoSuchBucket' }],
      );
    }
    const candidates = (listed.Contents ?? [])
      .filter((o) => o.Key && !o.Key.startsWith(`${output.prefix}${CHECK_PREFIX}`))
      .sort((a, b) => (b.LastModified?.getTime() ?? 0) - (a.LastModified?.getTime() ?? 0));
    if (candidates.length === 0) {
      throw new CheckFail(
        { en: `Nothing under ${output.prefix} in ${bucket.name} yet: step 5 (invoke) or 6 (trigger) writes the processed copies.`, ja: `${bucket.name} の ${output.prefix} にはまだ何もありません。ステップ 5 (invoke) か 6 (trigger) で処理済みの画像ができます。` },
        'lambda-not-executing',
        [{ label: `ListObjectsV2 ${output.prefix}`, value: { en: '0 objects', ja: '0 個' } }],
      );
    }
    const newest = candidates[0].Key as string;
    const originalKey = newest.slice(output.prefix.length);
    const original = await unlessMissing(ctx.aws.s3.send(new GetObjectCommand({ Bucket: bucket.name, Key: originalKey })), 'NoSuchKey');
    let originalInfo: { width: number; format: string } | undefined;
    if (original?.Body) {
      const sharp = (await import('sharp')).default;
      const meta = await sharp(Buffer.from(await original.Body.transformToByteArray())).metadata().catch(() => undefined);
      if (meta?.width && meta.format) originalInfo = { width: meta.width, format: meta.format };
    }
    const inspection = await inspectOutput(ctx.aws, ctx.lesson, newest, originalInfo);
    const evidence: Evidence[] = [
      { label: LABEL.newest, value: `${newest}: ${inspection.width ?? '?'}×${inspection.height ?? '?'} ${inspection.format ?? '?'}` },
      {
        label: LABEL.original,
        value: originalInfo
          ? { en: `${originalKey}: ${originalInfo.width} px wide ${originalInfo.format}`, ja: `${originalKey}: 幅 ${originalInfo.width} px の ${originalInfo.format}` }
          : { en: `${originalKey}: not found`, ja: `${originalKey}: 見つかりません` },
      },
      { label: LABEL.metadata, value: JSON.stringify(inspection.metadata) },
      { label: { en: `objects under ${output.prefix}`, ja: `${output.prefix} の下のオブジェクト数` }, value: String(candidates.length) },
    ];
    if (inspection.problems.length > 0) {
      throw new CheckFail({ en: inspection.problems.map((p) => p.en).join('; '), ja: inspection.problems.map((p) => p.ja).join('。') }, 'lambda-not-executing', evidence);
    }
    return {
      status: 'pass',
      message: { en: `${newest} is a resized ${inspection.format} (${inspection.width}×${inspection.height})`, ja: `${newest} は縮小済みの ${inspection.format} です (${inspection.width}×${inspection.height})` },
      evidence,
    };
  },
};

export const scriptsClean: CheckDefinition = {
  id: 'scripts-clean',
  needsEndpoint: true,
  run: async (ctx) => {
    if (ctx.readOnly) return readOnlySkip({ en: "re-runs every step's action", ja: '各ステップの処理をもう一度実行します' });
    const evidence: Evidence[] = [];
    // The learner's own hand scripts (as `init` writes them), when there: run each twice, in order.
    const scripts = presentLessonScripts(ctx.cwd);
    if (scripts.present.length > 0) {
      for (const script of scripts.present) {
        for (const attempt of [1, 2]) {
          const run = await runScript(ctx.cwd, script, ctx.endpoint.url, attempt);
          const seconds = (run.durationMs / 1000).toFixed(1);
          if (run.code !== 0) {
            const how = run.timedOut ? { en: `did not finish within ${SCRIPT_TIMEOUT_MS / 60_000} min`, ja: `${SCRIPT_TIMEOUT_MS / 60_000} 分以内に終わりませんでした` } : { en: `exited with ${run.code}`, ja: `終了コード ${run.code} で終わりました` };
            const which = attempt === 1 ? { en: '', ja: '' } : { en: ' when run a second time (it must be safe to re-run)', ja: ' (2 回目の実行で失敗。何度実行しても大丈夫な作りにする必要があります)' };
            throw new CheckFail(
              { en: `${script} ${how.en}${which.en}.`, ja: `${script} が${how.ja}${which.ja}。` },
              undefined,
              [...evidence, { label: runLabel(script, attempt), value: run.outputTail || VALUE.noOutput, log: true }],
            );
          }
          evidence.push({ label: runLabel(script, attempt), value: { en: `exit 0 in ${seconds} s`, ja: `終了コード 0 (${seconds} 秒)` } });
        }
      }
      for (const missing of scripts.missing) evidence.push({ label: missing, value: { en: 'not found: not run', ja: 'ありません (実行していません)' } });
      return {
        status: 'pass',
        message: { en: `your ${scripts.present.length} scripts in ${SCRIPTS_DIR} ran twice each without error`, ja: `${SCRIPTS_DIR} のスクリプト ${scripts.present.length} 個が、それぞれ 2 回ともエラーなく実行できました` },
        evidence,
      };
    }
    for (const step of ctx.lesson.steps) {
      // Quietly: the re-run's own progress lines would only repeat the steps' output.
      const outcome = await STEP_ACTIONS[step.action]({ ...ctx, scratchPrefix: CHECK_PREFIX, onProgress: undefined });
      const changed = outcome.changes.filter((c) => c.state === 'created' || c.state === 'updated').map((c) => c.resource);
      evidence.push({ label: `${step.number} ${step.id}`, value: changed.length ? { en: `ran; changed: ${changed.join(', ')}`, ja: `実行しました。変更: ${changed.join('、')}` } : { en: 'ran; nothing to change', ja: '実行しました。変更なし' } });
    }
    return {
      status: 'pass',
      message: { en: `all ${ctx.lesson.steps.length} steps ran again without error`, ja: `${ctx.lesson.steps.length} 個のステップすべてがエラーなく再実行できました` },
      evidence,
    };
  },
};

const SCRIPTS_WAIT = {
  en: 'not run yet: it re-runs every step, which would change what the failing checks above found; fix those first',
  ja: '未実行: 全ステップを再実行するため、上の失敗した確認の結果が変わってしまいます。先にそちらを直してください',
};

export const CHECKS: Record<CheckId, CheckDefinition> = {
  'localstack-running': localstackRunning,
  'bucket-created': bucketCreated,
  'function-deployed': functionDeployed,
  'function-invocable': functionInvocable,
  'trigger-fires': triggerFires,
  'processed-saved': processedSaved,
  'scripts-clean': scriptsClean,
};

/**
 * Runs the given checks in checklist order. When check 1 finds nothing answering, the checks that
 * need the endpoint are reported as `error` at once instead of each waiting for a timeout.
 */
export async function runChecks(ctx: CheckContext, ids: readonly CheckId[], onResult?: (result: CheckResult) => void): Promise<CheckResult[]> {
  const ordered = ctx.lesson.checks.map((c) => c.id).filter((id) => ids.includes(id));
  const results: CheckResult[] = [];
  let endpointDown = false;
  for (const id of ordered) {
    const definition = CHECKS[id];
    let result: CheckResult;
    const title = ctx.lesson.checks.find((c) => c.id === id)?.title ?? { en: id, ja: id };
    if (endpointDown && definition.needsEndpoint) {
      result = { id, title, status: 'error', message: couldNotCheck(ctx.endpoint.url), evidence: [], durationMs: 0 };
    } else if (id === 'scripts-clean' && results.some((r) => r.status === 'fail' || r.status === 'error')) {
      // Re-running the steps would repair what the failed checks found and hide it from the
      // diagnosis: scripts-clean only runs once everything else holds.
      result = { id, title, status: 'skip', message: SCRIPTS_WAIT, evidence: [], durationMs: 0 };
    } else {
      result = await runCheck(definition, ctx);
      if (id === 'localstack-running' && result.status === 'fail') endpointDown = (await readHealth(ctx.endpoint.url)).unreachable;
    }
    results.push(result);
    onResult?.(result);
  }
  return results;
}
