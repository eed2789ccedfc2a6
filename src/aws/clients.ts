// SDK v3 clients for one endpoint, created once per command and passed to steps and checks.
// The SDK is imported lazily so commands that never call AWS (help, list) start fast. Each client
// is made when first used: a read-only class check needs S3 and Lambda only, and setting a client
// up (config resolution, its middleware stack) is a real part of checking 30 learners.
import type { S3Client } from '@aws-sdk/client-s3';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsSettings } from '../config/credentials.js';

export interface AwsClients {
  settings: AwsSettings;
  readonly s3: S3Client;
  readonly lambda: LambdaClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  readonly logs: CloudWatchLogsClient;
  /** Destroys the clients (those not used yet are never made; one first used after this comes destroyed, as before). */
  destroy(): void;
}

export type AwsClient = S3Client | LambdaClient | IAMClient | STSClient | CloudWatchLogsClient;

export interface AwsClientsOptions {
  /** Called with each client as it is made, before its first call (e.g. to add middleware). */
  onClient?: (client: AwsClient) => void;
}

type ClientName = 's3' | 'lambda' | 'iam' | 'sts' | 'logs';

export async function createAwsClients(settings: AwsSettings, options: AwsClientsOptions = {}): Promise<AwsClients> {
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
  const make: { [name in ClientName]: () => AwsClients[name] } = {
    // Path-style: virtual-host names such as bucket.localhost do not resolve on many machines.
    s3: () => new s3.S3Client({ ...common, forcePathStyle: true }),
    lambda: () => new lambda.LambdaClient(common),
    iam: () => new iam.IAMClient(common),
    sts: () => new sts.STSClient(common),
    logs: () => new logs.CloudWatchLogsClient(common),
  };
  const made: Partial<{ [name in ClientName]: AwsClients[name] }> = {};
  let destroyed = false;
  const client = <N extends ClientName>(name: N): AwsClients[N] => {
    let existing = made[name] as AwsClients[N] | undefined;
    if (!existing) {
      existing = make[name]() as AwsClients[N];
      options.onClient?.(existing);
      if (destroyed) existing.destroy();
      made[name] = existing;
    }
    return existing;
  };
  return {
    settings,
    get s3() {
      return client('s3');
    },
    get lambda() {
      return client('lambda');
    },
    get iam() {
      return client('iam');
    },
    get sts() {
      return client('sts');
    },
    get logs() {
      return client('logs');
    },
    destroy: () => {
      destroyed = true;
      for (const each of Object.values(made)) each.destroy();
    },
  };
}
