// Picks the AWS service a request is for, the way LocalStack's edge port does: SigV4 credential
// scope first (IAM and STS are both `POST /` with a form body: only the scope or the Action tells
// them apart), then the target header, then the path, then the host, then the form Action.
import { header, type EndpointRequest } from './http.js';

export type ServiceName = 's3' | 'lambda' | 'iam' | 'sts' | 'logs' | 'health';

const SCOPE_SERVICES: Record<string, ServiceName> = {
  s3: 's3',
  lambda: 'lambda',
  iam: 'iam',
  sts: 'sts',
  logs: 'logs',
};

const STS_ACTIONS = new Set([
  'GetCallerIdentity',
  'AssumeRole',
  'GetSessionToken',
  'AssumeRoleWithWebIdentity',
  'GetAccessKeyInfo',
]);

/** `Credential=AKID/20260101/us-east-1/s3/aws4_request` → `{region, service}`. */
export function credentialScope(req: EndpointRequest): { region: string; service: string } | undefined {
  const auth = header(req, 'authorization') ?? '';
  const credential = /Credential=([^,\s]+)/.exec(auth)?.[1] ?? req.query.get('X-Amz-Credential') ?? undefined;
  if (!credential) return undefined;
  const parts = credential.split('/');
  if (parts.length < 5) return undefined;
  return { region: parts[2], service: parts[3] };
}

export function detectService(req: EndpointRequest): ServiceName {
  if (req.rawPath.startsWith('/_localstack/')) return 'health';

  const scoped = credentialScope(req);
  if (scoped && SCOPE_SERVICES[scoped.service]) return SCOPE_SERVICES[scoped.service];

  const target = header(req, 'x-amz-target') ?? '';
  if (target.startsWith('Logs_')) return 'logs';

  if (/^\/20\d\d-\d\d-\d\d\/(functions|event-source-mappings|tags|layers|account-settings)/.test(req.rawPath)) {
    return 'lambda';
  }

  if (/(^|\.)s3[.-]/.test(req.hostname) || req.hostname.startsWith('s3.')) return 's3';

  if (req.method === 'POST' && req.rawPath === '/' && isForm(req)) {
    const action = new URLSearchParams(req.body.toString('utf8')).get('Action') ?? '';
    return STS_ACTIONS.has(action) ? 'sts' : 'iam';
  }
  return 's3';
}

function isForm(req: EndpointRequest): boolean {
  return (header(req, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');
}

/** Region the client signed for, else the endpoint's default. */
export function requestRegion(req: EndpointRequest, fallback: string): string {
  return credentialScope(req)?.region ?? fallback;
}
