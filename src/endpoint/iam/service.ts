// The built-in endpoint's IAM (query protocol, Version 2010-05-08): roles, their attached
// AWS-managed policies and inline policies. State lives in <dataDir>/iam/roles.json.
//
// Actions: CreateRole, GetRole, ListRoles, DeleteRole, AttachRolePolicy, DetachRolePolicy,
// ListAttachedRolePolicies, PutRolePolicy, GetRolePolicy, DeleteRolePolicy, ListRolePolicies.
import type { EndpointContext } from '../context.js';
import type { EndpointRequest, EndpointResponse } from '../http.js';
import type { Service } from '../service.js';
import { QueryError, queryErrorResponse, queryParameters, queryResponse } from './query-protocol.js';
import { RoleOperations } from './roles.js';
import { StateRepairs } from '../store/repairs.js';
import { IamStore } from './store.js';

export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';

const ACTIONS = [
  'CreateRole',
  'GetRole',
  'ListRoles',
  'DeleteRole',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'ListAttachedRolePolicies',
  'PutRolePolicy',
  'GetRolePolicy',
  'DeleteRolePolicy',
  'ListRolePolicies',
] as const;
type Action = (typeof ACTIONS)[number];

export class IamService implements Service {
  private readonly roles: RoleOperations;

  constructor(readonly context: EndpointContext) {
    this.roles = new RoleOperations(new IamStore(context.dataDir, context.repairs ?? new StateRepairs(context.dataDir)), context.accountId);
  }

  /** Whether Lambda could assume this role: it exists here under exactly this ARN. */
  roleArnExists(arn: string): boolean {
    return this.roles.hasRoleArn(arn);
  }

  async handle(req: EndpointRequest): Promise<EndpointResponse> {
    const params = queryParameters(req);
    const action = params.get('Action') ?? undefined;
    try {
      if (action === undefined) throw new QueryError(400, 'MissingAction', 'Missing Action');
      if (!(ACTIONS as readonly string[]).includes(action)) {
        throw new QueryError(400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
      }
      const result = this.roles[action as Action](params);
      return queryResponse(IAM_NAMESPACE, action, result, req.requestId);
    } catch (error) {
      if (error instanceof QueryError) return queryErrorResponse(IAM_NAMESPACE, error, req.requestId, action);
      throw error;
    }
  }
}
