// `--embedded`: the built-in endpoint inside the command's own process, on LocalStack's port 4566
// when it is free (so the learner's awslocal in another terminal reaches it), else a free port.
import { startEndpoint, PortInUseError, type RunningEndpoint } from './server.js';

export const LOCALSTACK_PORT = 4566;

export async function startEmbeddedEndpoint(dataDir: string): Promise<RunningEndpoint> {
  try {
    return await startEndpoint({ dataDir, port: LOCALSTACK_PORT });
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    return startEndpoint({ dataDir, port: 0 });
  }
}
