// Probe: does anything accept a TCP connection on the endpoint's host and port?
import { connect } from 'node:net';

export interface TcpProbe {
  host: string;
  port: number;
  open: boolean;
  /** The connect error code (ECONNREFUSED, ENOTFOUND, timeout…) when closed. */
  error?: string;
}

export function hostPortOf(url: string): { host: string; port: number } {
  const u = new URL(url);
  const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port };
}

/** The IP the built-in endpoint binds to for a loopback URL (`localhost` → 127.0.0.1); undefined for other hosts. */
export function loopbackBindHost(url: string): string | undefined {
  const { host } = hostPortOf(url);
  if (host === 'localhost') return '127.0.0.1';
  if (host.startsWith('127.') || host === '::1') return host;
  return undefined;
}

/** Only an address on this machine can be served, probed or traced to a process here. */
export function isLoopbackUrl(url: string): boolean {
  return loopbackBindHost(url) !== undefined;
}

export function probeTcp(url: string, timeoutMs = 2000): Promise<TcpProbe> {
  const { host, port } = hostPortOf(url);
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (result: TcpProbe) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done({ host, port, open: false, error: `no answer within ${timeoutMs} ms` }));
    socket.once('connect', () => done({ host, port, open: true }));
    socket.once('error', (error: NodeJS.ErrnoException) => done({ host, port, open: false, error: error.code ?? error.message }));
  });
}
