// ARNs derived from names, region and account, as AWS (and LocalStack) form them.
export const bucketArn = (bucket: string): string => `arn:aws:s3:::${bucket}`;
export const roleArn = (accountId: string, role: string): string => `arn:aws:iam::${accountId}:role/${role}`;
export const functionArn = (region: string, accountId: string, name: string): string =>
  `arn:aws:lambda:${region}:${accountId}:function:${name}`;
