// Probe: the endpoint variables (AWS_ENDPOINT_URL, LOCALSTACK_HOST) against the endpoint in use,
// and whether LocalStack (or the built-in endpoint) answers at one of the other places they or
// the default name — the learner's awslocal and the runner may be looking in different places.
import { DEFAULT_ENDPOINT, resolveEndpoint } from '../../config/endpoint.js';
import { readHealth, type HealthReading } from '../../aws/health.js';

export interface EndpointCandidate {
  /** Where the URL comes from: `AWS_ENDPOINT_URL`, `LOCALSTACK_HOST` or `default`. */
  source: string;
  url: string;
}

export interface EndpointEnvProbe {
  inUse: string;
  variables: { AWS_ENDPOINT_URL?: string; LOCALSTACK_HOST?: string };
  /** Another place where a LocalStack-compatible endpoint answers. */
  answeringElsewhere?: EndpointCandidate & { health: HealthReading };
}

export function endpointCandidates(env: NodeJS.ProcessEnv): EndpointCandidate[] {
  const out: EndpointCandidate[] = [];
  const add = (source: string, read: () => string) => {
    try {
      out.push({ source, url: read() });
    } catch {
      /* not a URL: preflight says so */
    }
  };
  if (env.AWS_ENDPOINT_URL) add('AWS_ENDPOINT_URL', () => resolveEndpoint(undefined, { AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL }).url);
  if (env.LOCALSTACK_HOST) add('LOCALSTACK_HOST', () => resolveEndpoint(undefined, { LOCALSTACK_HOST: env.LOCALSTACK_HOST }).url);
  // The default only matters when a variable moved the endpoint away from it.
  if (out.length > 0) add('default', () => DEFAULT_ENDPOINT);
  return out;
}

/** Same place? `localhost` and 127.0.0.1 count as the same host. */
export function sameEndpoint(a: string, b: string): boolean {
  const norm = (u: string) => {
    const url = new URL(u);
    const host = url.hostname === 'localhost' || url.hostname === '[::1]' ? '127.0.0.1' : url.hostname;
    return `${url.protocol}//${host}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  };
  return norm(a) === norm(b);
}

export async function probeEndpointEnv(inUse: string, env: NodeJS.ProcessEnv): Promise<EndpointEnvProbe> {
  const variables = {
    ...(env.AWS_ENDPOINT_URL ? { AWS_ENDPOINT_URL: env.AWS_ENDPOINT_URL } : {}),
    ...(env.LOCALSTACK_HOST ? { LOCALSTACK_HOST: env.LOCALSTACK_HOST } : {}),
  };
  for (const candidate of endpointCandidates(env)) {
    if (sameEndpoint(candidate.url, inUse)) continue;
    const health = await readHealth(candidate.url, 1500);
    if (!health.unreachable && !health.problem) return { inUse, variables, answeringElsewhere: { ...candidate, health } };
  }
  return { inUse, variables };
}
