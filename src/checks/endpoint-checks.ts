// Checks 1–3: the endpoint works, the bucket is there as the lesson says, the function is deployed.
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { unlessMissing } from '../aws/errors.js';
import { verifyEndpoint } from '../steps/verify-endpoint.js';
import { CheckFail, type CheckDefinition } from './define.js';
import type { Evidence } from './result.js';
import { runnerCommand } from '../config/invocation.js';
import { bucketSettingsMessage } from '../lesson/bucket-settings.js';
import { inspectBucketSettings } from './bucket-settings.js';

export const localstackRunning: CheckDefinition = {
  id: 'localstack-running',
  needsEndpoint: false,
  run: async (ctx) => {
    const outcome = await verifyEndpoint(ctx);
    const note = outcome.changes[0].note;
    return { status: 'pass', message: note, evidence: [{ label: 'endpoint', value: ctx.endpoint.url }] };
  },
};

export const bucketCreated: CheckDefinition = {
  id: 'bucket-created',
  needsEndpoint: true,
  run: async (ctx) => {
    const { bucket } = ctx.lesson.resources;
    const settings = await inspectBucketSettings(ctx);
    if (!settings.exists) {
      throw new CheckFail(
        { en: `Bucket ${bucket.name} does not exist. Do step 2 (${runnerCommand('run --step bucket')}) or: awslocal s3 mb s3://${bucket.name}`, ja: `バケット ${bucket.name} がありません。ステップ 2 を実行するか (${runnerCommand('run --step bucket')})、awslocal s3 mb s3://${bucket.name} を実行してください` },
        undefined,
        settings.evidence,
      );
    }
    const evidence = settings.evidence;
    if (settings.wrong.length > 0) throw new CheckFail(bucketSettingsMessage(ctx.lesson, settings.wrong), undefined, evidence);
    return { status: 'pass', message: { en: `bucket ${bucket.name} exists with the lesson's CORS rules and policy`, ja: `バケット ${bucket.name} があり、CORS とポリシーもレッスンのとおりです` }, evidence };
  },
};

export const functionDeployed: CheckDefinition = {
  id: 'function-deployed',
  needsEndpoint: true,
  run: async (ctx) => {
    const fn = ctx.lesson.resources.function;
    const got = await unlessMissing(ctx.aws.lambda.send(new GetFunctionCommand({ FunctionName: fn.name })), 'ResourceNotFoundException');
    const c = got?.Configuration;
    if (!c) {
      throw new CheckFail(
        { en: `Function ${fn.name} does not exist. Do steps 3 and 4 (${runnerCommand('run --step deploy')}).`, ja: `関数 ${fn.name} がありません。ステップ 3 と 4 を実行してください (${runnerCommand('run --step deploy')})。` },
        'lambda-not-executing',
        [{ label: 'GetFunction', value: '404 ResourceNotFoundException' }],
      );
    }
    const evidence: Evidence[] = [
      { label: 'GetFunction', value: `State=${c.State} LastUpdateStatus=${c.LastUpdateStatus} Runtime=${c.Runtime} Handler=${c.Handler} CodeSize=${c.CodeSize}` },
      { label: 'CodeSha256', value: c.CodeSha256 ?? '-' },
    ];
    if (c.StateReason) evidence.push({ label: 'StateReason', value: `${c.StateReasonCode ?? ''} ${c.StateReason}`.trim() });
    if (c.State !== 'Active') {
      throw new CheckFail(
        { en: `Function ${fn.name} is ${c.State}${c.StateReason ? `: ${c.StateReason}` : ''} (it must be Active).`, ja: `関数 ${fn.name} は ${c.State} です${c.StateReason ? ` (${c.StateReason})` : ''}。Active である必要があります。` },
        'lambda-not-executing',
        evidence,
      );
    }
    if (c.LastUpdateStatus === 'Failed') {
      throw new CheckFail({ en: `The last update of ${fn.name} failed: ${c.LastUpdateStatusReason ?? ''}`, ja: `${fn.name} の最後の更新が失敗しています: ${c.LastUpdateStatusReason ?? ''}` }, 'lambda-not-executing', evidence);
    }
    const wrong = [
      c.Runtime !== fn.runtime ? `runtime ${c.Runtime} (lesson: ${fn.runtime})` : '',
      c.Handler !== fn.handler ? `handler ${c.Handler} (lesson: ${fn.handler})` : '',
    ].filter(Boolean);
    if (wrong.length > 0) {
      throw new CheckFail({ en: `Function ${fn.name} has ${wrong.join(', ')}.`, ja: `関数 ${fn.name} の設定が違います: ${wrong.join('、')}。` }, 'lambda-not-executing', evidence);
    }
    return { status: 'pass', message: { en: `function ${fn.name} is deployed and Active (${c.Runtime}, ${c.Handler})`, ja: `関数 ${fn.name} はデプロイ済みで Active です (${c.Runtime}、${c.Handler})` }, evidence };
  },
};
