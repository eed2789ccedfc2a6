import { describe, it, expect } from '@jest/globals';
import { checkName, checkPath, checkPolicyArn, checkPolicyDocument } from '../../src/endpoint/iam/validation.js';
import { QueryError, memberList, paginate, queryErrorResponse, queryResponse } from '../../src/endpoint/iam/query-protocol.js';
import { findManagedPolicy, managedPolicyArn, AWS_MANAGED_POLICIES } from '../../src/endpoint/iam/managed-policies.js';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof QueryError) return `${error.status} ${error.code}`;
    throw error;
  }
  return 'ok';
}

describe('IAM checks', () => {
  it('validates role names', () => {
    expect(codeOf(() => checkName('lambda-image-processor-role', 'roleName', 64))).toBe('ok');
    expect(codeOf(() => checkName('a+b=c,d.e@f_g', 'roleName', 64))).toBe('ok');
    expect(codeOf(() => checkName('bad name', 'roleName', 64))).toBe('400 ValidationError');
    expect(codeOf(() => checkName('bad/name', 'roleName', 64))).toBe('400 ValidationError');
    expect(codeOf(() => checkName('', 'roleName', 64))).toBe('400 ValidationError');
    expect(codeOf(() => checkName('r'.repeat(65), 'roleName', 64))).toBe('400 ValidationError');
  });

  it('validates paths', () => {
    expect(checkPath(null)).toBe('/');
    expect(checkPath('/service-role/')).toBe('/service-role/');
    expect(codeOf(() => checkPath('service-role/'))).toBe('400 ValidationError');
    expect(codeOf(() => checkPath('/no-trailing'))).toBe('400 ValidationError');
  });

  it('tells invalid JSON from a policy without statements', () => {
    expect(codeOf(() => checkPolicyDocument('{"Version":"2012-10-17","Statement":[]}'))).toBe('ok');
    expect(codeOf(() => checkPolicyDocument('{"Version":'))).toBe('400 MalformedPolicyDocument');
    expect(codeOf(() => checkPolicyDocument('[1]'))).toBe('400 MalformedPolicyDocument');
    let message = '';
    try {
      checkPolicyDocument('{"Version":"2012-10-17"}');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('Syntax errors in policy.');
  });

  it('validates policy ARNs', () => {
    expect(codeOf(() => checkPolicyArn('arn:aws:iam::aws:policy/AmazonS3FullAccess'))).toBe('ok');
    expect(codeOf(() => checkPolicyArn('arn:aws:iam::000000000000:policy/mine'))).toBe('ok');
    expect(codeOf(() => checkPolicyArn('AmazonS3FullAccess'))).toBe('400 ValidationError');
  });

  it('resolves the AWS-managed policies the lessons attach', () => {
    for (const arn of [
      'arn:aws:iam::aws:policy/AmazonS3FullAccess',
      'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::aws:policy/AWSLambdaExecute',
      'arn:aws:iam::aws:policy/AWSLambda_FullAccess',
      'arn:aws:iam::aws:policy/CloudWatchLogsFullAccess',
      'arn:aws:iam::aws:policy/AdministratorAccess',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]) {
      expect(findManagedPolicy(arn)).toBeDefined();
    }
    expect(findManagedPolicy('arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole')).toBeUndefined();
    expect(new Set(AWS_MANAGED_POLICIES.map(managedPolicyArn)).size).toBe(AWS_MANAGED_POLICIES.length);
  });
});

describe('query protocol', () => {
  it('reads member lists in index order', () => {
    const params = new URLSearchParams('Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1&Other=x');
    expect(memberList(params, 'Tags')).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
    ]);
  });

  it('pages with an opaque marker', () => {
    const items = ['a', 'b', 'c'];
    const first = paginate(items, (x) => x, new URLSearchParams('MaxItems=2'));
    expect(first).toMatchObject({ page: ['a', 'b'], isTruncated: true });
    const second = paginate(items, (x) => x, new URLSearchParams({ MaxItems: '2', Marker: String(first.marker) }));
    expect(second).toEqual({ page: ['c'], isTruncated: false, marker: undefined });
    expect(codeOf(() => paginate(items, (x) => x, new URLSearchParams('MaxItems=0')))).toBe('400 ValidationError');
  });

  it('wraps results and errors with exact element names', () => {
    const ok = queryResponse('https://iam.amazonaws.com/doc/2010-05-08/', 'GetRole', { Role: { RoleName: 'r' } }, 'req-1');
    expect(String(ok.body)).toContain(
      '<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><RoleName>r</RoleName></Role></GetRoleResult>' +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetRoleResponse>',
    );
    const empty = queryResponse('ns', 'AttachRolePolicy', undefined, 'req-2');
    expect(String(empty.body)).toContain('<AttachRolePolicyResponse xmlns="ns"><ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></AttachRolePolicyResponse>');
    const error = queryErrorResponse('ns', new QueryError(404, 'NoSuchEntity', 'The role with name r cannot be found.'), 'req-3');
    expect(error.status).toBe(404);
    expect(String(error.body)).toContain(
      '<ErrorResponse xmlns="ns"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name r cannot be found.</Message></Error><RequestId>req-3</RequestId></ErrorResponse>',
    );
  });
});
