// Function lifecycle operations: create, read, list, update code and configuration, delete, and
// the download route that GetFunction's Code.Location points at.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { EndpointResponse } from '../../http.js';
import { acceptZipFile, MAX_CREATE_REQUEST_BYTES, type UploadedCode } from '../code.js';
import { conflict, constraintMessage, invalidParameter, jsonResponse, notFound, tooLarge, validation } from '../errors.js';
import { MAX_NAME_LENGTH, parseFunctionRef } from '../names.js';
import { formatLastModified, STORED_FUNCTION_SCHEMA, toWireConfiguration, type StoredFunction } from '../records.js';
import { CREATING_REASON, CREATING_REASON_CODE } from '../registry.js';
import {
  checkArchitectures,
  checkDescription,
  checkEnvironment,
  checkEphemeralStorage,
  checkHandler,
  checkHandlerPresence,
  checkMemorySize,
  checkRole,
  checkRuntime,
  checkTimeout,
  DEFAULT_EPHEMERAL_STORAGE,
  DEFAULT_MEMORY_SIZE,
  DEFAULT_TIMEOUT,
} from '../validation.js';
import { arnOf, baseUrl, checkReady, checkRevision, findFunction, jsonBody, type LambdaOpContext } from './context.js';

const CREATE_NAME_PATTERN = String.raw`(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)`;

/** AWS refuses a role Lambda cannot assume; here, one that does not exist in the endpoint's IAM. */
function checkAssumable(ctx: LambdaOpContext, role: string): void {
  if (ctx.roleExists !== undefined && !ctx.roleExists(role)) {
    throw invalidParameter('The role defined for the function cannot be assumed by Lambda.');
  }
}

export async function createFunction(ctx: LambdaOpContext): Promise<EndpointResponse> {
  if (ctx.req.body.length > MAX_CREATE_REQUEST_BYTES) {
    throw tooLarge(`Request must be smaller than ${MAX_CREATE_REQUEST_BYTES} bytes for the CreateFunction operation`);
  }
  const body = jsonBody(ctx.req);
  const zipFile = zipFileOf(body.Code, 'Code');

  const name = createName(body.FunctionName, ctx);
  const architectures = body.Architectures === undefined ? ['x86_64'] : checkArchitectures(body.Architectures);
  const environment = body.Environment === undefined ? undefined : checkEnvironment(body.Environment);
  const role = checkRole(body.Role);
  if (body.PackageType !== undefined && body.PackageType !== 'Zip') {
    throw invalidParameter(`PackageType ${String(body.PackageType)} is not supported by this endpoint; use Zip.`);
  }
  const runtime = checkRuntime(body.Runtime);
  const handler = body.Handler === undefined ? undefined : checkHandler(body.Handler);
  checkHandlerPresence(runtime, handler);
  const timeout = body.Timeout === undefined ? DEFAULT_TIMEOUT : checkTimeout(body.Timeout);
  const memorySize = body.MemorySize === undefined ? DEFAULT_MEMORY_SIZE : checkMemorySize(body.MemorySize);
  const description = body.Description === undefined ? '' : checkDescription(body.Description);
  const ephemeralStorageSize =
    body.EphemeralStorage === undefined ? DEFAULT_EPHEMERAL_STORAGE : checkEphemeralStorage(body.EphemeralStorage);
  const tags = checkTags(body.Tags);
  checkAssumable(ctx, role);

  const duplicate = () => {
    if (ctx.registry.get(ctx.region, name)) throw conflict(`Function already exist: ${name}`);
  };
  duplicate();
  const code = await acceptZipFile(zipFile);
  duplicate(); // again: another request may have created it while the zip was being read

  const fn: StoredFunction = {
    schemaVersion: STORED_FUNCTION_SCHEMA,
    region: ctx.region,
    name,
    runtime,
    handler,
    role,
    description,
    timeout,
    memorySize,
    environment,
    architectures,
    ephemeralStorageSize,
    tags,
    code: { sha256: code.sha256, sha256Hex: code.sha256Hex, size: code.size },
    revisionId: randomUUID(),
    lastModified: formatLastModified(new Date()),
    state: 'Pending',
    stateReason: CREATING_REASON,
    stateReasonCode: CREATING_REASON_CODE,
    policy: [],
  };
  ctx.registry.create(fn, code);
  return jsonResponse(201, toWireConfiguration(fn, ctx.account), ctx.req.requestId, 'CreateFunction');
}

