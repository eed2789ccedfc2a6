// The instructor report must not carry a learner's credentials: every shape of secret is redacted,
// and ordinary evidence (ARNs, hashes, the lesson's names) survives.
import { describe, expect, it } from '@jest/globals';
import { redact } from '../../src/troubleshoot/index.js';
import { loadRedactor, maskRanges, redactingIo } from '../../src/troubleshoot/redact-rules.js';

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

  it('removes URL passwords, DB_PASS-style values and Google API keys', () => {
    const text = [
      'AWS_ENDPOINT_URL=http://admin:hunter2pw@127.0.0.1:4566',
      'DATABASE_URL=postgres://app:pg-s3cret@db.example.com:5432/app',
      'clone https://ghp_abcdefghijklmnopqrstuvwxyz0123@github.com/x/y',
      'DB_PASS=correct-horse-battery',
      'MYSQL_PWD=staple99',
      'GOOGLE_MAPS_KEY=AIzaSyD-1234567890abcdefghijklmnopqrstu',
      'key in text AIzaSyD-1234567890abcdefghijklmnopqrstu here',
    ].join('\n');
    const out = redact(text);
    for (const leaked of ['hunter2pw', 'pg-s3cret', 'ghp_abc', 'correct-horse', 'staple99', 'AIzaSyD']) expect(out).not.toContain(leaked);
    expect(out).toContain('http://admin:[REDACTED]@127.0.0.1:4566');
    expect(out).toContain('DB_PASS=[REDACTED]');
    // Words that merely contain "pass" are not secret names.
    expect(redact('bypass=true compass=north passenger=3')).toBe('bypass=true compass=north passenger=3');
    // PWD is the shell's working directory.
    expect(redact('PWD=/home/aiko/lesson OLDPWD=/home/aiko', { PWD: '/home/aiko/lesson', OLDPWD: '/home/aiko', MYSQL_PWD: 'staple99' })).toBe('PWD=/home/aiko/lesson OLDPWD=/home/aiko');
  });

  it('adds secretlint\'s recommended rules (tokens our own rules do not know), and keeps ordinary evidence', async () => {
    const redactor = await loadRedactor({});
    // Shapes only secretlint's rules know (GitLab, Hugging Face, Shopify, Groq): our own rules leave them.
    const tokens = [
      'glpat-abcdefghij0123456789',
      'hf_abcdefghijklmnopqrstuvwxyzABCDEFGH',
      'shpat_0123456789abcdef0123456789abcdef',
      'gsk_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP',
    ];
    const text = tokens.map((t) => `seen: ${t}`).join('\n');
    expect(redact(text)).toBe(text);
    expect(await redactor.redact(text)).toBe(tokens.map(() => 'seen: [REDACTED]').join('\n'));
    const evidence = 'arn:aws:lambda:us-east-1:000000000000:function:image-processor\nCodeSha256: 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nBUCKET_NAME=product-images';
    expect(await redactor.redact(evidence)).toBe(evidence);
    // Several texts in one pass: each comes back redacted on its own.
    expect(await redactor.redactAll(['DB_PASS=abcdef', 'plain', `npm_${'a1'.repeat(18)}`])).toEqual(['DB_PASS=[REDACTED]', 'plain', '[REDACTED]']);
  });

  it('widens a reported range to the whole token, and handles overlapping ranges', () => {
    expect(maskRanges('key=abcdef123 rest', [[0, 8]])).toBe('[REDACTED] rest');
    expect(maskRanges('a SECRET1 b SECRET2', [[2, 9], [12, 19], [4, 6]])).toBe('a [REDACTED] b [REDACTED]');
  });

  it('writes through the redactor in order, stdout and stderr interleaved as written', async () => {
    const redactor = await loadRedactor({ MY_TOKEN: 'token-value-123' });
    const written: string[] = [];
    const io = redactingIo({ stdout: (t) => written.push(`out:${t}`), stderr: (t) => written.push(`err:${t}`) }, redactor);
    io.stdout('one token-value-123\n');
    io.stderr('two\n');
    io.stdout('three http://u:p4ssword@h:1\n');
    await io.flush();
    io.stdout('four\n');
    await io.flush();
    expect(written).toEqual(['out:one [REDACTED]\n', 'err:two\n', 'out:three http://u:[REDACTED]@h:1\n', 'out:four\n']);
  });
});
