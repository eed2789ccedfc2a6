// What every Lambda operation handler gets, and the lookups they share.
import { header, type EndpointRequest } from '../../http.js';
import { LambdaError, conflict, notFound, preconditionFailed } from '../errors.js';
import { functionArn, resolveFunctionRef } from '../names.js';
import type { StoredFunction } from '../records.js';
import type { FunctionRegistry } from '../registry.js';

export interface LambdaOpContext {
  req: EndpointRequest;
  region: string;
  account: string;
  registry: FunctionRegistry;
  /** See LambdaServiceOptions.roleExists. */
  roleExists?: (arn: string) => boolean;
}

/** The request body as a JSON object; an empty body is `{}`. */
export function jsonBody(req: EndpointRequest): Record<string, unknown> {
  const text = req.body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new LambdaError(
      400,
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LambdaError(400, 'InvalidRequestContentException', 'Could not parse request body into json: expected a JSON object');
  }
  return value as Record<string, unknown>;
}

export function arnOf(ctx: LambdaOpContext, name: string): string {
  return functionArn(ctx.region, ctx.account, name);
}

export interface FoundFunction {
  fn: StoredFunction;
  qualifier?: string;
}

/**
 * Finds the function a path segment names. Only `$LATEST` exists here (no published versions or
 * aliases), so any other qualifier is "not found", as AWS says for a version that does not exist.
 */
export function findFunction(ctx: LambdaOpContext, rawName: string): FoundFunction {
  const { name, qualifier } = resolveFunctionRef(rawName, ctx.req.query.get('Qualifier'), ctx.region, ctx.account);
  const fn = ctx.registry.get(ctx.region, name);
  const arn = arnOf(ctx, name);
  if (qualifier !== undefined && qualifier !== '$LATEST') throw notFound(`Function not found: ${arn}:${qualifier}`);
  if (!fn) throw notFound(`Function not found: ${arn}${qualifier ? `:${qualifier}` : ''}`);
  return { fn, qualifier };
}

export function checkRevision(fn: StoredFunction, revisionId: unknown, api = 'GetFunction/GetAlias'): void {
  if (revisionId !== undefined && revisionId !== null && revisionId !== fn.revisionId) {
    throw preconditionFailed(
      `The Revision Id provided does not match the latest Revision Id. Call the ${api} API to retrieve the latest Revision Id`,
    );
  }
}

/**
 * Invocations need an Active function; changes need one that is no longer Pending (a Failed one
 * may be fixed). Neither may start while an update is running.
 */
export function checkReady(ctx: LambdaOpContext, fn: StoredFunction, purpose: 'invoke' | 'change'): void {
  if (purpose === 'invoke' ? fn.state !== 'Active' : fn.state === 'Pending') {
    throw conflict(
      `The operation cannot be performed at this time. The function is currently in the following state: ${fn.state}`,
    );
  }
  if (fn.lastUpdateStatus === 'InProgress') {
    throw conflict(`The operation cannot be performed at this time. An update is in progress for resource: ${arnOf(ctx, fn.name)}`);
  }
}

/** Base URL clients reached us on (the Host they sent), for URLs we hand back such as Code.Location. */
export function baseUrl(req: EndpointRequest, fallback: string): string {
  const host = header(req, 'host');
  return host ? `http://${host}` : fallback;
}
