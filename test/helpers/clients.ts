// Real SDK v3 clients pointed at a local endpoint, configured the way the runner's own are.
import { S3Client } from '@aws-sdk/client-s3';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

const common = (endpoint: string) => ({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});

export function clientsFor(endpoint: string) {
  return {
    s3: new S3Client({ ...common(endpoint), forcePathStyle: true }),
    lambda: new LambdaClient(common(endpoint)),
    iam: new IAMClient(common(endpoint)),
    sts: new STSClient(common(endpoint)),
    logs: new CloudWatchLogsClient(common(endpoint)),
  };
}

export type Clients = ReturnType<typeof clientsFor>;
