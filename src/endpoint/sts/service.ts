// The built-in endpoint's STS (query protocol, Version 2011-06-15). Every caller is the account's
// root (LocalStack maps the `test` key to account 000000000000 the same way). AssumeRole and
// GetSessionToken hand out well-formed temporary credentials that this endpoint, like LocalStack,
// accepts without checking.
//
// Actions: GetCallerIdentity, AssumeRole, GetSessionToken, GetAccessKeyInfo.
import { randomBytes, randomInt } from 'node:crypto';
import type { EndpointContext } from '../context.js';
import type { EndpointRequest, EndpointResponse } from '../http.js';
import type { Service } from '../service.js';
import { QueryError, constraintError, queryErrorResponse, queryParameters, queryResponse, requiredParam } from '../iam/query-protocol.js';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

const ROLE_ARN_RE = /^arn:aws[a-zA-Z-]*:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;
const SESSION_NAME_RE = /^[\w+=,.@-]{2,64}$/;
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomId(prefix: string, length: number): string {
  let id = prefix;
  while (id.length < length) id += UPPER_ALNUM[randomInt(UPPER_ALNUM.length)];
  return id;
}

function temporaryCredentials(durationSeconds: number): Record<string, string> {
  return {
    AccessKeyId: randomId('ASIA', 20),
    SecretAccessKey: randomBytes(30).toString('base64'),
    SessionToken: randomBytes(96).toString('base64'),
    Expiration: new Date(Date.now() + durationSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

function durationOf(params: URLSearchParams, min: number, max: number, fallback: number): number {
  const raw = params.get('DurationSeconds');
  if (raw === null) return fallback;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw constraintError(raw, 'durationSeconds', `Member must have value between ${min} and ${max}`);
  }
  return seconds;
}

export class StsService implements Service {
  constructor(readonly context: EndpointContext) {}

  async handle(req: EndpointRequest): Promise<EndpointResponse> {
    const params = queryParameters(req);
    const action = params.get('Action') ?? undefined;
    try {
      const result = this.dispatch(action, params);
      return queryResponse(STS_NAMESPACE, action as string, result, req.requestId);
    } catch (error) {
      if (error instanceof QueryError) return queryErrorResponse(STS_NAMESPACE, error, req.requestId, action);
      throw error;
    }
  }

  private dispatch(action: string | undefined, params: URLSearchParams): Record<string, unknown> {
    const account = this.context.accountId;
    switch (action) {
      case undefined:
        throw new QueryError(400, 'MissingAction', 'Missing Action');
      case 'GetCallerIdentity':
        return { UserId: account, Account: account, Arn: `arn:aws:iam::${account}:root` };
      case 'GetAccessKeyInfo':
        requiredParam(params, 'AccessKeyId');
        return { Account: account };
      case 'GetSessionToken':
        return { Credentials: temporaryCredentials(durationOf(params, 900, 129_600, 43_200)) };
      case 'AssumeRole': {
        const roleArn = requiredParam(params, 'RoleArn');
        const sessionName = requiredParam(params, 'RoleSessionName');
        const match = ROLE_ARN_RE.exec(roleArn);
        if (!match) {
          throw new QueryError(400, 'ValidationError', `${roleArn} is invalid`);
        }
        if (!SESSION_NAME_RE.test(sessionName)) {
          throw constraintError(sessionName, 'roleSessionName', String.raw`Member must satisfy regular expression pattern: [\w+=,.@-]*`);
        }
        const [, roleAccount, roleName] = match;
        return {
          Credentials: temporaryCredentials(durationOf(params, 900, 43_200, 3600)),
          AssumedRoleUser: {
            AssumedRoleId: `${randomId('AROA', 21)}:${sessionName}`,
            Arn: `arn:aws:sts::${roleAccount}:assumed-role/${roleName}/${sessionName}`,
          },
        };
      }
      default:
        throw new QueryError(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
    }
  }
}
