// Bucket sub-resources the lesson uses: CORS (`?cors`), policy (`?policy`) and notification
// configuration (`?notification`), including Lambda destination validation through the hooks.
import { header, type EndpointResponse } from '../http.js';
import { requireBucket, type S3Call, type S3Deps } from './call.js';
import { corsConfigToWire, parseCorsConfig } from './cors.js';
import { invalidRequest, S3Error } from './errors.js';
import { EMPTY_NOTIFICATION_CONFIG, notificationConfigToWire, parseNotificationConfig } from './notification-config.js';
import { readVerifiedPayload, type VerifiedPayload } from './payload.js';
import { validateBucketPolicy } from './policy.js';
import { emptyResponse, xmlResponse } from './wire.js';
import { parseS3Xml } from './xml-body.js';

/** Some writes must prove their body's integrity (Content-MD5 or a flexible checksum), as on AWS. */
function requireIntegrityClaim(call: S3Call, payload: VerifiedPayload): void {
  if (header(call.req, 'content-md5') === undefined && payload.checksum === undefined) {
    throw invalidRequest('Missing required header for this request: Content-MD5');
  }
}

export function putBucketCors(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const payload = readVerifiedPayload(call.req);
  requireIntegrityClaim(call, payload);
  const cors = parseCorsConfig(parseS3Xml(payload.data));
  deps.store.saveBucket(bucket, { ...bucket.record, cors });
  return emptyResponse('PutBucketCors', 200);
}

export function getBucketCors(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  if (!bucket.record.cors) {
    throw new S3Error('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404, { BucketName: call.bucketName });
  }
  return xmlResponse('GetBucketCors', 'CORSConfiguration', corsConfigToWire(bucket.record.cors));
}

export function deleteBucketCors(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const { cors: _removed, ...rest } = bucket.record;
  deps.store.saveBucket(bucket, rest);
  return emptyResponse('DeleteBucketCors', 204);
}

export function putBucketPolicy(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const policy = readVerifiedPayload(call.req).data.toString('utf8');
  validateBucketPolicy(policy, call.bucketName);
  deps.store.saveBucket(bucket, { ...bucket.record, policy });
  return emptyResponse('PutBucketPolicy', 204);
}

export function getBucketPolicy(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  if (bucket.record.policy === undefined) {
    throw new S3Error('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: call.bucketName });
  }
  // The policy comes back as the JSON document the client stored, not wrapped in XML.
  return { status: 200, operation: 'GetBucketPolicy', headers: { 'content-type': 'application/json' }, body: bucket.record.policy };
}

export function deleteBucketPolicy(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const { policy: _removed, ...rest } = bucket.record;
  deps.store.saveBucket(bucket, rest);
  return emptyResponse('DeleteBucketPolicy', 204);
}

export async function putBucketNotification(deps: S3Deps, call: S3Call): Promise<EndpointResponse> {
  requireBucket(deps, call);
  const config = parseNotificationConfig(parseS3Xml(readVerifiedPayload(call.req).data));
  const skip = (header(call.req, 'x-amz-skip-destination-validation') ?? '').toLowerCase() === 'true';
  const validate = deps.hooks.validateLambdaDestination;
  if (validate && !skip) {
    // Every Lambda destination is checked; all failures are reported together, numbered, as S3 does.
    const failures: { arn: string; reason: string }[] = [];
    for (const destination of config.destinations.filter((d) => d.kind === 'lambda')) {
      const reason = await validate.call(deps.hooks, destination.arn, call.bucketName);
      if (reason !== undefined) failures.push({ arn: destination.arn, reason });
    }
    if (failures.length > 0) {
      const fields: Record<string, string> = {};
      failures.forEach((f, i) => {
        fields[`ArgumentName${i + 1}`] = `${f.arn}, null`;
        fields[`ArgumentValue${i + 1}`] = f.reason;
      });
      throw new S3Error('InvalidArgument', 'Unable to validate the following destination configurations', 400, fields);
    }
  }
  // The bucket may have been deleted while destinations were validated.
  const current = requireBucket(deps, call);
  deps.store.saveBucket(current, { ...current.record, notification: config });
  return emptyResponse('PutBucketNotificationConfiguration', 200);
}

export function getBucketNotification(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  const config = bucket.record.notification ?? EMPTY_NOTIFICATION_CONFIG;
  return xmlResponse('GetBucketNotificationConfiguration', 'NotificationConfiguration', notificationConfigToWire(config));
}
