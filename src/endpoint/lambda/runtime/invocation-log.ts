// The platform's own log lines around a function's output, worded as Lambda writes them, and the
// per-invocation capture that X-Amz-Log-Type: Tail returns (the last 4 KB, base64).
import { randomBytes } from 'node:crypto';

export const TAIL_BYTES = 4096;

export class InvocationRecord {
  private readonly lines: string[] = [];
  private size = 0;

  constructor(readonly requestId: string) {}

  capture(message: string): void {
    this.lines.push(message);
    this.size += Buffer.byteLength(message) + 1;
    // Only the tail is ever returned: drop what can no longer be part of it.
    while (this.lines.length > 1 && this.size - (Buffer.byteLength(this.lines[0]) + 1) >= TAIL_BYTES) {
      this.size -= Buffer.byteLength(this.lines.shift()!) + 1;
    }
  }

  /** base64 of the last 4096 bytes of this invocation's log text. */
  tailBase64(): string {
    const text = Buffer.from(this.lines.map((l) => `${l}\n`).join(''), 'utf8');
    return text.subarray(Math.max(0, text.length - TAIL_BYTES)).toString('base64');
  }
}

export interface ReportFields {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  status?: 'timeout' | 'error';
  errorType?: string;
}

export const platformLines = {
  /** Names the Node that really runs the function: every nodejs*.x runs on this machine's Node. */
  initStart(runtime: string, region: string): string {
    const node = /^nodejs(\d+)\.x$/.exec(runtime);
    const version = node ? `nodejs:${node[1]}.builtin` : `${runtime.replace('.', ':')}.builtin`;
    const arnSuffix = node ? `builtin-node-${process.versions.node}` : `builtin-${runtime}`;
    return `INIT_START Runtime Version: ${version}\tRuntime Version ARN: arn:aws:lambda:${region}::runtime:${arnSuffix}`;
  },
  initReport(durationMs: number, status: 'error' | 'timeout', errorType?: string): string {
    return `INIT_REPORT Init Duration: ${durationMs.toFixed(2)} ms\tPhase: init\tStatus: ${status}${errorType ? `\tError Type: ${errorType}` : ''}`;
  },
  start(requestId: string, version: string): string {
    return `START RequestId: ${requestId} Version: ${version}`;
  },
  end(requestId: string): string {
    return `END RequestId: ${requestId}`;
  },
  report(f: ReportFields): string {
    const billed = Math.max(1, Math.ceil(f.durationMs));
    let line =
      `REPORT RequestId: ${f.requestId}\tDuration: ${f.durationMs.toFixed(2)} ms\tBilled Duration: ${billed} ms` +
      `\tMemory Size: ${f.memorySizeMb} MB\tMax Memory Used: ${f.maxMemoryUsedMb} MB`;
    if (f.initDurationMs !== undefined) line += `\tInit Duration: ${f.initDurationMs.toFixed(2)} ms`;
    if (f.status) line += `\tStatus: ${f.status}`;
    if (f.errorType) line += `\tError Type: ${f.errorType}`;
    return line;
  },
  timedOut(requestId: string, timeoutSeconds: number, at = new Date()): string {
    return `${at.toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
  },
};

/** `2026/11/28/[$LATEST]<32 hex>`: one stream per execution environment, as Lambda names them. */
export function newLogStreamName(version: string, now = new Date()): string {
  const y = now.getUTCFullYear();
  const m = String(now.getUTCMonth() + 1).padStart(2, '0');
  const d = String(now.getUTCDate()).padStart(2, '0');
  return `${y}/${m}/${d}/[${version}]${randomBytes(16).toString('hex')}`;
}

/** An X-Ray style trace header, as Lambda passes each invocation (_X_AMZN_TRACE_ID). */
export function newTraceId(now = Date.now()): string {
  const epoch = Math.floor(now / 1000).toString(16).padStart(8, '0');
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=0`;
}

export function logGroupFor(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}
