// SDK v3 clients for one endpoint, created once per command and passed to steps and checks.
// The SDK is imported lazily so commands that never call AWS (help, list) start fast.
import type { S3Client } from '@aws-sdk/client-s3';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsSettings } from '../config/credentials.js';

export interface AwsClients {
  settings: AwsSettings;
  s3: S3Client;
  lambda: LambdaClient;
  iam: IAMClient;
  sts: STSClient;
  logs: CloudWatchLogsClient;
  destroy(): void;
}

export async function createAwsClients(settings: AwsSettings): Promise<AwsClients> {
  // The SDK warns on Node 20 that its 2027 releases need Node 22: a note for this project's
  // maintainers (the dependency is pinned by the lock file), not for a learner mid-lesson.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [s3, lambda, iam, sts, logs] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-lambda'),
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-sts'),
    import('@aws-sdk/client-cloudwatch-logs'),
  ]);
  const common = {
    endpoint: settings.endpoint,
    region: settings.region,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // One retry: a flaky local endpoint is worth a second try, a down one should fail fast.
    maxAttempts: 2,
  };
  const clients = {
    settings,
    // Path-style: virtual-host names such as bucket.localhost do not resolve on many machines.
    s3: new s3.S3Client({ ...common, forcePathStyle: true }),
    lambda: new lambda.LambdaClient(common),
    iam: new iam.IAMClient(common),
    sts: new sts.STSClient(common),
    logs: new logs.CloudWatchLogsClient(common),
  };
  return {
    ...clients,
    destroy: () => {
      for (const client of [clients.s3, clients.lambda, clients.iam, clients.sts, clients.logs]) client.destroy();
    },
  };
}
