import { describe, it, expect } from '@jest/globals';
import { arnLike, buildStatement, globMatch, statementsAllowInvoke } from '../../src/endpoint/lambda/policy.js';
import type { PolicyStatement } from '../../src/endpoint/lambda/records.js';
import { LambdaError } from '../../src/endpoint/lambda/errors.js';

const FN = 'arn:aws:lambda:us-east-1:000000000000:function:image-processor';
const S3 = { principalService: 's3.amazonaws.com', sourceArn: 'arn:aws:s3:::product-images', sourceAccount: '000000000000' };

const statement = (extra: Partial<PolicyStatement>): PolicyStatement => ({
  Sid: 's',
  Effect: 'Allow',
  Principal: { Service: 's3.amazonaws.com' },
  Action: 'lambda:InvokeFunction',
  Resource: FN,
  ...extra,
});

describe('ARN and glob matching', () => {
  it('matches wildcards within each ARN part', () => {
    expect(arnLike('arn:aws:s3:::product-images', 'arn:aws:s3:::product-images')).toBe(true);
    expect(arnLike('arn:aws:s3:::product-*', 'arn:aws:s3:::product-images')).toBe(true);
    expect(arnLike('arn:aws:s3:::product-image?', 'arn:aws:s3:::product-images')).toBe(true);
    expect(arnLike('arn:aws:s3:::other', 'arn:aws:s3:::product-images')).toBe(false);
    expect(arnLike('arn:aws:s3:::Product-Images', 'arn:aws:s3:::product-images')).toBe(false);
    // `*` in one part does not swallow the colons of the next ones.
    expect(arnLike('arn:*:s3', 'arn:aws:s3:::product-images')).toBe(false);
    expect(arnLike('arn:aws:lambda:*:*:function:*', FN)).toBe(true);
  });

  it('treats regex characters literally', () => {
    expect(globMatch('a.b', 'axb')).toBe(false);
    expect(globMatch('a+(b)', 'a+(b)')).toBe(true);
  });
});

describe('statementsAllowInvoke', () => {
  it('allows the lesson permission for its bucket only', () => {
    const policy = [statement({ Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::product-images' } } })];
    expect(statementsAllowInvoke(policy, S3)).toBe(true);
    expect(statementsAllowInvoke(policy, { ...S3, sourceArn: 'arn:aws:s3:::other-bucket' })).toBe(false);
    expect(statementsAllowInvoke(policy, { ...S3, principalService: 'sns.amazonaws.com' })).toBe(false);
  });

  it('needs a statement at all, an invoke action and an Allow', () => {
    expect(statementsAllowInvoke([], S3)).toBe(false);
    expect(statementsAllowInvoke([statement({ Action: 'lambda:GetFunction' })], S3)).toBe(false);
    expect(statementsAllowInvoke([statement({ Action: 'lambda:*' })], S3)).toBe(true);
    expect(statementsAllowInvoke([statement({ Action: ['lambda:GetPolicy', 'lambda:InvokeFunction'] })], S3)).toBe(true);
    expect(statementsAllowInvoke([statement({}), statement({ Sid: 'deny', Effect: 'Deny' })], S3)).toBe(false);
  });

  it('understands ArnEquals, SourceAccount and principal lists, and refuses unknown conditions', () => {
    expect(statementsAllowInvoke([statement({ Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::product-*' } } })], S3)).toBe(true);
    expect(statementsAllowInvoke([statement({ Condition: { StringEquals: { 'AWS:SourceAccount': '000000000000' } } })], S3)).toBe(true);
    expect(statementsAllowInvoke([statement({ Condition: { StringEquals: { 'AWS:SourceAccount': '111122223333' } } })], S3)).toBe(false);
    expect(statementsAllowInvoke([statement({ Principal: { Service: ['sqs.amazonaws.com', 's3.amazonaws.com'] } })], S3)).toBe(true);
    expect(statementsAllowInvoke([statement({ Principal: '*' })], S3)).toBe(true);
    expect(statementsAllowInvoke([statement({ Principal: { AWS: 'arn:aws:iam::000000000000:root' } })], S3)).toBe(false);
    expect(statementsAllowInvoke([statement({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })], S3)).toBe(false);
  });
});

describe('buildStatement', () => {
  it('builds the statement AWS stores, conditions included', () => {
    expect(
      buildStatement(
        { StatementId: 's3-trigger', Action: 'lambda:InvokeFunction', Principal: 's3.amazonaws.com', SourceArn: 'arn:aws:s3:::product-images' },
        FN,
      ),
    ).toEqual({
      Sid: 's3-trigger',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: FN,
      Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::product-images' } },
    });
  });

  it('maps account and IAM principals, and refuses others', () => {
    expect(buildStatement({ StatementId: 'a', Action: 'lambda:*', Principal: '111122223333' }, FN).Principal).toEqual({
      AWS: 'arn:aws:iam::111122223333:root',
    });
    expect(buildStatement({ StatementId: 'a', Action: '*', Principal: '*' }, FN).Principal).toBe('*');
    expect(() => buildStatement({ StatementId: 'a', Action: 'lambda:InvokeFunction', Principal: 'somebody' }, FN)).toThrow(
      'The provided principal was invalid. Please check the principal and try again.',
    );
  });

  it('validates the statement id and action with AWS patterns', () => {
    for (const input of [
      { StatementId: 'example.com', Action: 'lambda:InvokeFunction', Principal: '*' },
      { StatementId: 'ok', Action: 's3:GetObject', Principal: '*' },
      { Action: 'lambda:InvokeFunction', Principal: '*' },
    ]) {
      let error: unknown;
      try {
        buildStatement(input, FN);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LambdaError);
      expect((error as LambdaError).code).toBe('ValidationException');
    }
  });
});