/** CreateFunction's FunctionName: a name or an unqualified ARN naming this account and region. */
function createName(value: unknown, ctx: LambdaOpContext): string {
  if (value === undefined || value === null) {
    throw validation(constraintMessage(null, 'functionName', 'Member must not be null'));
  }
  const raw = String(value);
  const ref = parseFunctionRef(raw);
  if (!ref || ref.qualifier !== undefined) {
    throw validation(constraintMessage(raw, 'functionName', `Member must satisfy regular expression pattern: ${CREATE_NAME_PATTERN}`));
  }
  if (ref.name.length > MAX_NAME_LENGTH) {
    throw invalidParameter(constraintMessage(ref.name, 'functionName', 'Member must have length less than or equal to 64'));
  }
  if ((ref.region !== undefined && ref.region !== ctx.region) || (ref.account !== undefined && ref.account !== ctx.account)) {
    throw invalidParameter(`The function ARN ${raw} names another region or account than this request (${ctx.region}, ${ctx.account}).`);
  }
  return ref.name;
}

/** The base64 zip from `Code.ZipFile` (create) or `ZipFile` (update code). */
function zipFileOf(code: unknown, member: string): string {
  const source = (code ?? {}) as Record<string, unknown>;
  if (typeof source.ZipFile === 'string' && source.ZipFile.length > 0) return source.ZipFile;
  if (source.S3Bucket !== undefined || source.S3Key !== undefined || source.ImageUri !== undefined) {
    throw invalidParameter(
      'This endpoint accepts deployment packages as ZipFile only; S3Bucket/S3Key and ImageUri are not supported. ' +
        'Upload the zip directly (aws lambda ... --zip-file fileb://function.zip).',
    );
  }
  throw invalidParameter(`Please provide a source for function code: ${member}.ZipFile (the zip, base64-encoded) is required.`);
}

function checkTags(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw validation(constraintMessage(null, 'tags', 'Member must be a map'));
  const tags: Record<string, string> = {};
  for (const [key, tag] of Object.entries(value as Record<string, unknown>)) tags[key] = String(tag);
  return tags;
}

function codeLocation(ctx: LambdaOpContext, fn: StoredFunction, fallbackUrl: string): string {
  return `${baseUrl(ctx.req, fallbackUrl)}/2015-03-31/functions/${encodeURIComponent(fn.name)}/code-download/${fn.code.sha256Hex}`;
}

export function getFunction(ctx: LambdaOpContext, rawName: string, fallbackUrl: string): EndpointResponse {
  const { fn } = findFunction(ctx, rawName);
  const result: Record<string, unknown> = {
    Configuration: toWireConfiguration(fn, ctx.account),
    Code: { RepositoryType: 'S3', Location: codeLocation(ctx, fn, fallbackUrl) },
  };
  if (Object.keys(fn.tags).length > 0) result.Tags = { ...fn.tags };
  return jsonResponse(200, result, ctx.req.requestId, 'GetFunction');
}

export function getFunctionConfiguration(ctx: LambdaOpContext, rawName: string): EndpointResponse {
  const { fn } = findFunction(ctx, rawName);
  return jsonResponse(200, toWireConfiguration(fn, ctx.account), ctx.req.requestId, 'GetFunctionConfiguration');
}

const DEFAULT_PAGE = 50;

export function listFunctions(ctx: LambdaOpContext): EndpointResponse {
  const maxItemsRaw = ctx.req.query.get('MaxItems');
  let maxItems = DEFAULT_PAGE;
  if (maxItemsRaw !== null) {
    maxItems = Number(maxItemsRaw);
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10_000) {
      throw validation(constraintMessage(maxItemsRaw, 'maxItems', 'Member must have value between 1 and 10000'));
    }
  }
  const all = ctx.registry.list(ctx.region);
  const marker = ctx.req.query.get('Marker');
  let start = 0;
  if (marker) {
    const after = Buffer.from(marker, 'base64url').toString('utf8');
    start = all.findIndex((f) => f.name > after);
    if (start === -1) start = all.length;
  }
  const page = all.slice(start, start + maxItems);
  const more = start + maxItems < all.length;
  const result: Record<string, unknown> = {
    Functions: page.map((f) => toWireConfiguration(f, ctx.account, { forList: true })),
  };
  // Opaque to clients: the last name on this page, so a deletion between pages skips nothing.
  if (more) result.NextMarker = Buffer.from(page[page.length - 1].name, 'utf8').toString('base64url');
  return jsonResponse(200, result, ctx.req.requestId, 'ListFunctions');
}

