// AWS-managed policies that can be attached to roles here. AWS has hundreds; these are the ones
// Lambda tutorials (this lesson included) attach. Their ARNs use the account `aws`.

export interface ManagedPolicy {
  name: string;
  /** IAM path, e.g. `/service-role/`. */
  path: string;
  description: string;
}

export const AWS_MANAGED_POLICIES: readonly ManagedPolicy[] = [
  { name: 'AdministratorAccess', path: '/', description: 'Full access to AWS services and resources.' },
  { name: 'PowerUserAccess', path: '/', description: 'Full access to AWS services except IAM user and group management.' },
  { name: 'ReadOnlyAccess', path: '/', description: 'Read-only access to AWS services and resources.' },
  { name: 'AmazonS3FullAccess', path: '/', description: 'Full access to all buckets via the AWS Management Console.' },
  { name: 'AmazonS3ReadOnlyAccess', path: '/', description: 'Read only access to all buckets via the AWS Management Console.' },
  { name: 'AWSLambdaExecute', path: '/', description: 'Put/Get access to S3 and full access to CloudWatch Logs.' },
  { name: 'AWSLambda_FullAccess', path: '/', description: 'Full access to AWS Lambda and read access to related services.' },
  { name: 'AWSLambda_ReadOnlyAccess', path: '/', description: 'Read-only access to AWS Lambda and related services.' },
  { name: 'AWSLambdaBasicExecutionRole', path: '/service-role/', description: 'Upload logs to CloudWatch.' },
  { name: 'AWSLambdaRole', path: '/service-role/', description: 'Invoke Lambda functions.' },
  { name: 'AWSLambdaVPCAccessExecutionRole', path: '/service-role/', description: 'Manage ENIs and write logs.' },
  { name: 'AWSLambdaSQSQueueExecutionRole', path: '/service-role/', description: 'Read from SQS and write logs.' },
  { name: 'AWSLambdaDynamoDBExecutionRole', path: '/service-role/', description: 'Read DynamoDB streams and write logs.' },
  { name: 'AWSLambdaKinesisExecutionRole', path: '/service-role/', description: 'Read Kinesis streams and write logs.' },
  { name: 'CloudWatchLogsFullAccess', path: '/', description: 'Full access to CloudWatch Logs.' },
  { name: 'CloudWatchLogsReadOnlyAccess', path: '/', description: 'Read-only access to CloudWatch Logs.' },
  { name: 'AmazonDynamoDBFullAccess', path: '/', description: 'Full access to Amazon DynamoDB.' },
  { name: 'AmazonSQSFullAccess', path: '/', description: 'Full access to Amazon SQS.' },
  { name: 'AmazonSNSFullAccess', path: '/', description: 'Full access to Amazon SNS.' },
  { name: 'AWSXRayDaemonWriteAccess', path: '/', description: 'Upload trace data to AWS X-Ray.' },
  { name: 'IAMFullAccess', path: '/', description: 'Full access to IAM.' },
  { name: 'IAMReadOnlyAccess', path: '/', description: 'Read-only access to IAM.' },
];

export function managedPolicyArn(policy: ManagedPolicy): string {
  return `arn:aws:iam::aws:policy${policy.path}${policy.name}`;
}

const BY_ARN = new Map(AWS_MANAGED_POLICIES.map((p) => [managedPolicyArn(p), p]));

export function findManagedPolicy(arn: string): ManagedPolicy | undefined {
  return BY_ARN.get(arn);
}
