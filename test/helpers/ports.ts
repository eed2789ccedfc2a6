// A loopback port nothing listens on (taken, then released): for "nothing answers" tests, or for
// servers that must be started on a known port.
import { createServer, type AddressInfo } from 'node:net';

export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
