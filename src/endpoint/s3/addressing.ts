// Which bucket and key a request names. Virtual-host style puts the bucket in the Host
// (`bkt.s3.localhost.localstack.cloud`, `bkt.localhost`, `bkt.s3.amazonaws.com`); an IP address,
// plain `localhost` or an S3 service host means path style (`/bkt/key`).
import { S3Error } from './errors.js';

export interface S3Target {
  bucket?: string;
  /** Decoded key; undefined for bucket-level requests. `+` stays a plus (paths are not form-encoded). */
  key?: string;
}

const SERVICE_HOSTS = new Set(['localhost', 'localhost.localstack.cloud', 's3.localhost.localstack.cloud', 's3.amazonaws.com']);

/** The bucket named by the Host header, or undefined for path-style requests. */
export function bucketFromHost(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === '' || SERVICE_HOSTS.has(host) || isIpAddress(host)) return undefined;
  const suffixes = ['.s3.localhost.localstack.cloud', '.localhost.localstack.cloud', '.localhost'];
  for (const suffix of suffixes) {
    if (host.endsWith(suffix)) return host.slice(0, -suffix.length);
  }
  // s3.amazonaws.com, s3.us-east-1.amazonaws.com, s3-us-west-2.amazonaws.com are service hosts.
  if (/^s3([.-][a-z0-9-]+)*\.amazonaws\.com$/.test(host)) return undefined;
  const aws = /^(.+?)\.s3([.-][a-z0-9-]+)*\.amazonaws\.com$/.exec(host);
  if (aws) return aws[1];
  const generic = /^(.+?)\.s3\./.exec(host);
  return generic ? generic[1] : undefined;
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[') || host.includes(':');
}

export function resolveTarget(hostname: string, rawPath: string): S3Target {
  const virtualBucket = bucketFromHost(hostname);
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (virtualBucket !== undefined) {
    return { bucket: virtualBucket, key: path === '' ? undefined : decodePart(path) };
  }
  if (path === '') return {};
  const slash = path.indexOf('/');
  if (slash === -1) return { bucket: decodePart(path) };
  const key = path.slice(slash + 1);
  return { bucket: decodePart(path.slice(0, slash)), key: key === '' ? undefined : decodePart(key) };
}

function decodePart(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400, { URI: raw });
  }
}
