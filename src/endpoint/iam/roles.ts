// IAM role operations. Each returns the `<Action>Result` content (or undefined for actions that
// answer with ResponseMetadata only) and throws QueryError for IAM's errors.
import { randomInt } from 'node:crypto';
import { findManagedPolicy } from './managed-policies.js';
import { QueryError, memberList, paginate, requiredParam } from './query-protocol.js';
import type { IamStore, StoredRole } from './store.js';
import { checkMaxSessionDuration, checkName, checkPath, checkPolicyArn, checkPolicyDocument } from './validation.js';

type Result = Record<string, unknown> | undefined;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** IAM unique ids: a 4-letter type prefix (AROA for roles) and 17 characters. */
function uniqueId(prefix: string): string {
  let id = prefix;
  for (let i = 0; i < 17; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class RoleOperations {
  /** Keyed by lower-cased name: IAM names are unique regardless of case. */
  private readonly roles = new Map<string, StoredRole>();

  constructor(
    private readonly store: IamStore,
    private readonly account: string,
  ) {
    for (const role of store.load()) this.roles.set(role.roleName.toLowerCase(), role);
  }

  CreateRole(params: URLSearchParams): Result {
    const roleName = checkName(requiredParam(params, 'RoleName'), 'roleName', 64);
    const document = checkPolicyDocument(requiredParam(params, 'AssumeRolePolicyDocument'));
    const path = checkPath(params.get('Path'));
    const description = params.get('Description') ?? undefined;
    if (description !== undefined && description.length > 1000) {
      throw new QueryError(400, 'ValidationError', "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000");
    }
    const maxSessionDuration = checkMaxSessionDuration(params.get('MaxSessionDuration'));
    const tags = memberList(params, 'Tags').map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
    if (this.roles.has(roleName.toLowerCase())) {
      throw new QueryError(409, 'EntityAlreadyExists', `Role with name ${roleName} already exists.`);
    }
    const role: StoredRole = {
      roleName,
      roleId: uniqueId('AROA'),
      path,
      createDate: isoSeconds(new Date()),
      assumeRolePolicyDocument: document,
      description,
      maxSessionDuration,
      tags,
      attachedPolicyArns: [],
      inlinePolicies: {},
    };
    this.commit(() => this.roles.set(roleName.toLowerCase(), role));
    return { Role: this.roleXml(role, { forCreate: true }) };
  }

  /** True when `arn` names a role of this account that exists (path included), as Lambda checks. */
  hasRoleArn(arn: string): boolean {
    const match = /^arn:aws[a-zA-Z-]*:iam::(\d{12}):role(\/.*\/|\/)([^/]+)$/.exec(arn);
    if (!match || match[1] !== this.account) return false;
    const role = this.roles.get(match[3].toLowerCase());
    return role !== undefined && role.roleName === match[3] && role.path === match[2];
  }

  GetRole(params: URLSearchParams): Result {
    const role = this.requireRole(params);
    return { Role: this.roleXml(role) };
  }

  ListRoles(params: URLSearchParams): Result {
    const prefix = params.get('PathPrefix') ?? '/';
    const roles = [...this.roles.values()]
      .filter((r) => r.path.startsWith(prefix))
      .sort((a, b) => compare(a.roleName, b.roleName));
    const { page, isTruncated, marker } = paginate(roles, (r) => r.roleName, params);
    return {
      Roles: { member: page.map((r) => this.roleXml(r, { forList: true })) },
      IsTruncated: isTruncated,
      Marker: marker,
    };
  }

  DeleteRole(params: URLSearchParams): Result {
    const role = this.requireRole(params);
    if (role.attachedPolicyArns.length > 0) {
      throw new QueryError(409, 'DeleteConflict', 'Cannot delete entity, must detach all policies first.');
    }
    if (Object.keys(role.inlinePolicies).length > 0) {
      throw new QueryError(409, 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
    }
    this.commit(() => this.roles.delete(role.roleName.toLowerCase()));
    return undefined;
  }

  AttachRolePolicy(params: URLSearchParams): Result {
    const role = this.requireRole(params);
    const arn = checkPolicyArn(requiredParam(params, 'PolicyArn'));
    if (!findManagedPolicy(arn)) {
      throw new QueryError(404, 'NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
    }
    if (!role.attachedPolicyArns.includes(arn)) {
      this.commit(() => role.attachedPolicyArns.push(arn));
    }
    return undefined;
  }

  DetachRolePolicy(params: URLSearchParams): Result {
    const role = this.requireRole(params);
    const arn = checkPolicyArn(requiredParam(params, 'PolicyArn'));
    if (!role.attachedPolicyArns.includes(arn)) {
      throw new QueryError(404, 'NoSuchEntity', `Policy ${arn} was not found.`);
    }
    this.commit(() => {
      role.attachedPolicyArns = role.attachedPolicyArns.filter((a) => a !== arn);
    });
    return undefined;
  }

  ListAttachedRolePolicies(params: URLSearchParams): Result {
    const role = this.requireRole(params);
    const prefix = params.get('PathPrefix') ?? '/';
    const attached = role.attachedPolicyArns
      .map((arn) => ({ arn, policy: findManagedPolicy(arn) }))
      .filter((p) => (p.policy?.path ?? '/').startsWith(prefix))
      .map((p) => ({ PolicyName: p.policy?.name ?? p.arn.split('/').pop() ?? p.arn, PolicyArn: p.arn }));
    const { page, isTruncated, marker } = paginate(attached, (p) => p.PolicyArn, params);
    return { AttachedPolicies: { member: page }, IsTruncated: isTruncated, Marker: marker };
  }

  PutRolePolicy(params: URLSearchParams): Result {
    const role = this.requireRole(params);
    const policyName = checkName(requiredParam(params, 'PolicyName'), 'policyName', 128);
    const document = checkPolicyDocument(requiredParam(params, 'PolicyDocument'));
    this.commit(() => {
      role.inlinePolicies[policyName] = document;
    });
    return undefined;
  }

  GetRolePolicy(params: URLSearchParams): Result {
    const role = this.requireRole(params);
    const policyName = requiredParam(params, 'PolicyName');
    const document = role.inlinePolicies[policyName];
    if (document === undefined) {
      throw new QueryError(404, 'NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
    }
    return { RoleName: role.roleName, PolicyName: policyName, PolicyDocument: encodeURIComponent(document) };
  }

  DeleteRolePolicy(params: URLSearchParams): Result {
    const role = this.requireRole(params);
    const policyName = requiredParam(params, 'PolicyName');
    if (role.inlinePolicies[policyName] === undefined) {
      throw new QueryError(404, 'NoSuchEntity', `The role policy with name ${policyName} cannot be found.`);
    }
    this.commit(() => {
      delete role.inlinePolicies[policyName];
    });
    return undefined;
  }

  ListRolePolicies(params: URLSearchParams): Result {
    const role = this.requireRole(params);
    const names = Object.keys(role.inlinePolicies).sort(compare);
    const { page, isTruncated, marker } = paginate(names, (n) => n, params);
    return { PolicyNames: { member: page }, IsTruncated: isTruncated, Marker: marker };
  }

  private requireRole(params: URLSearchParams): StoredRole {
    const roleName = requiredParam(params, 'RoleName');
    const role = this.roles.get(roleName.toLowerCase());
    if (!role) throw new QueryError(404, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`);
    return role;
  }

  /**
   * Applies a change and persists the whole role set; if the write fails, the in-memory state is
   * rolled back so memory and disk never disagree.
   */
  private commit(change: () => void): void {
    const before = structuredClone([...this.roles.entries()]);
    change();
    try {
      this.store.save([...this.roles.values()]);
    } catch (error) {
      this.roles.clear();
      for (const [key, role] of before) this.roles.set(key, role);
      throw error;
    }
  }

  private roleXml(role: StoredRole, options: { forCreate?: boolean; forList?: boolean } = {}): Record<string, unknown> {
    return {
      Path: role.path,
      RoleName: role.roleName,
      RoleId: role.roleId,
      Arn: `arn:aws:iam::${this.account}:role${role.path}${role.roleName}`,
      CreateDate: role.createDate,
      AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
      Description: role.description,
      MaxSessionDuration: options.forCreate ? undefined : role.maxSessionDuration,
      Tags: role.tags.length > 0 && !options.forList ? { member: role.tags } : undefined,
      RoleLastUsed: options.forCreate || options.forList ? undefined : {},
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
