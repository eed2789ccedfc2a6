// Checks 1–3: the endpoint works, the bucket is there as the lesson says, the function is deployed.
import { GetBucketCorsCommand, GetBucketPolicyCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { unlessMissing } from '../aws/errors.js';
import { sameDocument } from '../aws/compare.js';
import { verifyEndpoint } from '../steps/verify-endpoint.js';
import { CheckFail, type CheckDefinition } from './define.js';
import type { Evidence } from './result.js';
import { LABEL } from './evidence-labels.js';

export const localstackRunning: CheckDefinition = {
  id: 'localstack-running',
  needsEndpoint: false,
  run: async (ctx) => {
    const outcome = await verifyEndpoint(ctx);
    const note = outcome.changes[0].note;
    return { status: 'pass', message: note, evidence: [{ label: LABEL.endpoint, value: ctx.endpoint.url }] };
  },
};

export const bucketCreated: CheckDefinition = {
  id: 'bucket-created',
  needsEndpoint: true,
  run: async (ctx) => {
    const { bucket } = ctx.lesson.resources;
    const s3 = ctx.aws.s3;
    const exists = await unlessMissing(s3.send(new HeadBucketCommand({ Bucket: bucket.name })), 'NotFound', 'NoSuchBucket');
    if (!exists) {
      throw new CheckFail(
        { en: `Bucket ${bucket.name} does not exist. Do step 2 (serverless-tutorial run --step bucket) or: awslocal s3 mb s3://${bucket.name}`, ja: `バケット ${bucket.name} がありません。ステップ 2 を実行するか (serverless-tutorial run --step bucket)、awslocal s3 mb s3://${bucket.name} を実行してください` },
        undefined,
        [{ label: 'HeadBucket', value: '404 Not Found' }],
      );
    }
    const cors = await unlessMissing(s3.send(new GetBucketCorsCommand({ Bucket: bucket.name })), 'NoSuchCORSConfiguration');
    const policy = await unlessMissing(s3.send(new GetBucketPolicyCommand({ Bucket: bucket.name })), 'NoSuchBucketPolicy');
    const evidence: Evidence[] = [
      { label: 'CORS', value: cors ? JSON.stringify(cors.CORSRules) : { en: 'none (NoSuchCORSConfiguration)', ja: 'なし (NoSuchCORSConfiguration)' } },
      { label: LABEL.bucketPolicy, value: policy?.Policy ?? { en: 'none (NoSuchBucketPolicy)', ja: 'なし (NoSuchBucketPolicy)' } },
    ];
    const missing: string[] = [];
    if (!cors || !sameDocument({ CORSRules: cors.CORSRules }, bucket.cors.value)) missing.push(cors ? 'CORS differs from cors.json' : 'no CORS rules');
    if (!policy?.Policy || !sameDocument(JSON.parse(policy.Policy), bucket.policy.value)) missing.push(policy?.Policy ? 'policy differs from policy.json' : 'no bucket policy');
    if (missing.length > 0) {
      throw new CheckFail(
        { en: `Bucket ${bucket.name} exists, but: ${missing.join(', ')}. Step 2 applies both.`, ja: `バケット ${bucket.name} はありますが、${missing.map(jaMissing).join('、')}。ステップ 2 で両方とも設定されます。` },
        undefined,
        evidence,
      );
    }
    return { status: 'pass', message: { en: `bucket ${bucket.name} exists with the lesson's CORS rules and policy`, ja: `バケット ${bucket.name} があり、CORS とポリシーもレッスンのとおりです` }, evidence };
  },
};

function jaMissing(what: string): string {
  return (
    { 'no CORS rules': 'CORS 設定がありません', 'CORS differs from cors.json': 'CORS 設定が cors.json と違います', 'no bucket policy': 'バケットポリシーがありません', 'policy differs from policy.json': 'バケットポリシーが policy.json と違います' } as Record<string, string>
  )[what] ?? what;
}

export const functionDeployed: CheckDefinition = {
  id: 'function-deployed',
  needsEndpoint: true,
  run: async (ctx) => {
    const fn = ctx.lesson.resources.function;
    const got = await unlessMissing(ctx.aws.lambda.send(new GetFunctionCommand({ FunctionName: fn.name })), 'ResourceNotFoundException');
    const c = got?.Configuration;
    if (!c) {
      throw new CheckFail(
        { en: `Function ${fn.name} does not exist. Do steps 3 and 4 (serverless-tutorial run --step deploy).`, ja: `関数 ${fn.name} がありません。ステップ 3 と 4 を実行してください (serverless-tutorial run --step deploy)。` },
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
      c.Runtime !== fn.runtime ? { en: `runtime ${c.Runtime} (lesson: ${fn.runtime})`, ja: `ランタイムが ${c.Runtime} (レッスンでは ${fn.runtime})` } : undefined,
      c.Handler !== fn.handler ? { en: `handler ${c.Handler} (lesson: ${fn.handler})`, ja: `ハンドラーが ${c.Handler} (レッスンでは ${fn.handler})` } : undefined,
    ].filter((w) => w !== undefined);
    if (wrong.length > 0) {
      throw new CheckFail(
        { en: `Function ${fn.name} has ${wrong.map((w) => w.en).join(', ')}.`, ja: `関数 ${fn.name} の設定が違います: ${wrong.map((w) => w.ja).join('、')}。` },
        'lambda-not-executing',
        evidence,
      );
    }
    return { status: 'pass', message: { en: `function ${fn.name} is deployed and Active (${c.Runtime}, ${c.Handler})`, ja: `関数 ${fn.name} はデプロイ済みで Active です (${c.Runtime}、${c.Handler})` }, evidence };
  },
};
