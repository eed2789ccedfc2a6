// Bucket notification configuration: parsed from the wire XML, validated as S3 does, stored as
// plain JSON, and written back with AWS's wire names (CloudFunctionConfiguration/CloudFunction…).
import { randomUUID } from 'node:crypto';
import { invalidArgument, malformedXml } from './errors.js';
import { child, children, text } from './xml-body.js';

export type DestinationKind = 'lambda' | 'queue' | 'topic';

export interface FilterRule {
  name: 'Prefix' | 'Suffix';
  value: string;
}

export interface DestinationConfig {
  kind: DestinationKind;
  id: string;
  arn: string;
  events: string[];
  /** Undefined when the configuration had no Filter element. */
  filterRules?: FilterRule[];
}

export interface NotificationConfig {
  destinations: DestinationConfig[];
  eventBridge: boolean;
}

/** The wire element names of each destination kind, and the ARN service each must name. */
const WIRE: Record<DestinationKind, { element: string; arnElement: string; service: string }> = {
  topic: { element: 'TopicConfiguration', arnElement: 'Topic', service: 'sns' },
  queue: { element: 'QueueConfiguration', arnElement: 'Queue', service: 'sqs' },
  lambda: { element: 'CloudFunctionConfiguration', arnElement: 'CloudFunction', service: 'lambda' },
};
const KINDS: DestinationKind[] = ['topic', 'queue', 'lambda'];

/** Event types S3 accepts in a notification configuration. */
export const SUPPORTED_EVENTS = new Set([
  's3:ReducedRedundancyLostObject',
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectCreated:Post',
  's3:ObjectCreated:Copy',
  's3:ObjectCreated:CompleteMultipartUpload',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:ObjectRestore:*',
  's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed',
  's3:ObjectRestore:Delete',
  's3:Replication:*',
  's3:Replication:OperationFailedReplication',
  's3:Replication:OperationNotTracked',
  's3:Replication:OperationMissedThreshold',
  's3:Replication:OperationReplicatedAfterThreshold',
  's3:LifecycleTransition',
  's3:IntelligentTiering',
  's3:ObjectAcl:Put',
  's3:LifecycleExpiration:*',
  's3:LifecycleExpiration:Delete',
  's3:LifecycleExpiration:DeleteMarkerCreated',
  's3:ObjectTagging:*',
  's3:ObjectTagging:Put',
  's3:ObjectTagging:Delete',
]);

export const EMPTY_NOTIFICATION_CONFIG: NotificationConfig = { destinations: [], eventBridge: false };

/** Parses and validates a PutBucketNotificationConfiguration document (throws S3Error). */
export function parseNotificationConfig(document: Record<string, unknown>): NotificationConfig {
  if (document.NotificationConfiguration === undefined) throw malformedXml();
  const body = child(document, 'NotificationConfiguration') ?? {};
  const destinations: DestinationConfig[] = [];
  for (const kind of KINDS) {
    for (const raw of children(body, WIRE[kind].element)) destinations.push(parseDestination(kind, raw));
  }
  return { destinations, eventBridge: body.EventBridgeConfiguration !== undefined };
}

function parseDestination(kind: DestinationKind, raw: unknown): DestinationConfig {
  if (typeof raw !== 'object' || raw === null) throw malformedXml();
  const { arnElement, service } = WIRE[kind];
  const arn = text(raw, arnElement)?.trim();
  if (!arn) throw malformedXml();
  if (!new RegExp(`^arn:aws[a-z-]*:${service}:`).test(arn)) {
    throw invalidArgument('The ARN could not be parsed', arnElement, arn);
  }
  const events = children(raw, 'Event').map((e) => String(e).trim());
  if (events.length === 0) throw malformedXml();
  for (const event of events) {
    if (!SUPPORTED_EVENTS.has(event)) throw invalidArgument('The event is not supported for notifications', 'Event', event);
  }
  const id = text(raw, 'Id')?.trim() || generatedId();
  const filter = (raw as Record<string, unknown>).Filter;
  const filterRules = filter === undefined ? undefined : parseFilterRules(filter);
  return { kind, id, arn, events, filterRules };
}

function parseFilterRules(filter: unknown): FilterRule[] {
  const rules: FilterRule[] = [];
  for (const raw of children(child(filter, 'S3Key'), 'FilterRule')) {
    const ruleName = text(raw, 'Name')?.trim();
    const value = text(raw, 'Value');
    if (ruleName === undefined || value === undefined) throw malformedXml();
    // Names are case-insensitive on input (`prefix`, `Prefix`) and always returned capitalised.
    const lower = ruleName.toLowerCase();
    if (lower !== 'prefix' && lower !== 'suffix') {
      throw invalidArgument('filter rule name must be either prefix or suffix', 'FilterRule.Name', ruleName);
    }
    const name = lower === 'prefix' ? 'Prefix' : 'Suffix';
    if (rules.some((r) => r.name === name)) {
      throw invalidArgument(`Cannot specify more than one ${lower} rule in a filter.`, 'FilterRule.Name', ruleName);
    }
    rules.push({ name, value });
  }
  return rules;
}

/** S3 makes up an Id when the client gives none: an opaque base64 string. */
function generatedId(): string {
  return Buffer.from(randomUUID()).toString('base64').replace(/=+$/, '');
}

/** The GetBucketNotificationConfiguration body (inside the root element). */
export function notificationConfigToWire(config: NotificationConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kind of KINDS) {
    const entries = config.destinations.filter((d) => d.kind === kind);
    if (entries.length === 0) continue;
    out[WIRE[kind].element] = entries.map((d) => ({
      Id: d.id,
      [WIRE[kind].arnElement]: d.arn,
      Event: d.events,
      ...(d.filterRules === undefined
        ? {}
        : { Filter: { S3Key: { FilterRule: d.filterRules.map((r) => ({ Name: r.name, Value: r.value })) } } }),
    }));
  }
  if (config.eventBridge) out.EventBridgeConfiguration = {};
  return out;
}
