// Which Host names the endpoint answers to. DNS rebinding: a page on attacker.example re-points its
// own name to 127.0.0.1, and the browser then sends the page's requests to this endpoint with
// `Host: attacker.example`, treating them as same-origin. So only names nobody else can re-point
// are served: loopback names, IP literals (no DNS involved), LocalStack's loopback domain, this
// machine's own name, the bound address, and names the person allowed with --allow-host.
import { isIP } from 'node:net';
import { hostname as machineName } from 'node:os';

/** Public DNS names that resolve to 127.0.0.1 for everyone (LocalStack's virtual-host S3 domain). */
export const LOCALSTACK_LOOPBACK_DOMAIN = 'localhost.localstack.cloud';

export interface HostGuardOptions {
  /** The address the endpoint listens on (`--host`). */
  bindHost: string;
  /** More names to serve (`--allow-host`); `*.example.test` allows every name under it. */
  extraHosts?: readonly string[];
}

/** `Host` header value or URL host → bare lower-case name: no port, brackets or trailing dot. */
export function normalizeHostname(value: string): string {
  let host = value.trim().toLowerCase();
  if (host.startsWith('[')) host = host.slice(1, host.indexOf(']') === -1 ? undefined : host.indexOf(']'));
  else if (/^[^:]*:\d*$/.test(host)) host = host.slice(0, host.indexOf(':'));
  return host.replace(/\.$/, '');
}

function underOrEqual(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Names that cannot be re-pointed by a stranger's DNS, whatever the options. */
export function isInherentlySafeHost(host: string): boolean {
  return (
    isIP(host) !== 0 ||
    underOrEqual(host, 'localhost') ||
    underOrEqual(host, LOCALSTACK_LOOPBACK_DOMAIN) ||
    // Docker's name for the host machine, seen by containers (a course's frontend in a container).
    host === 'host.docker.internal'
  );
}

/** Returns the test a request's Host must pass. An absent Host (HTTP/1.0 tools) is not a browser. */
export function createHostFilter(options: HostGuardOptions): (hostHeaderName: string) => boolean {
  const machine = machineName().toLowerCase();
  const exact = new Set<string>([normalizeHostname(options.bindHost), machine, `${machine}.local`]);
  const wildcards: string[] = [];
  for (const raw of options.extraHosts ?? []) {
    const name = normalizeHostname(raw);
    if (name.startsWith('*.')) wildcards.push(name.slice(2));
    else if (name !== '') exact.add(name);
  }
  return (hostHeaderName) => {
    const host = normalizeHostname(hostHeaderName);
    if (host === '' || isInherentlySafeHost(host) || exact.has(host)) return true;
    return wildcards.some((domain) => host.endsWith(`.${domain}`));
  };
}
