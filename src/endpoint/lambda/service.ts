/**
 * The built-in endpoint's Lambda control plane (REST-JSON, API version 2015-03-31).
 *
 * Operations served: CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions,
 * UpdateFunctionCode, UpdateFunctionConfiguration, DeleteFunction, AddPermission, GetPolicy,
 * RemovePermission, Invoke (checked here, run by the injected invoker), and the download route
 * behind GetFunction's Code.Location.
 *
 * For other parts of the endpoint (function execution, S3 notifications):
 *
 * - `getFunction(nameOrArn)` → `FunctionRecord | undefined`: a frozen snapshot of the function's
 *   configuration, its CodeSha256 and `zipPath` (the zip on disk). Accepts a name, a partial ARN
 *   or a full ARN (optionally `:$LATEST`); a bare name is looked up in the default region.
 * - `policyAllows(nameOrArn, principalService, sourceArn)` → `boolean`: whether the function's
 *   resource policy lets that service (e.g. `s3.amazonaws.com`) invoke it for that source ARN
 *   (Allow statements with a matching Service principal, action `lambda:InvokeFunction` or
 *   `lambda:*`, and conditions ArnLike/ArnEquals on AWS:SourceArn with `*`/`?` wildcards).
 * - `invocableFunctions()` → the records of every Active function not being updated.
 * - `onFunctionChanged(listener)` → unsubscribe function. The listener hears `created`, `code`
 *   and `configuration` (an update started: replace warm workers), `ready` (Pending → Active or
 *   InProgress → Successful) and `deleted`.
 * - `setPreparer(preparer)`: called with each function entering Pending or InProgress; the state
 *   changes once it resolves (at most 5 s) and the least transition delay has passed.
 * - `options.invoker` (or `setInvoker`) runs `POST …/functions/{n}/invocations`. Before calling
 *   it this service answers a missing function (404), a function that is not Active or is being
 *   updated (409), and without an invoker it answers 501.
 */
import type { EndpointContext } from '../context.js';
import type { EndpointRequest, EndpointResponse } from '../http.js';
import type { Service } from '../service.js';
import { LambdaError, lambdaErrorResponse } from './errors.js';
import { parseFunctionRef } from './names.js';
import { statementsAllowInvoke } from './policy.js';
import type { FunctionRecord } from './records.js';
import { FunctionRegistry, type FunctionChangeListener, type FunctionPreparer } from './registry.js';
import { matchRoute } from './routes.js';
import { StateRepairs } from '../store/repairs.js';
import { LambdaStore } from './store.js';
import { checkReady, findFunction, type LambdaOpContext } from './ops/context.js';
import {
  createFunction,
  deleteFunction,
  downloadCode,
  getFunction,
  getFunctionConfiguration,
  listFunctions,
  updateFunctionCode,
  updateFunctionConfiguration,
} from './ops/functions.js';
import { addPermission, getPolicy, removePermission } from './ops/permissions.js';

export type { FunctionRecord } from './records.js';
export type { FunctionChange, FunctionChangeListener, FunctionPreparer } from './registry.js';

/** Runs an invocation the control plane has accepted; answers in Lambda's Invoke wire format. */
export type FunctionInvoker = (record: FunctionRecord, req: EndpointRequest) => Promise<EndpointResponse>;

export interface LambdaServiceOptions {
  invoker?: FunctionInvoker;
  /**
   * The least time Pending and InProgress last (real time); they also last while the function is
   * prepared (setPreparer). Default 200 ms: a client that looks at once still sees Pending.
   */
  transitionDelayMs?: number;
  /**
   * Whether a role ARN names a role Lambda could assume (the endpoint's IAM). Without it any
   * well-formed role ARN is accepted.
   */
  roleExists?: (arn: string) => boolean;
}

export const DEFAULT_TRANSITION_DELAY_MS = 200;

export class LambdaService implements Service {
  private readonly registry: FunctionRegistry;
  private invoker: FunctionInvoker | undefined;
  private readonly roleExists: ((arn: string) => boolean) | undefined;

