// LocalStack's diagnostic routes, with the same JSON shape, so the runner's step 1 reads the
// built-in endpoint and real LocalStack alike.
import type { EndpointRequest, EndpointResponse } from './http.js';

/** The version string reported as LocalStack's: the community release this endpoint mirrors. */
export const COMPATIBLE_LOCALSTACK_VERSION = '4.14.0';

export interface HealthSource {
  /** Services and whether they have been used yet (LocalStack reports `available` until first use). */
  serviceStates(): Record<string, 'available' | 'running'>;
  startedAt: Date;
  runnerVersion: string;
}

export function handleHealth(req: EndpointRequest, source: HealthSource): EndpointResponse {
  const path = req.rawPath.split('?')[0].replace(/\/+$/, '');
  const json = (value: unknown): EndpointResponse => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: req.method === 'HEAD' ? '' : JSON.stringify(value),
    operation: 'health',
  });
  switch (path) {
    case '/_localstack/health':
      return json({
        services: source.serviceStates(),
        edition: 'community',
        version: COMPATIBLE_LOCALSTACK_VERSION,
        // Not in LocalStack's reply: lets the runner tell the built-in endpoint from LocalStack.
        builtin: { name: 'serverless-tutorial', version: source.runnerVersion },
      });
    case '/_localstack/info':
      return json({
        version: COMPATIBLE_LOCALSTACK_VERSION,
        edition: 'community',
        is_license_activated: false,
        session_id: 'serverless-tutorial',
        machine_id: 'serverless-tutorial',
        system: process.platform,
        is_docker: false,
        server_time_utc: new Date().toISOString().replace(/\.\d+Z$/, ''),
        uptime: Math.round((Date.now() - source.startedAt.getTime()) / 1000),
      });
    case '/_localstack/init':
      return json({ completed: { BOOT: true, START: true, READY: true, SHUTDOWN: false }, scripts: [] });
    default:
      return {
        status: 404,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: `no such diagnostic route: ${path}` }),
      };
  }
}
