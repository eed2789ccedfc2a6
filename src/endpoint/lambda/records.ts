// The shapes a function takes: what is persisted (StoredFunction), what other parts of the endpoint
// are handed (FunctionRecord), and what goes on the wire (FunctionConfiguration JSON).
import { functionArn } from './names.js';

export type FunctionState = 'Pending' | 'Active' | 'Inactive' | 'Failed';
export type LastUpdateStatus = 'InProgress' | 'Successful' | 'Failed';

export type PolicyPrincipal = '*' | { Service: string | string[] } | { AWS: string | string[] };

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal: PolicyPrincipal;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export const STORED_FUNCTION_SCHEMA = 1;

/** One function as persisted in `<dataDir>/lambda/functions/<hash>.json`. */
export interface StoredFunction {
  schemaVersion: typeof STORED_FUNCTION_SCHEMA;
  region: string;
  name: string;
  runtime: string;
  handler?: string;
  role: string;
  description: string;
  timeout: number;
  memorySize: number;
  /** `undefined` when the function never had an Environment (AWS then omits the key). */
  environment?: Record<string, string>;
  architectures: string[];
  ephemeralStorageSize: number;
  tags: Record<string, string>;
  code: { sha256: string; sha256Hex: string; size: number };
  revisionId: string;
  lastModified: string;
  state: FunctionState;
  stateReason?: string;
  stateReasonCode?: string;
  lastUpdateStatus?: LastUpdateStatus;
  lastUpdateStatusReason?: string;
  lastUpdateStatusReasonCode?: string;
  /** Resource-based policy statements; empty means the function has no policy. */
  policy: PolicyStatement[];
}

/** A read-only snapshot of a function, for the endpoint's other parts (execution, S3 triggers). */
export interface FunctionRecord {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly runtime: string;
  readonly handler?: string;
  readonly role: string;
  readonly description: string;
  readonly timeout: number;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly architectures: readonly string[];
  readonly ephemeralStorageSize: number;
  /** base64(sha256(zip)), as AWS reports it. */
  readonly codeSha256: string;
  readonly codeSize: number;
  /** Absolute path of the function's zip in the data dir. Treat as read-only. */
  readonly zipPath: string;
  readonly revisionId: string;
  readonly lastModified: string;
  readonly state: FunctionState;
  readonly lastUpdateStatus?: LastUpdateStatus;
}

export function toFunctionRecord(fn: StoredFunction, account: string, zipPath: string): FunctionRecord {
  return Object.freeze({
    name: fn.name,
    arn: functionArn(fn.region, account, fn.name),
    region: fn.region,
    runtime: fn.runtime,
    handler: fn.handler,
    role: fn.role,
    description: fn.description,
    timeout: fn.timeout,
    memorySize: fn.memorySize,
    environment: Object.freeze({ ...(fn.environment ?? {}) }),
    architectures: Object.freeze([...fn.architectures]),
    ephemeralStorageSize: fn.ephemeralStorageSize,
    codeSha256: fn.code.sha256,
    codeSize: fn.code.size,
    zipPath,
    revisionId: fn.revisionId,
    lastModified: fn.lastModified,
    state: fn.state,
    lastUpdateStatus: fn.lastUpdateStatus,
  });
}

/** Lambda's LastModified format: `2026-11-28T13:00:00.000+0000`. */
export function formatLastModified(date: Date): string {
  return date.toISOString().replace(/Z$/, '+0000');
}

/**
 * The FunctionConfiguration JSON. ListFunctions omits the state fields, as AWS does ("use
 * GetFunction for State and LastUpdateStatus").
 */
export function toWireConfiguration(fn: StoredFunction, account: string, options: { forList?: boolean } = {}) {
  const config: Record<string, unknown> = {
    FunctionName: fn.name,
    FunctionArn: functionArn(fn.region, account, fn.name),
    Runtime: fn.runtime,
    Role: fn.role,
    Handler: fn.handler,
    CodeSize: fn.code.size,
    Description: fn.description,
    Timeout: fn.timeout,
    MemorySize: fn.memorySize,
    LastModified: fn.lastModified,
    CodeSha256: fn.code.sha256,
    Version: '$LATEST',
    Environment: fn.environment === undefined ? undefined : { Variables: { ...fn.environment } },
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: fn.revisionId,
    PackageType: 'Zip',
    Architectures: [...fn.architectures],
    EphemeralStorage: { Size: fn.ephemeralStorageSize },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${fn.name}` },
  };
  if (!options.forList) {
    Object.assign(config, {
      State: fn.state,
      StateReason: fn.stateReason,
      StateReasonCode: fn.stateReasonCode,
      LastUpdateStatus: fn.lastUpdateStatus,
      LastUpdateStatusReason: fn.lastUpdateStatusReason,
      LastUpdateStatusReasonCode: fn.lastUpdateStatusReasonCode,
    });
  }
  // JSON.stringify drops undefined members, which is how AWS omits absent fields.
  return config;
}
