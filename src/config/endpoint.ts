// Which endpoint the runner talks to (DESIGN §3): --endpoint > AWS_ENDPOINT_URL > LOCALSTACK_HOST
// > http://localhost:4566, and whether that is a local emulator or (refused by default) real AWS.
import { isIP } from 'node:net';
import { UserFacingError } from '../errors.js';

export const DEFAULT_ENDPOINT = 'http://localhost:4566';

export type EndpointSource = '--endpoint' | 'AWS_ENDPOINT_URL' | 'LOCALSTACK_HOST' | 'default' | 'embedded';

export interface ResolvedEndpoint {
  url: string;
  source: EndpointSource;
}

export function resolveEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): ResolvedEndpoint {
  if (flag) return { url: normalizeUrl(flag, '--endpoint'), source: '--endpoint' };
  if (env.AWS_ENDPOINT_URL) return { url: normalizeUrl(env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL'), source: 'AWS_ENDPOINT_URL' };
  if (env.LOCALSTACK_HOST) {
    // awslocal's rule: LOCALSTACK_HOST is host[:port], port 4566 when absent.
    const hostPort = env.LOCALSTACK_HOST.includes(':') ? env.LOCALSTACK_HOST : `${env.LOCALSTACK_HOST}:4566`;
    return { url: normalizeUrl(`http://${hostPort}`, 'LOCALSTACK_HOST'), source: 'LOCALSTACK_HOST' };
  }
  return { url: DEFAULT_ENDPOINT, source: 'default' };
}

function normalizeUrl(value: string, from: string): string {
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    throw new UserFacingError({
      en: `${from} is not a URL: "${value}". Use a URL such as http://localhost:4566.`,
      ja: `${from} の値 "${value}" は URL ではありません。http://localhost:4566 のような URL を指定してください。`,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserFacingError({
      en: `${from} must be an http:// or https:// URL, not "${value}".`,
      ja: `${from} には http:// か https:// の URL を指定してください ("${value}" は使えません)。`,
    });
  }
  return url.origin;
}

/**
 * Local means an emulator on this machine or the learner's own network: loopback, `localhost`
 * names, LocalStack's domains, private addresses, and single-label names such as a compose
 * service called `localstack`. Anything else may be real AWS.
 */
export function isLocalEndpoint(urlText: string): boolean {
  const host = new URL(urlText).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host.endsWith('.localstack.cloud') || host === 'localstack.cloud') return true;
  if (host === 'host.docker.internal') return true;
  const version = isIP(host);
  if (version === 4) {
    const [a, b] = host.split('.').map(Number);
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (version === 6) return host === '::1' || host.startsWith('fd') || host.startsWith('fe80:');
  return !host.includes('.');
}

/** Refuses a non-local endpoint unless --allow-aws was given: the lesson makes a public-read bucket. */
export function guardRealAws(endpoint: ResolvedEndpoint, allowAws: boolean | undefined): void {
  if (allowAws || isLocalEndpoint(endpoint.url)) return;
  throw new UserFacingError({
    en:
      `${endpoint.url} (from ${endpoint.source}) does not look like LocalStack or the built-in endpoint: it may be real AWS.\n` +
      `This lesson creates a public-read bucket and a function, which on AWS can cost money and expose files.\n` +
      `Point at LocalStack (http://localhost:4566), use --embedded, or pass --allow-aws if you really mean AWS.`,
    ja:
      `${endpoint.url} (${endpoint.source} より) は LocalStack や内蔵エンドポイントではなく、本物の AWS かもしれません。\n` +
      `このレッスンは誰でも読めるバケットと関数を作るため、AWS 上では料金やファイル公開の危険があります。\n` +
      `LocalStack (http://localhost:4566) を指定するか --embedded を使ってください。本当に AWS を使う場合だけ --allow-aws を付けてください。`,
  });
}
