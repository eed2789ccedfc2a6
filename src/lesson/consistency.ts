// The JSON documents and the resource names must describe the same things: a notification that
// names another function, or a policy for another bucket, would make the runner and the learner's
// hand-typed commands disagree with the checks.
import type { Text } from '../i18n/text.js';
import type { LessonIssue } from './errors.js';
import type { NotificationConfiguration, PolicyDocument, S3EventDocument } from './documents.js';

export interface ConsistencyInput {
  lessonFile: string;
  bucket: { name: string; arn: string };
  functionArn: string;
  permissionSourceArn: string;
  /** Each document with the absolute path of its file; absent when it could not be read. */
  bucketPolicy?: { path: string; value: PolicyDocument };
  trustPolicy?: { path: string; value: PolicyDocument };
  notification?: { path: string; value: NotificationConfiguration };
  invokeEvent?: { path: string; value: S3EventDocument };
}

export function checkConsistency(input: ConsistencyInput): LessonIssue[] {
  const issues: LessonIssue[] = [];
  const mismatch = (file: string, field: string, found: string, expected: string, what: Text): void => {
    issues.push({
      file,
      field,
      problem: {
        en: `'${found}' does not match ${what.en} '${expected}'`,
        ja: `'${found}' が${what.ja} '${expected}' と一致しません`,
      },
    });
  };
  const functionWord: Text = { en: "the lesson's function", ja: 'レッスンの関数' };
  const bucketWord: Text = { en: "the lesson's bucket", ja: 'レッスンのバケット' };

  if (input.permissionSourceArn !== input.bucket.arn) {
    mismatch(input.lessonFile, 'resources.permission.sourceArn', input.permissionSourceArn, input.bucket.arn, bucketWord);
  }
  input.notification?.value.LambdaFunctionConfigurations.forEach((config, index) => {
    if (config.LambdaFunctionArn !== input.functionArn) {
      mismatch(input.notification!.path, `LambdaFunctionConfigurations[${index}].LambdaFunctionArn`, config.LambdaFunctionArn, input.functionArn, functionWord);
    }
  });
  input.bucketPolicy?.value.Statement.forEach((statement, index) => {
    const resources = statement.Resource === undefined ? [] : [statement.Resource].flat();
    resources.forEach((resource, resourceIndex) => {
      if (resource !== input.bucket.arn && !resource.startsWith(`${input.bucket.arn}/`)) {
        const field = Array.isArray(statement.Resource) ? `Statement[${index}].Resource[${resourceIndex}]` : `Statement[${index}].Resource`;
        mismatch(input.bucketPolicy!.path, field, resource, `${input.bucket.arn}/*`, bucketWord);
      }
    });
  });
  if (input.trustPolicy && !trusts(input.trustPolicy.value, 'lambda.amazonaws.com')) {
    issues.push({
      file: input.trustPolicy.path,
      field: 'Statement',
      problem: {
        en: "no statement lets 'lambda.amazonaws.com' assume the role (Principal.Service), so the function could not use it",
        ja: "'lambda.amazonaws.com' にロールの引き受けを許可する文 (Principal.Service) がないため、関数がこのロールを使えません",
      },
    });
  }
  input.invokeEvent?.value.Records.forEach((record, index) => {
    if (record.s3.bucket.name !== input.bucket.name) {
      mismatch(input.invokeEvent!.path, `Records[${index}].s3.bucket.name`, record.s3.bucket.name, input.bucket.name, bucketWord);
    }
  });
  return issues;
}

function trusts(policy: PolicyDocument, service: string): boolean {
  return policy.Statement.some((statement) => {
    if (statement.Effect !== 'Allow' || typeof statement.Principal !== 'object') return false;
    return [statement.Principal.Service ?? []].flat().includes(service);
  });
}
