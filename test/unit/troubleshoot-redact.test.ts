// The instructor report must not carry a learner's credentials: every shape of secret is redacted,
// and ordinary evidence (ARNs, hashes, the lesson's names) survives.
import { describe, expect, it } from '@jest/globals';
import { redact } from '../../src/troubleshoot/index.js';

describe('redact', () => {
  it('removes AWS keys, LocalStack tokens, bearer tokens, signatures and private keys', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const text = [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      `aws_secret_access_key=${secret}`,
      `bare: ${secret}`,
      'LOCALSTACK_AUTH_TOKEN=ls-ABcd1234-EfGh-5678-ijkl-9012mnop3456',
      'token in text ls-ABcd1234-EfGh-5678-ijkl-9012mnop3456 here',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/s3/aws4_request, Signature=abc',
      'curl -H "Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig"',
      'https://bucket.s3.amazonaws.com/code.zip?X-Amz-Credential=ASIAXXXXXXXXXXXXXXXX%2F2026&X-Amz-Signature=deadbeef&X-Amz-Security-Token=FwoGZX',
      '{"SessionToken": "FwoGZXIvYXdzEBcaDHh", "password":"hunter22"}',
      'GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----',
    ].join('\n');
    const out = redact(text);
    for (const leaked of ['AKIAIOSFODNN7EXAMPLE', secret, 'ls-ABcd1234', 'eyJhbGci', 'deadbeef', 'FwoGZX', 'hunter22', 'ghp_abc', 'MIIEowIBAAKCAQEA', 'ASIAXXXX']) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain('aws_access_key_id = [REDACTED]');
    expect(out).toContain('LOCALSTACK_AUTH_TOKEN=[REDACTED]');
  });

  it('removes the values of secret-named environment variables wherever they appear', () => {
    const env = { LOCALSTACK_AUTH_TOKEN: 'my-very-own-token-value', MY_API_KEY: 'k3y-v4lue', SHORT_TOKEN: 'abc', PATH: '/usr/bin:/bin' };
    const out = redact('the log said: my-very-own-token-value and k3y-v4lue; PATH /usr/bin:/bin; abc', env);
    expect(out).toBe('the log said: [REDACTED] and [REDACTED]; PATH /usr/bin:/bin; abc');
  });

  it('keeps ordinary evidence: ARNs, CodeSha256, git hashes, the lesson names', () => {
    const text = [
      'arn:aws:lambda:us-east-1:000000000000:function:image-processor',
      'CodeSha256: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
      'commit ea89db9c2f4e6f4d1a0b8e3b5f0c7d9a1b2c3d4e',
      'BUCKET_NAME=product-images',
      'State=Active LastUpdateStatus=Successful',
    ].join('\n');
    expect(redact(text)).toBe(text);
  });
});
