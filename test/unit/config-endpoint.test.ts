import { describe, expect, it } from '@jest/globals';
import { guardRealAws, hideUserinfo, isLocalEndpoint, parseEndpointOption, resolveEndpoint } from '../../src/config/endpoint.js';
import { resolveLang } from '../../src/config/language.js';
import { UserFacingError } from '../../src/errors.js';

describe('endpoint resolution', () => {
  it('prefers --endpoint, then AWS_ENDPOINT_URL, then LOCALSTACK_HOST, then the default', () => {
    const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:4000', LOCALSTACK_HOST: 'ls:4999' };
    expect(resolveEndpoint('http://localhost:5000/', env)).toEqual({ url: 'http://localhost:5000', source: '--endpoint' });
    expect(resolveEndpoint(undefined, env)).toEqual({ url: 'http://127.0.0.1:4000', source: 'AWS_ENDPOINT_URL' });
    expect(resolveEndpoint(undefined, { LOCALSTACK_HOST: 'ls:4999' })).toEqual({ url: 'http://ls:4999', source: 'LOCALSTACK_HOST' });
    expect(resolveEndpoint(undefined, { LOCALSTACK_HOST: 'localhost.localstack.cloud' })).toEqual({
      url: 'http://localhost.localstack.cloud:4566', source: 'LOCALSTACK_HOST',
    });
    expect(resolveEndpoint(undefined, {})).toEqual({ url: 'http://localhost:4566', source: 'default' });
  });

  it('explains a value that is not a URL', () => {
    expect(() => resolveEndpoint('ftp://x', {})).toThrow(UserFacingError);
    expect(() => resolveEndpoint(undefined, { AWS_ENDPOINT_URL: 'http://' })).toThrow(/AWS_ENDPOINT_URL: "http:\/\/" is not a URL/);
  });

  it.each([
    ['', /the value is empty/, /値が空です/],
    ['   ', /the value is empty/, /値が空です/],
    ['http://127.0.0.1:0', /port 0, where nothing can answer/, /ポート 0 では何も応答できません/],
    ['localhost:0', /port 0/, /ポート 0/],
    ['http://169.254.169.254', /169\.254\.169\.254 is a cloud instance metadata service/, /メタデータサービス/],
    ['http://2852039166', /169\.254\.169\.254 is a cloud instance metadata service/, /メタデータサービス/],
    ['http://[::ffff:169.254.169.254]', /169\.254\.169\.254 is a cloud instance metadata service/, /メタデータサービス/],
    ['http://[fd00:ec2::254]', /metadata service/, /メタデータサービス/],
    ['http://169.254.170.2', /metadata service/, /メタデータサービス/],
    ['http://metadata.google.internal', /metadata service/, /メタデータサービス/],
    ['http://169.254.10.20:4566', /link-local address/, /リンクローカルアドレス/],
    ['http://[fe80::1]:4566', /link-local address/, /リンクローカルアドレス/],
  ])('refuses --endpoint %j up front with a reason, in both languages', (value, en, ja) => {
    let caught: unknown;
    try {
      parseEndpointOption(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserFacingError);
    expect((caught as UserFacingError).exitCode).toBe(2);
    expect((caught as UserFacingError).text.en).toMatch(/^--endpoint: /);
    expect((caught as UserFacingError).text.en).toMatch(en);
    expect((caught as UserFacingError).text.ja).toMatch(ja);
    // The same rules for the variables and the default path.
    expect(() => resolveEndpoint(undefined, { AWS_ENDPOINT_URL: value || 'http://127.0.0.1:0' })).toThrow(UserFacingError);
  });

  it('never repeats a password given in the URL', () => {
    expect(hideUserinfo('http://admin:hunter2pw@169.254.169.254/')).toBe('http://***@169.254.169.254/');
    expect(() => parseEndpointOption('ftp://admin:hunter2pw@localhost')).toThrow(/"ftp:\/\/\*\*\*@localhost"/);
    expect(resolveEndpoint('http://admin:hunter2pw@localhost:4566', {}).url).toBe('http://localhost:4566');
  });

  it('treats an empty AWS_ENDPOINT_URL as unset (as the AWS CLI does), but not an empty --endpoint', () => {
    expect(resolveEndpoint(undefined, { AWS_ENDPOINT_URL: '' })).toEqual({ url: 'http://localhost:4566', source: 'default' });
    expect(() => resolveEndpoint('', {})).toThrow(/--endpoint: the value is empty/);
  });

  it.each([
    ['http://localhost:4566', true],
    ['http://127.0.0.1:4566', true],
    ['http://[::1]:4566', true],
    ['http://localhost.localstack.cloud:4566', true],
    ['http://s3.localhost.localstack.cloud:4566', true],
    ['http://localstack:4566', true],
    ['http://192.168.1.20:4566', true],
    ['http://172.20.0.2:4566', true],
    ['http://10.0.0.5:4566', true],
    ['https://s3.us-east-1.amazonaws.com', false],
    ['https://lambda.ap-northeast-1.amazonaws.com', false],
    ['http://8.8.8.8:4566', false],
    ['http://172.40.0.1:4566', false],
  ])('%s is local: %s', (url, local) => {
    expect(isLocalEndpoint(url)).toBe(local);
  });

  it('refuses real AWS unless --allow-aws, in both languages', () => {
    const aws = { url: 'https://s3.amazonaws.com', source: '--endpoint' as const };
    let caught: unknown;
    try {
      guardRealAws(aws, false);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserFacingError);
    expect((caught as UserFacingError).text.en).toContain('--allow-aws');
    expect((caught as UserFacingError).text.ja).toContain('--allow-aws');
    expect((caught as UserFacingError).exitCode).toBe(2);
    expect(() => guardRealAws(aws, true)).not.toThrow();
    expect(() => guardRealAws({ url: 'http://localhost:4566', source: 'default' }, false)).not.toThrow();
  });
});

describe('language resolution', () => {
  it('prefers --lang, then SERVERLESS_TUTORIAL_LANG, then LANG/LC_ALL starting ja, else English', () => {
    expect(resolveLang('en', { SERVERLESS_TUTORIAL_LANG: 'ja', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(resolveLang(undefined, { SERVERLESS_TUTORIAL_LANG: 'ja', LANG: 'en_US.UTF-8' })).toBe('ja');
    expect(resolveLang(undefined, { LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(resolveLang(undefined, { LC_ALL: 'ja_JP.UTF-8', LANG: 'C' })).toBe('ja');
    expect(resolveLang(undefined, { LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(resolveLang(undefined, {})).toBe('en');
  });
});
