// DescribeLogGroups and DescribeLogStreams.
import { groupArn, groupFrom, lastEventTime, minTimestamp, sequenceToken, storedBytes, type LogsCall } from './call.js';
import { invalid } from './errors.js';
import { optionalString, pageOf, type Json } from './input.js';

const MAX_DESCRIBE_LIMIT = 50;

export function describeLogGroups(call: LogsCall, input: Json): Json {
  const prefix = optionalString(input, 'logGroupNamePrefix');
  const pattern = optionalString(input, 'logGroupNamePattern');
  if (prefix !== undefined && pattern !== undefined) {
    throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
  }
  const groups = call.store
    .groups()
    .filter((g) => prefix === undefined || g.name.startsWith(prefix))
    .filter((g) => pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase()));
  const page = pageOf(groups, input, MAX_DESCRIBE_LIMIT);
  return {
    logGroups: page.items.map((g) => ({
      logGroupName: g.name,
      creationTime: g.creationTime,
      metricFilterCount: 0,
      arn: `${groupArn(call, g.name)}:*`,
      logGroupArn: groupArn(call, g.name),
      storedBytes: storedBytes(g),
      logGroupClass: 'STANDARD',
    })),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}

export function describeLogStreams(call: LogsCall, input: Json): Json {
  const group = groupFrom(call, input);
  const prefix = optionalString(input, 'logStreamNamePrefix');
  const orderBy = optionalString(input, 'orderBy') ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
    throw invalid(
      `1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
    );
  }
  if (orderBy === 'LastEventTime' && prefix !== undefined) {
    throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  let streams = call.store.streams(group).filter((s) => prefix === undefined || s.name.startsWith(prefix));
  if (orderBy === 'LastEventTime') {
    streams = [...streams].sort((a, b) => lastEventTime(a) - lastEventTime(b) || (a.name < b.name ? -1 : 1));
  }
  if (input.descending === true) streams = [...streams].reverse();
  const page = pageOf(streams, input, MAX_DESCRIBE_LIMIT);
  return {
    logStreams: page.items.map((s) => {
      const first = s.events[0];
      const last = s.events[s.events.length - 1];
      return {
        logStreamName: s.name,
        creationTime: s.creationTime,
        ...(first ? { firstEventTimestamp: minTimestamp(s), lastEventTimestamp: lastEventTime(s) } : {}),
        ...(last ? { lastIngestionTime: last.ingestionTime, uploadSequenceToken: sequenceToken(s) } : {}),
        arn: `${groupArn(call, group.name)}:log-stream:${s.name}`,
        storedBytes: 0,
      };
    }),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}
