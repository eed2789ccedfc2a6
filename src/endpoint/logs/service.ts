// CloudWatch Logs (JSON 1.1, `X-Amz-Target: Logs_20140328.<Op>`) over a LogStore: enough for the
// SDK's Describe*/GetLogEvents/FilterLogEvents and for `aws logs tail /aws/lambda/<name>`
// (FilterLogEvents with interleaved=true, startTime, nextToken; with --follow it polls and dedupes
// by eventId, so event ids must be unique and stable).
//
// Interface: `new LogsService(context, store)`; `handle(req, region)` as every Service.
// Operations: DescribeLogGroups, DescribeLogStreams (ops-describe), GetLogEvents (ops-read),
// FilterLogEvents (ops-filter), CreateLogGroup, CreateLogStream, PutLogEvents, DeleteLogGroup,
// DeleteLogStream (ops-write). Shared request reading in input.ts, lookups in call.ts.
import type { EndpointContext } from '../context.js';
import { header, type EndpointRequest, type EndpointResponse } from '../http.js';
import type { Service } from '../service.js';
import type { LogsCall } from './call.js';
import { LogsError } from './errors.js';
import { parseBody, type Json } from './input.js';
import type { LogStore } from './log-store.js';
import { describeLogGroups, describeLogStreams } from './ops-describe.js';
import { filterLogEvents } from './ops-filter.js';
import { getLogEvents } from './ops-read.js';
import { createLogGroup, createLogStream, deleteLogGroup, deleteLogStream, putLogEvents } from './ops-write.js';

const TARGET_PREFIX = 'Logs_20140328.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

const OPERATIONS: Record<string, (call: LogsCall, input: Json) => Json> = {
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
  CreateLogGroup: createLogGroup,
  CreateLogStream: createLogStream,
  PutLogEvents: putLogEvents,
  DeleteLogGroup: deleteLogGroup,
  DeleteLogStream: deleteLogStream,
};

export class LogsService implements Service {
  constructor(
    private readonly context: EndpointContext,
    private readonly store: LogStore,
  ) {}

  async handle(req: EndpointRequest, region: string): Promise<EndpointResponse> {
    const target = header(req, 'x-amz-target') ?? '';
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    try {
      const input = parseBody(req.body);
      const run = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
      if (!run) {
        throw new LogsError('UnknownOperationException', `${operation || '(no X-Amz-Target)'} is not supported by the built-in endpoint's CloudWatch Logs`);
      }
      const output = run({ store: this.store, region, accountId: this.context.accountId }, input);
      return { status: 200, headers: responseHeaders(req), body: JSON.stringify(output), operation };
    } catch (error) {
      if (!(error instanceof LogsError)) throw error;
      return {
        status: error.status,
        headers: { ...responseHeaders(req), 'x-amzn-ErrorType': error.type },
        body: JSON.stringify({ __type: error.type, message: error.message }),
        operation,
      };
    }
  }
}

function responseHeaders(req: EndpointRequest): Record<string, string> {
  return { 'content-type': CONTENT_TYPE, 'x-amzn-RequestId': req.requestId };
}
