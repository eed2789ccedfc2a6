// Probes of the lesson's function: its configuration and state, the file list of the zip that is
// really deployed (GetFunction's Code.Location serves it), a test invocation with the log tail,
// and the newest lines of its CloudWatch log group.
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetFunctionCommand, ListFunctionsCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { unlessMissing } from '../../aws/errors.js';
import { makeTestJpeg } from '../../aws/objects.js';
import { CHECK_PREFIX, type CheckContext } from '../../checks/context.js';
import { deleteQuietly, invokeWithS3Event, type InvocationResult } from '../../steps/invoke-function.js';
import { outputKeyFor } from '../../steps/verify-output.js';
import { listZipEntries } from '../../steps/packaging/read-zip.js';
import { downloadFunctionCode } from '../../aws/function-code.js';

export interface FunctionProbe {
  exists: boolean;
  configuration?: FunctionConfiguration;
  /** Entries of the deployed zip, when it could be downloaded. */
  zipEntries?: string[];
  zipError?: string;
  /** Names of the functions that are deployed (to spot a name mismatch). */
  deployed: string[];
}

export async function probeFunction(ctx: CheckContext): Promise<FunctionProbe> {
  const name = ctx.lesson.resources.function.name;
  const listed = await ctx.aws.lambda.send(new ListFunctionsCommand({})).catch(() => undefined);
  const deployed = (listed?.Functions ?? []).map((f) => f.FunctionName ?? '').filter(Boolean);
  const got = await unlessMissing(ctx.aws.lambda.send(new GetFunctionCommand({ FunctionName: name })), 'ResourceNotFoundException');
  if (!got?.Configuration) return { exists: false, deployed };
  const probe: FunctionProbe = { exists: true, configuration: got.Configuration, deployed };
  try {
    probe.zipEntries = await listZipEntries(await downloadFunctionCode(got.Code?.Location));
  } catch (error) {
    probe.zipError = (error as Error).message;
  }
  return probe;
}

/** The file the handler setting names must be in the zip: `index.handler` → index.js/.mjs/.cjs. */
export { handlerFileCandidates } from '../../steps/packaging/handler-module.js';

/**
 * Invokes the function as check 4 does (a real JPEG under the check prefix, an S3-shaped event,
 * LogType Tail), then removes what it wrote. Skipped (undefined) in read-only mode.
 */
export async function probeInvoke(ctx: CheckContext): Promise<InvocationResult | undefined> {
  if (ctx.readOnly) return undefined;
  const bucket = ctx.lesson.resources.bucket.name;
  const key = `${CHECK_PREFIX}${randomUUID()}.jpeg`;
  try {
    const image = await makeTestJpeg();
    await ctx.aws.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: image, ContentType: 'image/jpeg' }));
    return await invokeWithS3Event(ctx, key, image.length);
  } finally {
    await deleteQuietly(ctx, [key, outputKeyFor(ctx.lesson, key)]);
  }
}

/** The newest `limit` lines of the function's log group (`awslocal logs tail /aws/lambda/<name>`). */
export async function probeRecentLogs(ctx: CheckContext, limit = 40, sinceMs = 30 * 60_000): Promise<string[]> {
  const group = `/aws/lambda/${ctx.lesson.resources.function.name}`;
  const lines: string[] = [];
  let nextToken: string | undefined;
  // Bounded: a few pages are plenty for "what happened lately".
  for (let page = 0; page < 10; page++) {
    const out = await unlessMissing(
      ctx.aws.logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: Date.now() - sinceMs, ...(nextToken ? { nextToken } : {}) })),
      'ResourceNotFoundException',
    ).catch(() => undefined);
    if (!out) break;
    for (const event of out.events ?? []) lines.push((event.message ?? '').replace(/\n$/, ''));
    nextToken = out.nextToken;
    if (!nextToken) break;
  }
  return lines.slice(-limit);
}
