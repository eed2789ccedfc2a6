// Which endpoint the runner talks to (DESIGN §3): --endpoint > AWS_ENDPOINT_URL > LOCALSTACK_HOST
// > http://localhost:4566, and whether that is a local emulator or (refused by default) real AWS.
import { isIP } from 'node:net';
import { UserFacingError } from '../errors.js';
import type { Text } from '../i18n/text.js';

export const DEFAULT_ENDPOINT = 'http://localhost:4566';

export type EndpointSource = '--endpoint' | 'AWS_ENDPOINT_URL' | 'LOCALSTACK_HOST' | 'default' | 'embedded';

export interface ResolvedEndpoint {
  url: string;
  source: EndpointSource;
}

export function resolveEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): ResolvedEndpoint {
  // An empty --endpoint is a mistake to report; an empty variable counts as unset, as for the AWS CLI.
  if (flag !== undefined) return { url: requireEndpointUrl(flag, '--endpoint'), source: '--endpoint' };
  if (env.AWS_ENDPOINT_URL) return { url: requireEndpointUrl(env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL'), source: 'AWS_ENDPOINT_URL' };
  if (env.LOCALSTACK_HOST) {
    // awslocal's rule: LOCALSTACK_HOST is host[:port], port 4566 when absent.
    const hostPort = env.LOCALSTACK_HOST.includes(':') ? env.LOCALSTACK_HOST : `${env.LOCALSTACK_HOST}:4566`;
    return { url: requireEndpointUrl(`http://${hostPort}`, 'LOCALSTACK_HOST'), source: 'LOCALSTACK_HOST' };
  }
  return { url: DEFAULT_ENDPOINT, source: 'default' };
}

/** The `--endpoint` option's own check, run while the command line is parsed (before anything starts). */
export function parseEndpointOption(value: string): string {
  requireEndpointUrl(value, '--endpoint');
  return value;
}

/** The URL's origin, or a UserFacingError (exit 2) saying what is wrong with it. */
function requireEndpointUrl(value: string, from: string): string {
  const checked = checkEndpointUrl(value);
  if ('url' in checked) return checked.url;
  throw new UserFacingError({ en: `${from}: ${checked.reason.en}`, ja: `${from}: ${checked.reason.ja}` });
}

/**
 * Accepts `host:port` or an http(s) URL and gives its origin; refuses, with a reason, what can never be
 * a LocalStack endpoint: nothing, port 0, link-local and cloud metadata addresses.
 */
export function checkEndpointUrl(value: string): { url: string } | { reason: Text } {
  const shown = `"${hideUserinfo(value)}"`;
  if (value.trim() === '') {
    return {
      reason: {
        en: 'the value is empty: give a URL such as http://localhost:4566 (or leave the option out to use AWS_ENDPOINT_URL or the default)',
        ja: '値が空です。http://localhost:4566 のような URL を指定してください (指定しなければ AWS_ENDPOINT_URL か既定値を使います)',
      },
    };
  }
  let url: URL;
  try {
    url = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    return { reason: { en: `${shown} is not a URL (use e.g. http://localhost:4566)`, ja: `${shown} は URL ではありません (例: http://localhost:4566)` } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { reason: { en: `${shown} must be an http:// or https:// URL`, ja: `${shown} は http:// か https:// の URL にしてください` } };
  }
  if (url.port === '0') {
    return {
      reason: {
        en: `${shown} has port 0, where nothing can answer (0 only means "any free port" when starting a server): use the port LocalStack or the built-in endpoint listens on, usually 4566`,
        ja: `${shown} のポート 0 では何も応答できません (0 はサーバーを起動するときの「空いている任意のポート」の意味です)。LocalStack や内蔵エンドポイントが待ち受けるポート (通常 4566) を指定してください`,
      },
    };
  }
  const host = unmapIpv4(url.hostname.replace(/^\[|\]$/g, '').toLowerCase());
  if (isMetadataHost(host)) {
    return {
      reason: {
        en: `${host} is a cloud instance metadata service, never LocalStack or the built-in endpoint (and it can hand out the machine's credentials): use http://localhost:4566 or your LocalStack's address`,
        ja: `${host} はクラウドのインスタンスメタデータサービスで、LocalStack や内蔵エンドポイントではありません (マシンの認証情報を返すこともあります)。http://localhost:4566 か LocalStack のアドレスを指定してください`,
      },
    };
  }
  if (isLinkLocal(host)) {
    return {
      reason: {
        en: `${host} is a link-local address (169.254.x.x or fe80::), which LocalStack and the built-in endpoint are never reached at: use http://localhost:4566 or your LocalStack's address`,
        ja: `${host} はリンクローカルアドレス (169.254.x.x や fe80::) で、LocalStack や内蔵エンドポイントがここで応答することはありません。http://localhost:4566 か LocalStack のアドレスを指定してください`,
      },
    };
  }
  return { url: url.origin };
}

/** A URL for messages: `http://user:secret@host` shows as `http://***@host`. */
export function hideUserinfo(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1***@');
}

const METADATA_HOSTS = new Set([
  '169.254.169.254', // AWS, Azure, GCP, OpenStack …
  '169.254.170.2', // ECS task metadata
  'fd00:ec2::254', // AWS over IPv6
  '100.100.100.200', // Alibaba Cloud
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

/** An IPv4 address written as IPv6 (`::ffff:a9fe:a9fe`) means that IPv4 address. */
function unmapIpv4(host: string): string {
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!mapped) return host.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

function isMetadataHost(host: string): boolean {
  return METADATA_HOSTS.has(unmapIpv4(host));
}

function isLinkLocal(host: string): boolean {
  const plain = unmapIpv4(host);
  if (isIP(plain) === 4) return plain.startsWith('169.254.');
  return isIP(plain) === 6 && /^fe[89ab][0-9a-f]:/.test(plain);
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
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  if (version === 6) return host === '::1' || host.startsWith('fd');
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
