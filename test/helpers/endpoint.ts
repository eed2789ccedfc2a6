// Starts the built-in endpoint in-process on a free port with a fresh data dir, for integration tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEndpoint, type RunningEndpoint } from '../../src/endpoint/server.js';

export interface TestEndpoint extends RunningEndpoint {
  /** Stops the server and deletes its data dir. */
  dispose(): Promise<void>;
}

export function tempDir(prefix = 'st-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestEndpoint(dataDir = tempDir('st-endpoint-')): Promise<TestEndpoint> {
  const endpoint = await startEndpoint({ dataDir, host: '127.0.0.1', port: 0 });
  return {
    ...endpoint,
    dispose: async () => {
      await endpoint.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
