import { describe, expect, it } from '@jest/globals';
import { guardRealAws, isLocalEndpoint, resolveEndpoint } from '../../src/config/endpoint.js';
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
    expect(() => resolveEndpoint(undefined, { AWS_ENDPOINT_URL: 'http://' })).toThrow(/AWS_ENDPOINT_URL is not a URL/);
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
