// A port to suggest when the one asked for is taken: the next few above it first (easy to type and
// remember), else any free one. Checked by binding it for a moment, so it was free just now.
import { createServer, type AddressInfo } from 'node:net';

function tryBind(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      server.close(() => resolve(bound));
    });
  });
}

export async function suggestFreePort(host: string, taken: number): Promise<number> {
  for (let port = taken + 1; port <= Math.min(taken + 10, 65535); port++) {
    if ((await tryBind(host, port)) !== undefined) return port;
  }
  return (await tryBind(host, 0)) ?? taken + 1;
}