  constructor(
    readonly context: EndpointContext,
    options: LambdaServiceOptions = {},
  ) {
    this.registry = new FunctionRegistry(
      new LambdaStore(context.dataDir, context.repairs ?? new StateRepairs(context.dataDir)),
      context.accountId,
      options.transitionDelayMs ?? DEFAULT_TRANSITION_DELAY_MS,
    );
    this.invoker = options.invoker;
    this.roleExists = options.roleExists;
  }

  setInvoker(invoker: FunctionInvoker | undefined): void {
    this.invoker = invoker;
  }

  /** Who gets a function ready to run while it is Pending or InProgress (function execution). */
  setPreparer(preparer: FunctionPreparer | undefined): void {
    this.registry.setPreparer(preparer);
  }

  getFunction(nameOrArn: string): FunctionRecord | undefined {
    const ref = parseFunctionRef(nameOrArn);
    if (!ref) return undefined;
    if (ref.account !== undefined && ref.account !== this.context.accountId) return undefined;
    if (ref.qualifier !== undefined && ref.qualifier !== '$LATEST') return undefined;
    const fn = this.registry.get(ref.region ?? this.context.defaultRegion, ref.name);
    return fn ? this.registry.record(fn) : undefined;
  }

  policyAllows(nameOrArn: string, principalService: string, sourceArn: string): boolean {
    const ref = parseFunctionRef(nameOrArn);
    if (!ref || (ref.account !== undefined && ref.account !== this.context.accountId)) return false;
    const fn = this.registry.get(ref.region ?? this.context.defaultRegion, ref.name);
    if (!fn) return false;
    return statementsAllowInvoke(fn.policy, { principalService, sourceArn, sourceAccount: this.context.accountId });
  }

  /** Every function that can be invoked now (Active, its last update done), in every region. */
  invocableFunctions(): FunctionRecord[] {
    return this.registry.all().filter((fn) => fn.state === 'Active' && fn.lastUpdateStatus !== 'InProgress').map((fn) => this.registry.record(fn));
  }

  onFunctionChanged(listener: FunctionChangeListener): () => void {
    return this.registry.onChange(listener);
  }

  async handle(req: EndpointRequest, region: string): Promise<EndpointResponse> {
    const route = matchRoute(req.method, req.rawPath);
    const operation = route?.op;
    try {
      if (!route) {
        throw new LambdaError(404, 'UnknownOperationException', `No Lambda operation matches ${req.method} ${req.rawPath} on this endpoint.`);
      }
      const ctx: LambdaOpContext = { req, region, account: this.context.accountId, registry: this.registry, roleExists: this.roleExists };
      switch (route.op) {
        case 'ListFunctions':
          return listFunctions(ctx);
        case 'CreateFunction':
          return await createFunction(ctx);
        case 'GetFunction':
          return getFunction(ctx, route.name, this.context.url);
        case 'DeleteFunction':
          return deleteFunction(ctx, route.name);
        case 'GetFunctionConfiguration':
          return getFunctionConfiguration(ctx, route.name);
        case 'UpdateFunctionConfiguration':
          return updateFunctionConfiguration(ctx, route.name);
        case 'UpdateFunctionCode':
          return await updateFunctionCode(ctx, route.name);
        case 'AddPermission':
          return addPermission(ctx, route.name);
        case 'GetPolicy':
          return getPolicy(ctx, route.name);
        case 'RemovePermission':
          return removePermission(ctx, route.name, route.statementId);
        case 'DownloadCode':
          return downloadCode(ctx, route.name, route.sha256Hex);
        case 'Invoke':
          return await this.invoke(ctx, route.name);
      }
    } catch (error) {
      if (error instanceof LambdaError) return lambdaErrorResponse(error, req.requestId, operation);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.registry.close();
  }

  private async invoke(ctx: LambdaOpContext, rawName: string): Promise<EndpointResponse> {
    const { fn } = findFunction(ctx, rawName);
    checkReady(ctx, fn, 'invoke');
    if (!this.invoker) {
      throw new LambdaError(501, 'ServiceException', 'Function execution is not available on this endpoint.', 'Service');
    }
    const response = await this.invoker(this.registry.record(fn), ctx.req);
    return { operation: 'Invoke', ...response };
  }
}
