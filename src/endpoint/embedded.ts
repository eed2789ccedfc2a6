// `--embedded`: the built-in endpoint inside the command's own process, on LocalStack's port 4566
// when it is free (so the learner's awslocal in another terminal reaches it), else a free port.
import { startEndpoint, PortInUseError, type EndpointOptions, type RunningEndpoint } from './server.js';

export const LOCALSTACK_PORT = 4566;

/** Who else it serves (server.ts: allowedHosts, allowedOrigins); loopback only by default. */
export type EmbeddedAccess = Pick<EndpointOptions, 'allowedHosts' | 'allowedOrigins'>;

export async function startEmbeddedEndpoint(dataDir: string, access: EmbeddedAccess = {}): Promise<RunningEndpoint> {
  try {
    return await startEndpoint({ dataDir, port: LOCALSTACK_PORT, ...access });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    return startEndpoint({ dataDir, port: 0, ...access });
  }
}
