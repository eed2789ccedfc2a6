// Bucket lifecycle: CreateBucket, HeadBucket, ListBuckets, DeleteBucket, GetBucketLocation, plus
// the read-only GetBucketVersioning and GetBucketAcl answers that hold for every bucket here.
import type { EndpointResponse } from '../http.js';
import { bucketNameProblem } from './bucket-name.js';
import { canonicalOwnerId, requireBucket, type S3Call, type S3Deps } from './call.js';
import { S3Error } from './errors.js';
import { readVerifiedPayload } from './payload.js';
import { emptyResponse, xmlResponse, xmlTimestamp } from './wire.js';
import { child, parseS3Xml, text } from './xml-body.js';

const US_EAST_1 = 'us-east-1';

export function createBucket(deps: S3Deps, call: S3Call): EndpointResponse {
  const name = call.bucketName;
  if (bucketNameProblem(name)) {
    throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: name });
  }
  const region = requestedRegion(call);
  const existing = deps.store.bucket(name);
  if (existing) {
    // us-east-1 keeps its legacy answer: re-creating your own bucket there succeeds.
    if (existing.record.region === US_EAST_1 && region === US_EAST_1) {
      return emptyResponse('CreateBucket', 200, { location: `/${name}` });
    }
    throw new S3Error(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      409,
      { BucketName: name },
    );
  }
  deps.store.createBucket(name, region);
  return emptyResponse('CreateBucket', 200, { location: `/${name}` });
}

/** The bucket's region from CreateBucketConfiguration, checked against the region signed for. */
function requestedRegion(call: S3Call): string {
  const payload = readVerifiedPayload(call.req);
  let constraint: string | undefined;
  if (payload.data.toString('utf8').trim() !== '') {
    const config = child(parseS3Xml(payload.data), 'CreateBucketConfiguration');
    constraint = text(config, 'LocationConstraint')?.trim() || undefined;
  }
  if (constraint === US_EAST_1) {
    throw new S3Error('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, {
      LocationConstraint: constraint,
    });
  }
  if (call.region !== US_EAST_1 && constraint !== call.region) {
    throw new S3Error(
      'IllegalLocationConstraintException',
      `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      400,
    );
  }
  return constraint ?? US_EAST_1;
}

export function headBucket(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = deps.store.bucket(call.bucketName);
  // HEAD answers carry no body; the SDK reports a bare 404 as NotFound.
  if (!bucket) throw new S3Error('NoSuchBucket', 'Not Found', 404);
  return emptyResponse('HeadBucket', 200, {
    'x-amz-bucket-region': bucket.record.region,
    'x-amz-access-point-alias': 'false',
  });
}

/** ListBuckets with its paging parameters: max-buckets, continuation-token, prefix, bucket-region. */
export function listBuckets(deps: S3Deps, query: URLSearchParams): EndpointResponse {
  const maxText = query.get('max-buckets');
  const max = maxText === null ? undefined : /^\d+$/.test(maxText) ? Number(maxText) : NaN;
  if (max !== undefined && !(max >= 1 && max <= 10000)) {
    throw new S3Error('InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000', 400, {
      ArgumentName: 'max-buckets',
      ArgumentValue: maxText ?? '',
    });
  }
  const prefix = query.get('prefix') ?? undefined;
  const region = query.get('bucket-region') ?? undefined;
  const token = query.get('continuation-token') ?? undefined;
  // The token is the last name listed, base64url: opaque to clients, stable across new buckets.
  const after = token === undefined ? undefined : Buffer.from(token, 'base64url').toString('utf8');
  const matching = deps.store
    .listBuckets()
    .filter((b) => (prefix === undefined || b.name.startsWith(prefix)) && (region === undefined || b.region === region))
    .filter((b) => after === undefined || b.name > after);
  const page = max === undefined ? matching : matching.slice(0, max);
  const truncated = page.length < matching.length;
  return xmlResponse('ListBuckets', 'ListAllMyBucketsResult', {
    Owner: { ID: canonicalOwnerId(deps.context.accountId) },
    Buckets: {
      Bucket: page.map((b) => ({ Name: b.name, CreationDate: xmlTimestamp(b.createdAt), BucketRegion: b.region })),
    },
    ...(truncated ? { ContinuationToken: Buffer.from(page[page.length - 1].name, 'utf8').toString('base64url') } : {}),
    ...(prefix === undefined ? {} : { Prefix: prefix }),
  });
}

export function deleteBucket(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  if (bucket.objects.size > 0) {
    throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: call.bucketName });
  }
  deps.store.deleteBucket(bucket);
  return emptyResponse('DeleteBucket', 204);
}

export function getBucketLocation(deps: S3Deps, call: S3Call): EndpointResponse {
  const bucket = requireBucket(deps, call);
  // us-east-1 is the empty location constraint, for historical reasons.
  const region = bucket.record.region === US_EAST_1 ? undefined : bucket.record.region;
  return xmlResponse('GetBucketLocation', 'LocationConstraint', region === undefined ? {} : { '#text': region });
}

/** Buckets here are never versioned: the answer for a bucket that never had versioning set. */
export function getBucketVersioning(deps: S3Deps, call: S3Call): EndpointResponse {
  requireBucket(deps, call);
  return xmlResponse('GetBucketVersioning', 'VersioningConfiguration', {});
}

/** Every bucket is private to its owner here: the owner has FULL_CONTROL and nobody else anything. */
export function getAcl(deps: S3Deps, call: S3Call, operation: string): EndpointResponse {
  const bucket = requireBucket(deps, call);
  if (call.key !== undefined && !bucket.objects.has(call.key)) {
    throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: call.key });
  }
  const owner = { ID: canonicalOwnerId(deps.context.accountId) };
  return xmlResponse(operation, 'AccessControlPolicy', {
    Owner: owner,
    AccessControlList: {
      Grant: {
        Grantee: {
          '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
          '@_xsi:type': 'CanonicalUser',
          ...owner,
        },
        Permission: 'FULL_CONTROL',
      },
    },
  });
}
