// Step 5: upload a generated test JPEG, invoke the function with an S3 event for it (as
// `aws lambda invoke --payload file://event.json` does), and verify the processed copy.
import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { makeTestJpeg } from '../aws/objects.js';
import { stepCall } from './aws-call.js';
import { StepFailure, type StepAction, type StepContext, type StepOutcome } from './context.js';
import { inspectOutput, outputKeyFor } from './verify-output.js';
import { LABEL } from '../checks/evidence-labels.js';

export interface InvocationResult {
  functionError?: string;
  payload: string;
  logTail: string;
  durationMs: number;
}

/** Invokes the lesson's function synchronously with an S3 event for `key`, returning its answer and log tail. */
export async function invokeWithS3Event(ctx: StepContext, key: string, size: number): Promise<InvocationResult> {
  const fn = ctx.lesson.resources.function;
  const event = structuredClone(ctx.lesson.resources.invokeEvent.value);
  for (const record of event.Records) {
    record.s3.bucket.name = ctx.lesson.resources.bucket.name;
    // S3 sends keys form-encoded (a space is `+`); the function must decode them.
    record.s3.object.key = encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
    record.s3.object.size = size;
    (record as { eventTime?: string }).eventTime = new Date().toISOString();
  }
  const started = performance.now();
  const out = await stepCall(ctx, 'Invoke', () =>
    ctx.aws.lambda.send(new InvokeCommand({ FunctionName: fn.name, Payload: Buffer.from(JSON.stringify(event)), LogType: 'Tail' })),
  );
  return {
    functionError: out.FunctionError,
    payload: out.Payload ? Buffer.from(out.Payload).toString('utf8') : '',
    logTail: out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : '',
    durationMs: performance.now() - started,
  };
}

export const invokeFunction: StepAction = async (ctx) => {
  const eventKey = ctx.lesson.resources.invokeEvent.value.Records[0].s3.object.key;
  const key = ctx.scratchPrefix ? `${ctx.scratchPrefix}${randomUUID()}-${eventKey}` : eventKey;
  const outputKey = outputKeyFor(ctx.lesson, key);
  try {
    return await invokeAndVerify(ctx, key, outputKey);
  } finally {
    if (ctx.scratchPrefix) await deleteQuietly(ctx, [key, outputKey]);
  }
};

async function invokeAndVerify(ctx: StepContext, key: string, outputKey: string): Promise<StepOutcome> {
  const bucket = ctx.lesson.resources.bucket.name;
  const image = await makeTestJpeg();
  ctx.onProgress?.({ phase: { en: `uploading ${key} (${image.length} bytes)`, ja: `${key} (${image.length} バイト) をアップロードしています` } });
  await stepCall(ctx, 'PutObject', () => ctx.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: image, ContentType: 'image/jpeg' })));
  // Remove an old copy so the check below sees this invocation's output, not a previous one.
  await stepCall(ctx, 'DeleteObject', () => ctx.aws.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: outputKey })));

  ctx.onProgress?.({ phase: { en: `invoking ${ctx.lesson.resources.function.name}`, ja: `${ctx.lesson.resources.function.name} を実行しています` } });
  const result = await invokeWithS3Event(ctx, key, image.length);
  if (result.functionError) {
    throw new StepFailure(
      { en: `The function failed (${result.functionError}): ${summarizeError(result.payload)}`, ja: `関数がエラーになりました (${result.functionError}): ${summarizeError(result.payload)}` },
      'lambda-not-executing',
      [{ label: LABEL.payload, value: result.payload.slice(0, 1000) }, { label: LABEL.logTail, value: result.logTail.trim(), log: true }],
    );
  }
  const inspection = await stepCall(ctx, 'GetObject', () => inspectOutput(ctx.aws, ctx.lesson, outputKey, { width: 1600, format: 'jpeg' }));
  if (inspection.problems.length > 0) {
    throw new StepFailure(
      { en: `The function ran, but ${inspection.problems.map((p) => p.en).join('; ')}`, ja: `関数は実行されましたが、${inspection.problems.map((p) => p.ja).join('。')}` },
      'lambda-not-executing',
      [{ label: LABEL.result, value: result.payload.slice(0, 1000) }, { label: LABEL.logTail, value: result.logTail.trim(), log: true }],
    );
  }
  return {
    changes: [
      { resource: key, state: 'created', note: { en: `uploaded a 1600×1200 test JPEG as ${key}`, ja: `1600×1200 のテスト JPEG を ${key} としてアップロードしました` } },
      {
        resource: outputKey,
        state: 'created',
        note: {
          en: `the function wrote ${outputKey}: ${inspection.width}×${inspection.height} ${inspection.format} (invoke took ${Math.round(result.durationMs)} ms)`,
          ja: `関数が ${outputKey} を書き込みました: ${inspection.width}×${inspection.height} ${inspection.format} (実行時間 ${Math.round(result.durationMs)} ms)`,
        },
      },
    ],
    details: { invokeMs: Math.round(result.durationMs), outputWidth: inspection.width ?? 0 },
  };
}

/** Removes test objects; a failure to clean up is not the step's failure. */
export async function deleteQuietly(ctx: StepContext, keys: string[]): Promise<void> {
  const bucket = ctx.lesson.resources.bucket.name;
  await Promise.all(keys.map((key) => ctx.aws.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined)));
}

/** The errorType and errorMessage of a Lambda error payload, or its first characters. */
export function summarizeError(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as { errorType?: string; errorMessage?: string };
    // The first line says it; what follows is a require stack or a trace inside the runtime.
    if (parsed.errorType || parsed.errorMessage) return `${parsed.errorType ?? 'Error'}: ${(parsed.errorMessage ?? '').split('\n')[0]}`.trim();
  } catch {
    /* not JSON */
  }
  return payload.slice(0, 300);
}
