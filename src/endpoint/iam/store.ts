// IAM's state: every role with its attached and inline policies, in one small JSON file
// (<dataDir>/iam/roles.json) rewritten atomically on each change.
import { join } from 'node:path';
import { CorruptStateError, readJsonFile, writeJsonAtomic } from '../store/atomic.js';

export interface StoredRole {
  roleName: string;
  roleId: string;
  path: string;
  /** ISO 8601 without milliseconds, as IAM reports it. */
  createDate: string;
  /** As the client sent it (IAM answers it URL-encoded). */
  assumeRolePolicyDocument: string;
  description?: string;
  maxSessionDuration: number;
  tags: { Key: string; Value: string }[];
  attachedPolicyArns: string[];
  /** Inline policies: name → document as sent. */
  inlinePolicies: Record<string, string>;
}

interface IamStateFile {
  schemaVersion: 1;
  roles: StoredRole[];
}

export class IamStore {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'iam', 'roles.json');
  }

  load(): StoredRole[] {
    const state = readJsonFile<IamStateFile>(this.file);
    if (state === undefined) return [];
    if (state?.schemaVersion !== 1 || !Array.isArray(state.roles)) {
      throw new CorruptStateError(this.file, 'not an IAM state file (schemaVersion 1 with a roles list)');
    }
    for (const role of state.roles) {
      if (typeof role?.roleName !== 'string' || !Array.isArray(role.attachedPolicyArns) || typeof role.inlinePolicies !== 'object') {
        throw new CorruptStateError(this.file, 'a role entry is incomplete');
      }
    }
    return state.roles;
  }

  save(roles: StoredRole[]): void {
    const state: IamStateFile = { schemaVersion: 1, roles };
    writeJsonAtomic(this.file, state);
  }
}
