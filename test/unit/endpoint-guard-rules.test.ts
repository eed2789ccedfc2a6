// Which host names the endpoint serves, and how it recognises a request made by a web page.
import { describe, expect, it } from '@jest/globals';
import { hostname } from 'node:os';
import { createHostFilter, normalizeHostname } from '../../src/endpoint/guard/hosts.js';
import { isAllowedOrigin, pageOrigin, UNNAMED_PAGE } from '../../src/endpoint/guard/origins.js';
import { isS3ObjectAccess } from '../../src/endpoint/guard/guard.js';
import type { EndpointRequest } from '../../src/endpoint/http.js';
import { exposureWarning } from '../../src/commands/endpoint-exposure.js';

const request = (method: string, path: string, headers: Record<string, string> = {}): EndpointRequest => {
  const q = path.indexOf('?');
  return {
    method,
    rawPath: q === -1 ? path : path.slice(0, q),
    query: new URLSearchParams(q === -1 ? '' : path.slice(q + 1)),
    headers,
    hostname: (headers.host ?? '127.0.0.1').replace(/:\d+$/, ''),
    body: Buffer.alloc(0),
    requestId: 'r',
  };
};

describe('host names', () => {
  const serves = createHostFilter({ bindHost: '127.0.0.1', extraHosts: ['Classroom.Test', '*.lab.test'] });

  it('normalises Host values: case, port, IPv6 brackets, trailing dot', () => {
    expect(normalizeHostname('LocalHost:4566')).toBe('localhost');
    expect(normalizeHostname('[::1]:4566')).toBe('::1');
    expect(normalizeHostname('localhost.')).toBe('localhost');
  });

  it('serves what nobody else can re-point, plus the names given', () => {
    for (const name of ['', '127.0.0.1:4566', '192.168.1.20', '[fe80::1]:4566', 'localhost', 'a.b.localhost', 'localhost.localstack.cloud', 'bkt.s3.localhost.localstack.cloud:4566', 'host.docker.internal', hostname(), `${hostname()}.local`, 'classroom.test', 'pc1.lab.test']) {
      expect({ name, served: serves(name) }).toEqual({ name, served: true });
    }
    for (const name of ['attacker.example', 'localhost.attacker.example', 'localstack.cloud', 'evil-localhost', 'lab.test', 'xlab.test', 'bkt.s3.amazonaws.com']) {
      expect({ name, served: serves(name) }).toEqual({ name, served: false });
    }
  });

  it('serves a name the endpoint was bound to', () => {
    expect(createHostFilter({ bindHost: 'my-laptop.example' })('my-laptop.example:4566')).toBe(true);
  });
});

describe('requests made by web pages', () => {
  it('takes the page’s origin from Origin, then Referer, then Fetch Metadata', () => {
    expect(pageOrigin(request('POST', '/', { origin: 'http://evil.example' }))).toBe('http://evil.example');
    expect(pageOrigin(request('GET', '/', { referer: 'http://evil.example/a/b?c' }))).toBe('http://evil.example');
    expect(pageOrigin(request('GET', '/', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' }))).toBe(UNNAMED_PAGE);
    expect(pageOrigin(request('GET', '/', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }))).toBe(UNNAMED_PAGE);
  });

  it('tools, a typed URL and a followed link are not a page', () => {
    expect(pageOrigin(request('GET', '/'))).toBeUndefined();
    expect(pageOrigin(request('GET', '/', { 'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate' }))).toBeUndefined();
    expect(pageOrigin(request('GET', '/', { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', referer: 'http://evil.example/' }))).toBeUndefined();
    // A form POST navigates too, but always carries its Origin.
    expect(pageOrigin(request('POST', '/', { 'sec-fetch-mode': 'navigate', origin: 'null' }))).toBe('null');
  });

  it('compares origins by scheme, host and port; "*" allows every page', () => {
    expect(isAllowedOrigin('http://Tools.Example:8080', ['http://tools.example:8080/'])).toBe(true);
    expect(isAllowedOrigin('http://tools.example:8081', ['http://tools.example:8080'])).toBe(false);
    expect(isAllowedOrigin('null', ['http://tools.example'])).toBe(false);
    expect(isAllowedOrigin(UNNAMED_PAGE, ['http://tools.example'])).toBe(false);
    expect(isAllowedOrigin('http://anything', ['*'])).toBe(true);
  });

  it('S3 object access is a key, or a bucket listing; bucket settings and the service root are not', () => {
    expect(isS3ObjectAccess(request('PUT', '/product-images/shop/a.jpg?X-Amz-Expires=300&x-id=PutObject'))).toBe(true);
    expect(isS3ObjectAccess(request('OPTIONS', '/product-images/a.jpg'))).toBe(true);
    expect(isS3ObjectAccess(request('GET', '/product-images?list-type=2&prefix=processed/'))).toBe(true);
    expect(isS3ObjectAccess(request('GET', '/a.jpg', { host: 'product-images.s3.localhost.localstack.cloud' }))).toBe(true);
    expect(isS3ObjectAccess(request('PUT', '/product-images?policy'))).toBe(false);
    expect(isS3ObjectAccess(request('GET', '/product-images?cors'))).toBe(false);
    expect(isS3ObjectAccess(request('PUT', '/product-images'))).toBe(false);
    expect(isS3ObjectAccess(request('DELETE', '/product-images'))).toBe(false);
    expect(isS3ObjectAccess(request('POST', '/product-images?delete'))).toBe(false);
    expect(isS3ObjectAccess(request('GET', '/'))).toBe(false);
  });
});

describe('what the endpoint command warns about', () => {
  it('nothing on loopback; the network on any other address; every web page with --allow-origin *', () => {
    expect(exposureWarning('127.0.0.1', 4566, ['http://tools.example'])).toBeUndefined();
    expect(exposureWarning('localhost', 4566, [])).toBeUndefined();
    const lan = exposureWarning('10.0.0.11', 4566, []);
    expect(lan?.en).toContain('create Lambda functions and run their code on this computer');
    expect(lan?.en).toContain('Others reach it at: http://10.0.0.11:4566');
    expect(lan?.ja).toContain('他の人が使う URL: http://10.0.0.11:4566');
    expect(exposureWarning('127.0.0.1', 4566, ['*'])?.en).toContain('every web page you open may now use every API');
  });
});
