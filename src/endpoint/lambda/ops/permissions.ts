// Resource-based policy operations: AddPermission, GetPolicy, RemovePermission. Statements travel
// as JSON strings inside the JSON response, as AWS sends them.
import type { EndpointResponse } from '../../http.js';
import { LambdaError, conflict, invalidParameter, jsonResponse, notFound } from '../errors.js';
import { buildStatement, type AddPermissionInput } from '../policy.js';
import { arnOf, checkRevision, findFunction, jsonBody, type LambdaOpContext } from './context.js';

const NO_SUCH_RESOURCE = 'The resource you requested does not exist.';

export function addPermission(ctx: LambdaOpContext, rawName: string): EndpointResponse {
  const body = jsonBody(ctx.req);
  const { fn, qualifier } = findFunction(ctx, rawName);
  if (qualifier === '$LATEST') throw invalidParameter('We currently do not support adding policies for $LATEST.');
  checkRevision(fn, body.RevisionId);
  const statement = buildStatement(body as AddPermissionInput, arnOf(ctx, fn.name));
  if (fn.policy.some((s) => s.Sid === statement.Sid)) {
    throw conflict(
      `The statement id (${statement.Sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
    );
  }
  ctx.registry.change(fn, 'policy', (draft) => {
    draft.policy.push(statement);
  });
  return jsonResponse(201, { Statement: JSON.stringify(statement) }, ctx.req.requestId, 'AddPermission');
}

export function getPolicy(ctx: LambdaOpContext, rawName: string): EndpointResponse {
  let found;
  try {
    found = findFunction(ctx, rawName);
  } catch (error) {
    // AWS answers a missing function here with the generic resource message.
    if (error instanceof LambdaError && error.code === 'ResourceNotFoundException') throw notFound(NO_SUCH_RESOURCE);
    throw error;
  }
  const { fn } = found;
  if (fn.policy.length === 0) throw notFound(NO_SUCH_RESOURCE);
  const policy = { Version: '2012-10-17', Id: 'default', Statement: fn.policy };
  return jsonResponse(200, { Policy: JSON.stringify(policy), RevisionId: fn.revisionId }, ctx.req.requestId, 'GetPolicy');
}

export function removePermission(ctx: LambdaOpContext, rawName: string, statementId: string): EndpointResponse {
  const { fn } = findFunction(ctx, rawName);
  checkRevision(fn, ctx.req.query.get('RevisionId') ?? undefined);
  if (fn.policy.length === 0) throw notFound('No policy is associated with the given resource.');
  if (!fn.policy.some((s) => s.Sid === statementId)) {
    throw notFound(`Statement ${statementId} is not found in resource policy.`);
  }
  ctx.registry.change(fn, 'policy', (draft) => {
    draft.policy = draft.policy.filter((s) => s.Sid !== statementId);
  });
  return { status: 204, headers: { 'x-amzn-requestid': ctx.req.requestId }, operation: 'RemovePermission' };
}
