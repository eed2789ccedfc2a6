// Starting the built-in endpoint the way every command does (`endpoint` in the foreground,
// `--embedded` in-process, the troubleshooter's "start the built-in endpoint" fix): holding its
// data directory's lock, so a second endpoint on the same data refuses instead of drifting apart.
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { PortInUseError, startEndpoint, type EndpointOptions, type RunningEndpoint } from './server.js';
import { lockDataDir, type EndpointRole } from './store/lock.js';
import { ensureWritableDir } from './store/writable.js';

/** LocalStack's edge port: the address everything uses unless told otherwise. */
export const LOCALSTACK_PORT = 4566;

/** Who else it serves (server.ts: allowedHosts, allowedOrigins); loopback only by default. */
export type EmbeddedAccess = Pick<EndpointOptions, 'allowedHosts' | 'allowedOrigins'>;

export interface LockedEndpointOptions extends EndpointOptions {
  role: EndpointRole;
}

/**
 * Takes the data directory's lock (DataDirLockedError when another live process holds it), then
 * starts the endpoint; the lock is released when the endpoint closes or the start fails.
 */
export async function startLockedEndpoint(options: LockedEndpointOptions): Promise<RunningEndpoint> {
  const dataDir = resolve(options.dataDir);
  // An unwritable directory is said as such (DirectoryNotWritableError), not as a failed lock.
  ensureWritableDir(dataDir);
  const lock = lockDataDir(dataDir, options.role);
  let running: RunningEndpoint;
  try {
    // A taken port is found before the services load the data (they are not unloaded by a failed listen).
    const host = options.host ?? '127.0.0.1';
    if (options.port && !(await portFree(host, options.port))) throw new PortInUseError(host, options.port);
    running = await startEndpoint({ ...options, dataDir });
  } catch (error) {
    lock.release();
    throw error;
  }
  lock.setAddress(running.url, running.port);
  return {
    ...running,
    close: async () => {
      try {
        await running.close();
      } finally {
        lock.release();
      }
    },
  };
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => done(error.code !== 'EADDRINUSE'));
    probe.listen(port, host, () => probe.close(() => done(true)));
  });
}
