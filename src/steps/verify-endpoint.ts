// Step 1: the endpoint answers, its health lists the lesson's services as usable, and S3 and
// Lambda list calls work.
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { readHealth, USABLE_STATES } from '../aws/health.js';
import { stepCall } from './aws-call.js';
import { StepFailure, type StepAction } from './context.js';
import { endpointStartCommand } from '../config/invocation.js';

export const verifyEndpoint: StepAction = async (ctx) => {
  const health = await readHealth(ctx.endpoint.url);
  if (health.unreachable) {
    throw new StepFailure(
      {
        en: `Nothing answers at ${ctx.endpoint.url} (${health.problem}). Start LocalStack (docker compose up -d) or the built-in endpoint (${endpointStartCommand(ctx.endpoint.url)}).`,
        ja: `${ctx.endpoint.url} に応答がありません (${health.problem})。LocalStack (docker compose up -d) か内蔵エンドポイント (${endpointStartCommand(ctx.endpoint.url)}) を起動してください。`,
      },
      'localstack-not-starting',
      [{ label: 'GET /_localstack/health', value: health.problem ?? 'no answer' }],
      true,
    );
  }
  if (health.problem) {
    throw new StepFailure(
      {
        en: `Something answers at ${ctx.endpoint.url}, but it is not LocalStack (${health.problem}).`,
        ja: `${ctx.endpoint.url} で応答したのは LocalStack ではないようです (${health.problem})。`,
      },
      'localstack-not-starting',
      [{ label: 'GET /_localstack/health', value: `${health.status ?? '-'} ${health.body ?? ''}`.trim() }],
    );
  }
  const unusable = ctx.lesson.resources.services.filter((s) => !USABLE_STATES.has(health.services[s] ?? 'missing'));
  if (unusable.length > 0) {
    throw new StepFailure(
      {
        en: `LocalStack answers, but ${unusable.map((s) => `${s} is "${health.services[s] ?? 'missing'}"`).join(', ')} (needs available or running).`,
        ja: `LocalStack は応答していますが、${unusable.map((s) => `${s} が "${health.services[s] ?? 'なし'}"`).join('、')} です (available か running が必要です)。`,
      },
      'localstack-not-starting',
      [{ label: 'health', value: health.body ?? '' }],
    );
  }
  const buckets = await stepCall(ctx, 'S3 ListBuckets', () => ctx.aws.s3.send(new ListBucketsCommand({})));
  const functions = await stepCall(ctx, 'Lambda ListFunctions', () => ctx.aws.lambda.send(new ListFunctionsCommand({})));
  const kindName = health.kind === 'builtin' ? 'built-in endpoint' : `LocalStack ${health.version ?? ''}`.trim();
  return {
    changes: [
      {
        resource: ctx.endpoint.url,
        state: 'verified',
        note: {
          en: `${kindName} answers; ${ctx.lesson.resources.services.map((s) => `${s} ${health.services[s]}`).join(', ')}; ${buckets.Buckets?.length ?? 0} bucket(s), ${functions.Functions?.length ?? 0} function(s)`,
          ja: `${health.kind === 'builtin' ? '内蔵エンドポイントが' : `${kindName} が`}応答しました。${ctx.lesson.resources.services.map((s) => `${s} ${health.services[s]}`).join('、')}、バケット ${buckets.Buckets?.length ?? 0} 個、関数 ${functions.Functions?.length ?? 0} 個`,
        },
      },
    ],
    details: { endpointKind: health.kind, ...(health.version ? { version: health.version } : {}) },
  };
};
