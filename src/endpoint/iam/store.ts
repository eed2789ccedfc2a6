// IAM's state: every role with its attached and inline policies, in one small JSON file
// (<dataDir>/iam/roles.json) rewritten atomically on each change. A damaged file is set aside (the
// endpoint starts with no roles); a damaged role entry is dropped after a copy of the file is kept.
import { join } from 'node:path';
import * as z from 'zod';
import { writeJsonAtomic } from '../store/atomic.js';
import { checkRecord, readRecord } from '../store/records.js';
import { StateRepairs } from '../store/repairs.js';

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

const roleSchema: z.ZodType<StoredRole> = z.looseObject({
  roleName: z.string().min(1),
  roleId: z.string(),
  path: z.string(),
  createDate: z.string(),
  assumeRolePolicyDocument: z.string(),
  description: z.string().optional(),
  maxSessionDuration: z.number(),
  tags: z.array(z.looseObject({ Key: z.string(), Value: z.string() })),
  attachedPolicyArns: z.array(z.string()),
  inlinePolicies: z.record(z.string(), z.string()),
});

/** The file's frame; each role is checked on its own so one bad entry does not cost the others. */
const stateFileSchema = z.looseObject({ schemaVersion: z.literal(1), roles: z.array(z.unknown()) });

export class IamStore {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly repairs: StateRepairs = new StateRepairs(dataDir),
  ) {
    this.file = join(dataDir, 'iam', 'roles.json');
  }

  load(): StoredRole[] {
    const read = readRecord(this.file, stateFileSchema);
    if (read.state === 'missing') return [];
    if (read.state === 'damaged') {
      this.repairs.moveAside(this.file, read.reason, {
        en: 'the endpoint started with no IAM roles (step 4 creates the lesson\'s role again)',
        ja: 'IAM ロールなしで起動しました (ステップ 4 でレッスンのロールを作り直せます)',
      });
      return [];
    }
    const roles: StoredRole[] = [];
    const problems: string[] = [];
    read.value.roles.forEach((entry, index) => {
      const role = checkRecord(entry, roleSchema);
      if (role.state === 'ok') roles.push(role.value);
      else if (role.state === 'damaged') problems.push(`roles.${index}: ${role.reason}`);
    });
    if (problems.length > 0) {
      this.repairs.copyAside(this.file, problems.join('; '), {
        en: `the endpoint dropped ${problems.length} damaged role entr${problems.length === 1 ? 'y' : 'ies'} and kept the other ${roles.length}`,
        ja: `壊れたロール ${problems.length} 件を除き、残りの ${roles.length} 件で起動しました`,
      });
      this.save(roles);
    }
    return roles;
  }

  save(roles: StoredRole[]): void {
    const state: IamStateFile = { schemaVersion: 1, roles };
    writeJsonAtomic(this.file, state);
  }
}
