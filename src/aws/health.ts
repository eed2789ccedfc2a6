// LocalStack's health route, read the same way from LocalStack and the built-in endpoint.
export type EndpointKind = 'builtin' | 'localstack' | 'unknown';

export interface HealthReading {
  /** HTTP status, when anything answered. */
  status?: number;
  services: Record<string, string>;
  kind: EndpointKind;
  version?: string;
  /** The raw body (trimmed), for evidence. */
  body?: string;
  /** Why nothing usable came back: a network error code/message, or a non-JSON answer. */
  problem?: string;
  /** True when nothing answered at all (connection refused, DNS, timeout). */
  unreachable: boolean;
}

/** Service states in which a LocalStack service can be used (it loads lazily on first call). */
export const USABLE_STATES = new Set(['available', 'running']);

export async function readHealth(endpoint: string, timeoutMs = 3000): Promise<HealthReading> {
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const problem = cause?.code ?? ((error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message);
    return { services: {}, kind: 'unknown', problem, unreachable: true };
  }
  const body = (await response.text()).trim();
  let json: { services?: Record<string, string>; version?: string; builtin?: unknown } | undefined;
  try {
    json = JSON.parse(body) as typeof json;
  } catch {
    json = undefined;
  }
  if (!response.ok || !json || typeof json.services !== 'object') {
    return {
      status: response.status,
      services: {},
      kind: 'unknown',
      body: body.slice(0, 500),
      problem: response.ok ? 'the answer is not LocalStack health JSON' : `HTTP ${response.status}`,
      unreachable: false,
    };
  }
  return {
    status: response.status,
    services: json.services ?? {},
    kind: json.builtin ? 'builtin' : 'localstack',
    version: json.version,
    body: body.slice(0, 500),
    unreachable: false,
  };
}