export async function updateFunctionCode(ctx: LambdaOpContext, rawName: string): Promise<EndpointResponse> {
  const body = jsonBody(ctx.req);
  findFunction(ctx, rawName); // 404 before looking at the zip
  const architectures = body.Architectures === undefined ? undefined : checkArchitectures(body.Architectures);
  const code: UploadedCode = await acceptZipFile(zipFileOf(body, ''));

  // State checks after the (asynchronous) zip check, so they see the function as it is now.
  const fn = findFunction(ctx, rawName).fn;
  checkRevision(fn, body.RevisionId);
  checkReady(ctx, fn, 'change');
  const apply = (draft: StoredFunction) => {
    draft.code = { sha256: code.sha256, sha256Hex: code.sha256Hex, size: code.size };
    if (architectures) draft.architectures = architectures;
  };
  if (body.DryRun === true) {
    const preview = structuredClone(fn);
    apply(preview);
    return jsonResponse(200, toWireConfiguration(preview, ctx.account), ctx.req.requestId, 'UpdateFunctionCode');
  }
  const updated = ctx.registry.change(fn, 'code', apply, code);
  return jsonResponse(200, toWireConfiguration(updated, ctx.account), ctx.req.requestId, 'UpdateFunctionCode');
}

export function updateFunctionConfiguration(ctx: LambdaOpContext, rawName: string): EndpointResponse {
  const body = jsonBody(ctx.req);
  const { fn } = findFunction(ctx, rawName);
  checkRevision(fn, body.RevisionId);
  checkReady(ctx, fn, 'change');

  const role = body.Role === undefined ? undefined : checkRole(body.Role);
  const runtime = body.Runtime === undefined ? undefined : checkRuntime(body.Runtime);
  const handler = body.Handler === undefined ? undefined : checkHandler(body.Handler);
  checkHandlerPresence(runtime ?? fn.runtime, handler ?? fn.handler);
  const timeout = body.Timeout === undefined ? undefined : checkTimeout(body.Timeout);
  const memorySize = body.MemorySize === undefined ? undefined : checkMemorySize(body.MemorySize);
  const description = body.Description === undefined ? undefined : checkDescription(body.Description);
  const environment = body.Environment === undefined ? undefined : checkEnvironment(body.Environment);
  const ephemeralStorageSize = body.EphemeralStorage === undefined ? undefined : checkEphemeralStorage(body.EphemeralStorage);
  if (role !== undefined) checkAssumable(ctx, role);

  const updated = ctx.registry.change(fn, 'configuration', (draft) => {
    if (role !== undefined) draft.role = role;
    if (runtime !== undefined) draft.runtime = runtime;
    if (handler !== undefined) draft.handler = handler;
    if (timeout !== undefined) draft.timeout = timeout;
    if (memorySize !== undefined) draft.memorySize = memorySize;
    if (description !== undefined) draft.description = description;
    if (environment !== undefined) draft.environment = environment; // replaces, as AWS does
    if (ephemeralStorageSize !== undefined) draft.ephemeralStorageSize = ephemeralStorageSize;
  });
  return jsonResponse(200, toWireConfiguration(updated, ctx.account), ctx.req.requestId, 'UpdateFunctionConfiguration');
}

export function deleteFunction(ctx: LambdaOpContext, rawName: string): EndpointResponse {
  const { fn, qualifier } = findFunction(ctx, rawName);
  if (qualifier === '$LATEST') {
    throw invalidParameter('$LATEST version cannot be deleted without deleting the function.');
  }
  ctx.registry.delete(fn);
  return { status: 204, headers: { 'x-amzn-requestid': ctx.req.requestId }, operation: 'DeleteFunction' };
}

/** Serves the zip behind Code.Location (AWS hands out a presigned S3 URL; this is our equivalent). */
export function downloadCode(ctx: LambdaOpContext, rawName: string, sha256Hex: string): EndpointResponse {
  const { fn } = findFunction(ctx, rawName);
  if (fn.code.sha256Hex !== sha256Hex) {
    throw notFound(`The code ${sha256Hex} is no longer the code of ${arnOf(ctx, fn.name)}; call GetFunction for a current Code.Location.`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(ctx.registry.record(fn).zipPath);
  } catch {
    throw notFound(`The code package of ${arnOf(ctx, fn.name)} is missing from the endpoint's data dir.`);
  }
  return {
    status: 200,
    headers: { 'content-type': 'application/zip', 'content-disposition': `attachment; filename="${fn.name}.zip"` },
    body: bytes,
    operation: 'GetFunctionCodeDownload',
  };
}
