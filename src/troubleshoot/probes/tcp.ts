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
