// Reads the bucket's step-2 settings and compares them with the lesson's files: shared by the
// bucket-created check and doctor's advice, so both see the same thing.
import { GetBucketCorsCommand, GetBucketPolicyCommand, HeadBucketCommand } from '@aws-sdk/client-s3';
import { unlessMissing } from '../aws/errors.js';
import { sameDocument } from '../aws/compare.js';
import type { WrongSetting } from '../lesson/bucket-settings.js';
import type { StepContext } from '../steps/context.js';
import type { Evidence } from './result.js';

export interface BucketSettings {
  exists: boolean;
  /** Empty when both settings are as the lesson's files say. */
  wrong: WrongSetting[];
  evidence: Evidence[];
}

export async function inspectBucketSettings(ctx: Pick<StepContext, 'aws' | 'lesson'>): Promise<BucketSettings> {
  const { bucket } = ctx.lesson.resources;
  const s3 = ctx.aws.s3;
  const exists = await unlessMissing(s3.send(new HeadBucketCommand({ Bucket: bucket.name })), 'NotFound', 'NoSuchBucket');
  if (!exists) return { exists: false, wrong: [], evidence: [{ label: 'HeadBucket', value: '404 Not Found' }] };
  const cors = await unlessMissing(s3.send(new GetBucketCorsCommand({ Bucket: bucket.name })), 'NoSuchCORSConfiguration');
  const policy = await unlessMissing(s3.send(new GetBucketPolicyCommand({ Bucket: bucket.name })), 'NoSuchBucketPolicy');
  const evidence: Evidence[] = [
    { label: 'CORS', value: cors ? JSON.stringify(cors.CORSRules) : 'none (NoSuchCORSConfiguration)' },
    { label: 'policy', value: policy?.Policy ?? 'none (NoSuchBucketPolicy)' },
  ];
  const wrong: WrongSetting[] = [];
  if (!cors) wrong.push({ setting: 'cors', state: 'missing' });
  else if (!sameDocument({ CORSRules: cors.CORSRules }, bucket.cors.value)) wrong.push({ setting: 'cors', state: 'different' });
  if (!policy?.Policy) wrong.push({ setting: 'policy', state: 'missing' });
  else if (!samePolicy(policy.Policy, bucket.policy.value)) wrong.push({ setting: 'policy', state: 'different' });
  return { exists: true, wrong, evidence };
}

/** A policy that is not JSON differs (the endpoint refuses those; another emulator might not). */
function samePolicy(text: string, lesson: unknown): boolean {
  try {
    return sameDocument(JSON.parse(text), lesson);
  } catch {
    return false;
  }
}
