// Lambda's files under <dataDir>/lambda/: one JSON file per function (its name hashed into the
// file name, so a function name never becomes a path) and one zip per distinct code hash.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptStateError, readJsonFile, TEMP_PREFIX, writeFileAtomic, writeJsonAtomic } from '../store/atomic.js';
import { fileNameFor } from '../store/safe-name.js';
import { STORED_FUNCTION_SCHEMA, type StoredFunction } from './records.js';

const STATES = new Set(['Pending', 'Active', 'Inactive', 'Failed']);
const UPDATE_STATES = new Set([undefined, 'InProgress', 'Successful', 'Failed']);

export class LambdaStore {
  readonly functionsDir: string;
  readonly codeDir: string;

  constructor(dataDir: string) {
    const root = join(dataDir, 'lambda');
    this.functionsDir = join(root, 'functions');
    this.codeDir = join(root, 'code');
    mkdirSync(this.functionsDir, { recursive: true });
    mkdirSync(this.codeDir, { recursive: true });
  }

  /** Every stored function; leftovers of interrupted writes are swept, a damaged file is a CorruptStateError. */
  loadAll(): StoredFunction[] {
    this.sweepTemps(this.functionsDir);
    this.sweepTemps(this.codeDir);
    const functions: StoredFunction[] = [];
    for (const entry of readdirSync(this.functionsDir)) {
      if (!entry.endsWith('.json')) continue;
      const file = join(this.functionsDir, entry);
      const value = readJsonFile<unknown>(file);
      if (value === undefined) continue;
      const problem = shapeProblem(value);
      if (problem) throw new CorruptStateError(file, problem);
      functions.push(value as StoredFunction);
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
    for (const entry of readdirSync(this.codeDir)) {
      const hex = /^([0-9a-f]{64})\.zip$/.exec(entry)?.[1];
      if (hex && !inUse.has(hex)) rmSync(join(this.codeDir, entry), { force: true });
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

/** Why a parsed file is not a function record we wrote, or `undefined` when it is. */
function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const fn = value as Partial<StoredFunction>;
  if (fn.schemaVersion !== STORED_FUNCTION_SCHEMA) return `unknown schemaVersion ${String(fn.schemaVersion)}`;
  if (typeof fn.name !== 'string' || typeof fn.region !== 'string') return 'missing name or region';
  if (typeof fn.runtime !== 'string' || typeof fn.role !== 'string') return 'missing runtime or role';
  if (typeof fn.timeout !== 'number' || typeof fn.memorySize !== 'number') return 'missing timeout or memorySize';
  if (!fn.code || typeof fn.code.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(String(fn.code.sha256Hex))) {
    return 'missing or malformed code hash';
  }
  if (!STATES.has(String(fn.state)) || !UPDATE_STATES.has(fn.lastUpdateStatus)) return 'unknown state';
  if (!Array.isArray(fn.policy) || !Array.isArray(fn.architectures)) return 'missing policy or architectures';
  return undefined;
}
