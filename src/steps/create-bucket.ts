// Step 2: the bucket exists, with the lesson's CORS rules and bucket policy. Each part is only
// written when it differs, so running the step again changes nothing.
import {
  CreateBucketCommand, GetBucketCorsCommand, GetBucketPolicyCommand, HeadBucketCommand, PutBucketCorsCommand,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3';
import { unlessMissing } from '../aws/errors.js';
import { sameDocument } from '../aws/compare.js';
import { stepCall } from './aws-call.js';
import type { StepAction, StepChange } from './context.js';

export const createBucket: StepAction = async (ctx) => {
  const { bucket } = ctx.lesson.resources;
  const { s3 } = ctx.aws;
  const changes: StepChange[] = [];

  const exists =
    (await stepCall(ctx, 'HeadBucket', () =>
      unlessMissing(s3.send(new HeadBucketCommand({ Bucket: bucket.name })), 'NotFound', 'NoSuchBucket'),
    )) !== undefined;
  if (!exists) {
    await stepCall(ctx, 'CreateBucket', () => s3.send(new CreateBucketCommand({ Bucket: bucket.name })));
  }
  changes.push({
    resource: bucket.name,
    state: exists ? 'unchanged' : 'created',
    note: exists
      ? { en: `bucket ${bucket.name} already exists`, ja: `バケット ${bucket.name} はすでにあります` }
      : { en: `created bucket ${bucket.name}`, ja: `バケット ${bucket.name} を作成しました` },
  });

  const cors = await stepCall(ctx, 'GetBucketCors', () =>
    unlessMissing(s3.send(new GetBucketCorsCommand({ Bucket: bucket.name })), 'NoSuchCORSConfiguration'),
  );
  const currentCors = cors && { CORSRules: cors.CORSRules };
  const corsSame = currentCors !== undefined && sameDocument(currentCors, bucket.cors.value);
  if (!corsSame) {
    await stepCall(ctx, 'PutBucketCors', () =>
      s3.send(new PutBucketCorsCommand({ Bucket: bucket.name, CORSConfiguration: bucket.cors.value })),
    );
  }
  changes.push({
    resource: `${bucket.name} CORS`,
    state: corsSame ? 'unchanged' : currentCors ? 'updated' : 'created',
    note: corsSame
      ? { en: 'CORS rules already as in cors.json', ja: 'CORS 設定はすでに cors.json のとおりです' }
      : { en: 'applied the CORS rules of cors.json', ja: 'cors.json の CORS 設定を適用しました' },
  });

  const policy = await stepCall(ctx, 'GetBucketPolicy', () =>
    unlessMissing(s3.send(new GetBucketPolicyCommand({ Bucket: bucket.name })), 'NoSuchBucketPolicy'),
  );
  const currentPolicy = policy?.Policy ? (JSON.parse(policy.Policy) as unknown) : undefined;
  const policySame = currentPolicy !== undefined && sameDocument(currentPolicy, bucket.policy.value);
  if (!policySame) {
    await stepCall(ctx, 'PutBucketPolicy', () =>
      s3.send(new PutBucketPolicyCommand({ Bucket: bucket.name, Policy: bucket.policy.text })),
    );
  }
  changes.push({
    resource: `${bucket.name} policy`,
    state: policySame ? 'unchanged' : currentPolicy ? 'updated' : 'created',
    note: policySame
      ? { en: 'bucket policy already as in policy.json', ja: 'バケットポリシーはすでに policy.json のとおりです' }
      : { en: 'applied the bucket policy of policy.json', ja: 'policy.json のバケットポリシーを適用しました' },
  });
  return { changes, details: {} };
};
