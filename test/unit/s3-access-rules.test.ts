// The small rule engines behind the endpoint's S3 access: the bucket policy evaluator (anonymous
// callers), CORS rule matching, and which IAM action each request needs.
import { describe, expect, it } from '@jest/globals';
import { evaluateBucketPolicy } from '../../src/endpoint/s3/policy.js';
import { corsHeaders, matchCorsRule, type CorsRule } from '../../src/endpoint/s3/cors.js';
import { s3Permission } from '../../src/endpoint/s3/access.js';
import type { EndpointRequest } from '../../src/endpoint/http.js';

const LESSON_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'PublicReadGetObject', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::product-images/*' }],
});
const get = (key: string) => ({ action: 's3:GetObject', resource: `arn:aws:s3:::product-images/${key}` });

describe('bucket policy evaluation for anonymous callers', () => {
  it('the lesson’s PublicReadGetObject allows GetObject on every key and nothing else', () => {
    expect(evaluateBucketPolicy(LESSON_POLICY, get('processed/a b.jpg'))).toBe('allow');
    expect(evaluateBucketPolicy(LESSON_POLICY, { action: 's3:PutObject', resource: 'arn:aws:s3:::product-images/x' })).toBe('no-match');
    expect(evaluateBucketPolicy(LESSON_POLICY, { action: 's3:ListBucket', resource: 'arn:aws:s3:::product-images' })).toBe('no-match');
    expect(evaluateBucketPolicy(LESSON_POLICY, { action: 's3:GetObject', resource: 'arn:aws:s3:::product-images-2/x' })).toBe('no-match');
    expect(evaluateBucketPolicy(undefined, get('x'))).toBe('no-match');
  });

  it('Principal {"AWS": "*"} and lists, action wildcards (case-insensitive), resource wildcards (case-sensitive)', () => {
    const policy = JSON.stringify({ Statement: { Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['S3:Get*', 's3:List?ucket'], Resource: ['arn:aws:s3:::product-images/public/*', 'arn:aws:s3:::product-images'] } });
    expect(evaluateBucketPolicy(policy, get('public/x.jpg'))).toBe('allow');
    expect(evaluateBucketPolicy(policy, get('Public/x.jpg'))).toBe('no-match');
    expect(evaluateBucketPolicy(policy, { action: 's3:ListBucket', resource: 'arn:aws:s3:::product-images' })).toBe('allow');
  });

  it('a principal that names an account or a service does not cover anonymous callers', () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 's3:*', Resource: '*' }] });
    expect(evaluateBucketPolicy(policy, get('x'))).toBe('no-match');
  });

  it('an explicit Deny wins, including NotPrincipal, NotAction and NotResource forms', () => {
    const policy = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::product-images/*' },
        { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::000000000000:root' }, Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::product-images/*' },
        { Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', NotResource: 'arn:aws:s3:::product-images/uploads/*', },
      ],
    });
    expect(evaluateBucketPolicy(policy, get('x.jpg'))).toBe('allow');
    expect(evaluateBucketPolicy(policy, { action: 's3:DeleteObject', resource: 'arn:aws:s3:::product-images/x.jpg' })).toBe('deny');
    expect(evaluateBucketPolicy(policy, { action: 's3:PutObject', resource: 'arn:aws:s3:::product-images/x.jpg' })).toBe('deny');
    expect(evaluateBucketPolicy(policy, { action: 's3:PutObject', resource: 'arn:aws:s3:::product-images/uploads/x.jpg' })).toBe('allow');
  });

  it('conditions are not evaluated: an Allow with one grants nothing, a Deny with one applies', () => {
    const allow = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.1/32' } } }] });
    expect(evaluateBucketPolicy(allow, get('x'))).toBe('no-match');
    const deny = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] });
    expect(evaluateBucketPolicy(deny, get('x'))).toBe('deny');
  });
});

describe('CORS rule matching', () => {
  const rules: CorsRule[] = [
    { allowedOrigins: ['https://*.example.com'], allowedMethods: ['GET'], allowedHeaders: ['x-amz-*'], exposeHeaders: [], maxAgeSeconds: 60 },
    { allowedOrigins: ['*'], allowedMethods: ['PUT'], allowedHeaders: ['Content-Type'], exposeHeaders: ['ETag'] },
  ];

  it('matches origin (with one * wildcard), method, and on preflights every requested header', () => {
    expect(matchCorsRule(rules, { origin: 'https://shop.example.com', method: 'GET', requestHeaders: ['x-amz-date'] })).toBe(rules[0]);
    expect(matchCorsRule(rules, { origin: 'http://shop.example.com', method: 'GET' })).toBeUndefined();
    expect(matchCorsRule(rules, { origin: 'https://shop.example.com', method: 'GET', requestHeaders: ['authorization'] })).toBeUndefined();
    expect(matchCorsRule(rules, { origin: 'http://anything', method: 'PUT', requestHeaders: ['content-type'] })).toBe(rules[1]);
    expect(matchCorsRule(rules, { origin: 'http://anything', method: 'DELETE' })).toBeUndefined();
  });

  it('answers "*" without credentials for a wildcard rule, echoes a named origin with credentials', () => {
    expect(corsHeaders(rules[1], { origin: 'http://a', method: 'PUT' }, 'actual')).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'PUT',
      'access-control-expose-headers': 'ETag',
      vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
    expect(corsHeaders(rules[0], { origin: 'https://a.example.com', method: 'GET', requestHeaders: ['x-amz-date'] }, 'preflight')).toMatchObject({
      'access-control-allow-origin': 'https://a.example.com',
      'access-control-allow-credentials': 'true',
      'access-control-allow-headers': 'x-amz-date',
      'access-control-max-age': '60',
    });
  });
});

describe('the permission each S3 request needs', () => {
  const req = (method: string, query = ''): EndpointRequest =>
    ({ method, rawPath: '/', query: new URLSearchParams(query), headers: {}, hostname: '127.0.0.1', body: Buffer.alloc(0), requestId: 'r' }) as EndpointRequest;
  const bucket = { bucket: 'product-images' };
  const object = { bucket: 'product-images', key: 'a/b.jpg' };

  it('maps object and bucket operations to their IAM actions and ARNs', () => {
    expect(s3Permission(req('GET'), object)).toEqual({ action: 's3:GetObject', resource: 'arn:aws:s3:::product-images/a/b.jpg' });
    expect(s3Permission(req('HEAD'), object)?.action).toBe('s3:GetObject');
    expect(s3Permission(req('PUT'), object)?.action).toBe('s3:PutObject');
    expect(s3Permission(req('DELETE', 'uploadId=1'), object)?.action).toBe('s3:AbortMultipartUpload');
    expect(s3Permission(req('GET', 'list-type=2'), bucket)).toEqual({ action: 's3:ListBucket', resource: 'arn:aws:s3:::product-images' });
    expect(s3Permission(req('PUT', 'policy'), bucket)?.action).toBe('s3:PutBucketPolicy');
    expect(s3Permission(req('DELETE', 'cors'), bucket)?.action).toBe('s3:PutBucketCORS');
    expect(s3Permission(req('PUT'), bucket)?.action).toBe('s3:CreateBucket');
    expect(s3Permission(req('GET'), {})).toBeUndefined();
  });
});
