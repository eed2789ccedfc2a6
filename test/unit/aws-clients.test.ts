// The SDK clients of one endpoint are made when first used: a check that only reads S3 and Lambda
// never sets up IAM, STS or CloudWatch Logs (the class check makes these per learner).
import { describe, expect, it } from '@jest/globals';
import { createAwsClients, type AwsClient } from '../../src/aws/clients.js';
import { localAwsSettings } from '../../src/config/credentials.js';

// Never called: nothing here sends a request (a closed port all the same).
const settings = localAwsSettings('http://127.0.0.1:9');

describe('createAwsClients', () => {
  it('makes each client on first use, once, and tells onClient before it is used', async () => {
    const made: AwsClient[] = [];
    const aws = await createAwsClients(settings, { onClient: (client) => made.push(client) });
    expect(made).toEqual([]);
    const s3 = aws.s3;
    expect(made).toEqual([s3]);
    expect(aws.s3).toBe(s3);
    const lambda = aws.lambda;
    expect(made).toEqual([s3, lambda]);
    expect(made.map((c) => c.constructor.name)).toEqual(['S3Client', 'LambdaClient']);
    aws.destroy();
  });

  it('destroys only the clients made, and a client first used after destroy comes destroyed', async () => {
    const destroyed: string[] = [];
    const aws = await createAwsClients(settings, {
      onClient: (client) => {
        const destroy = client.destroy.bind(client);
        client.destroy = () => {
          destroyed.push(client.constructor.name);
          destroy();
        };
      },
    });
    void aws.lambda;
    aws.destroy();
    expect(destroyed).toEqual(['LambdaClient']);
    void aws.iam;
    expect(destroyed).toEqual(['LambdaClient', 'IAMClient']);
    expect(aws.lambda).toBe(aws.lambda);
  });

  it('configures S3 path-style and the endpoint, region and credentials given', async () => {
    const aws = await createAwsClients(settings);
    expect(aws.s3.config.forcePathStyle).toBe(true);
    expect(await aws.lambda.config.region()).toBe('us-east-1');
    expect((await aws.sts.config.credentials()).accessKeyId).toBe('test');
    aws.destroy();
  });
});
