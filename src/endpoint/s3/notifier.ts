// Sends object events to the Lambda functions whose notification configuration matches, through
// the deliverEvent hook (asynchronous, one call per matching configuration, as S3 does).
// Queue, topic and EventBridge destinations are stored but have nowhere to go in this endpoint.
import { createHash } from 'node:crypto';
import { buildS3EventRecord, Sequencer, type ObjectCreatedEventName } from './event-record.js';
import type { S3Hooks } from './hooks.js';
import { matchingDestinations } from './notification-match.js';
import type { BucketRecord, ObjectRecord } from './store-types.js';
import type { ResponseIds } from './wire.js';

export class EventNotifier {
  private readonly sequencer = new Sequencer();
  private readonly principalId: string;

  constructor(
    private readonly hooks: S3Hooks,
    accountId: string,
  ) {
    // S3 shows requesters and owners by opaque principal ids; derive a stable one per account.
    this.principalId = `A${createHash('sha256').update(accountId).digest('hex').slice(0, 13).toUpperCase()}`;
  }

  objectCreated(
    bucket: BucketRecord,
    eventName: ObjectCreatedEventName,
    object: ObjectRecord,
    ids: ResponseIds,
    sourceIp = '127.0.0.1',
  ): void {
    try {
      this.hooks.onObjectCreated?.({ bucket: bucket.name, key: object.key, size: object.size, etag: object.etag, eventName });
    } catch (error) {
      process.stderr.write(`built-in endpoint: an object-created listener failed: ${String(error)}\n`);
    }
    const deliver = this.hooks.deliverEvent;
    if (!deliver || !bucket.notification) return;
    const targets = matchingDestinations(bucket.notification, 'lambda', `s3:${eventName}`, object.key);
    if (targets.length === 0) return;
    const eventTime = new Date();
    const sequencer = this.sequencer.next(eventTime.getTime());
    for (const target of targets) {
      const record = buildS3EventRecord({
        eventName,
        region: bucket.region,
        eventTime,
        requestId: ids.requestId,
        hostId: ids.hostId,
        sourceIp,
        principalId: `AWS:${this.principalId}`,
        ownerPrincipalId: this.principalId,
        configurationId: target.id,
        bucket: bucket.name,
        key: object.key,
        size: object.size,
        eTag: object.etag,
        sequencer,
      });
      try {
        deliver.call(this.hooks, target.arn, { Records: [record] });
      } catch (error) {
        // A delivery problem must never fail the upload that caused it.
        process.stderr.write(`built-in endpoint: S3 event delivery to ${target.arn} failed: ${String(error)}\n`);
      }
    }
  }
}
