// Lambda's files under <dataDir>/lambda/: one JSON file per function (its name hashed into the
// file name, so a function name never becomes a path) and one zip per distinct code hash. A
// function file that does not fit its schema is set aside and the endpoint starts without it.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { TEMP_PREFIX, writeFileAtomic, writeJsonAtomic } from '../store/atomic.js';
import { readRecord } from '../store/records.js';
import { StateRepairs } from '../store/repairs.js';
import { fileNameFor } from '../store/safe-name.js';
import { STORED_FUNCTION_SCHEMA, type PolicyStatement, type StoredFunction } from './records.js';

const stringOrList = z.union([z.string(), z.array(z.string())]);

const policyStatement: z.ZodType<PolicyStatement> = z.looseObject({
  Sid: z.string(),
  Effect: z.enum(['Allow', 'Deny']),
  Principal: z.union([z.literal('*'), z.looseObject({ Service: stringOrList }), z.looseObject({ AWS: stringOrList })]),
  Action: stringOrList,
  Resource: stringOrList,
  Condition: z.record(z.string(), z.record(z.string(), stringOrList)).optional(),
});

const storedFunctionSchema: z.ZodType<StoredFunction> = z.looseObject({
  schemaVersion: z.literal(STORED_FUNCTION_SCHEMA),
  region: z.string(),
  name: z.string().min(1),
  runtime: z.string(),
  handler: z.string().optional(),
  role: z.string(),
  description: z.string(),
  timeout: z.number().positive(),
  memorySize: z.number().positive(),
  environment: z.record(z.string(), z.string()).optional(),
  architectures: z.array(z.string()),
  ephemeralStorageSize: z.number(),
  tags: z.record(z.string(), z.string()),
  // sha256Hex becomes a file name: only our own hex is accepted.
  code: z.looseObject({ sha256: z.string(), sha256Hex: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().nonnegative() }),
  revisionId: z.string(),
  lastModified: z.string(),
  state: z.enum(['Pending', 'Active', 'Inactive', 'Failed']),
  stateReason: z.string().optional(),
  stateReasonCode: z.string().optional(),
  lastUpdateStatus: z.enum(['InProgress', 'Successful', 'Failed']).optional(),
  lastUpdateStatusReason: z.string().optional(),
  lastUpdateStatusReasonCode: z.string().optional(),
  policy: z.array(policyStatement),
});

export class LambdaStore {
  readonly functionsDir: string;
  readonly codeDir: string;

  /** Set when a function file was set aside: its code may be among the unreferenced zips. */
  private salvageCode = false;

  constructor(
    dataDir: string,
    private readonly repairs: StateRepairs = new StateRepairs(dataDir),
  ) {
    const root = join(dataDir, 'lambda');
    this.functionsDir = join(root, 'functions');
    this.codeDir = join(root, 'code');
    mkdirSync(this.functionsDir, { recursive: true });
    mkdirSync(this.codeDir, { recursive: true });
  }

  /** Every stored function; leftovers of interrupted writes are swept, a damaged file is set aside. */
  loadAll(): StoredFunction[] {
    this.sweepTemps(this.functionsDir);
    this.sweepTemps(this.codeDir);
    const functions: StoredFunction[] = [];
    for (const entry of readdirSync(this.functionsDir)) {
      if (!entry.endsWith('.json')) continue;
      const file = join(this.functionsDir, entry);
      const read = readRecord(file, storedFunctionSchema);
      if (read.state === 'missing') continue;
      const problem =
        read.state === 'damaged' ? read.reason : `${fileNameFor(`${read.value.region}\n${read.value.name}`)}.json` === entry ? undefined : 'its file name does not match the function inside it';
      if (read.state === 'ok' && problem === undefined) {
        functions.push(read.value);
        continue;
      }
      this.repairs.moveAside(file, problem ?? 'unreadable', {
        en: 'the endpoint started without this function (deploy it again: serverless-tutorial run --step deploy)',
        ja: 'この関数なしで起動しました (serverless-tutorial run --step deploy でデプロイし直してください)',
      });
      this.salvageCode = true;
    }
    return functions;
  }

  save(fn: StoredFunction): void {
    writeJsonAtomic(this.functionFile(fn.region, fn.name), fn);
  }

  remove(region: string, name: string): void {
    rmSync(this.functionFile(region, name), { force: true });
  }

  codePath(sha256Hex: string): string {
    // sha256Hex is validated hex (ours, or checked at load), so it is safe as a file name.
    return join(this.codeDir, `${sha256Hex}.zip`);
  }

  hasCode(sha256Hex: string): boolean {
    return existsSync(this.codePath(sha256Hex));
  }

  /** Content-addressed: an existing file already holds these bytes. */
  writeCode(sha256Hex: string, bytes: Buffer): void {
    if (!this.hasCode(sha256Hex)) writeFileAtomic(this.codePath(sha256Hex), bytes);
  }

  /** Deletes code files no function refers to any more (after a delete, an update, or a crash). */
  pruneCode(inUse: ReadonlySet<string>): void {
    const salvage = this.salvageCode;
    this.salvageCode = false;
    for (const entry of readdirSync(this.codeDir)) {
      const hex = /^([0-9a-f]{64})\.zip$/.exec(entry)?.[1];
      if (!hex || inUse.has(hex)) continue;
      const file = join(this.codeDir, entry);
      if (salvage) {
        this.repairs.moveAside(file, 'code no readable function refers to', {
          en: 'set aside with the damaged function files, in case it is their code',
          ja: '壊れた関数ファイルのコードである可能性があるため、一緒に退避しました',
        });
      } else {
        rmSync(file, { force: true });
      }
    }
  }

  private functionFile(region: string, name: string): string {
    return join(this.functionsDir, `${fileNameFor(`${region}\n${name}`)}.json`);
  }

  private sweepTemps(dir: string): void {
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith(TEMP_PREFIX)) rmSync(join(dir, entry), { force: true });
    }
  }
}
