// The S3 service of the built-in endpoint: REST-XML, path-style and virtual-host style. It picks
// the operation from method, bucket/key and sub-resource (unknown query parameters such as
// `?x-id=PutObject` are ignored), runs it, and turns S3Errors into AWS's error document. Every
// response carries x-amz-request-id and x-amz-id-2.
import { join } from 'node:path';
import type { EndpointContext } from '../context.js';
import { BodyTooLargeError, header, readWholeBody, type EndpointRequest, type EndpointResponse } from '../http.js';
import type { Service } from '../service.js';
import { resolveTarget } from './addressing.js';
import { authorizeS3Request } from './access.js';
import { actualCorsHeaders, answerPreflight } from './cors-response.js';
import type { S3Call, S3Deps } from './call.js';
import { noSuchBucket, notImplemented, S3Error } from './errors.js';
import type { S3Hooks } from './hooks.js';
import { EventNotifier } from './notifier.js';
import {
  deleteBucketCors,
  deleteBucketPolicy,
  getBucketCors,
  getBucketNotification,
  getBucketPolicy,
  putBucketCors,
  putBucketNotification,
  putBucketPolicy,
} from './ops-bucket-config.js';
import {
  createBucket,
  deleteBucket,
  getAcl,
  getBucketLocation,
  getBucketVersioning,
  headBucket,
  listBuckets,
} from './ops-bucket.js';
import { listObjects, listObjectsV2, listObjectVersions } from './ops-list.js';
import { abortMultipartUpload, createMultipartUpload, uploadPart, uploadPartCopy } from './ops-multipart.js';
import { completeMultipartUpload } from './ops-multipart-complete.js';
import { listMultipartUploads, listParts } from './ops-multipart-list.js';
import { copyObject } from './ops-copy.js';
import { deleteObject, deleteObjects, putObject } from './ops-object.js';
import { getObject, headObject } from './ops-object-read.js';
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from './ops-object-tagging.js';
import { BucketGoneError, S3Store } from './store.js';
import { StateRepairs } from '../store/repairs.js';
import { errorResponse, newResponseIds } from './wire.js';

export type { S3Hooks } from './hooks.js';

type Handler = (deps: S3Deps, call: S3Call) => EndpointResponse | Promise<EndpointResponse>;

/** S3 sub-resources this endpoint knows about but does not serve: answered 501 NotImplemented. */
const UNSUPPORTED_SUBRESOURCES = [
  'accelerate',
  'analytics',
  'attributes',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metadataConfiguration',
  'metadataTable',
  'metrics',
  'object-lock',
  'ownershipControls',
  'policyStatus',
  'publicAccessBlock',
  'renameObject',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'session',
  'torrent',
  'website',
];

/** Handlers that stream the request body to disk themselves; every other one gets it read whole. */
const STREAMING_HANDLERS = new Set<Handler>([putObject, uploadPart]);
/** Largest request document (XML, policy JSON) read into memory: well above S3's own limits. */
const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export class S3Service implements Service {
  private readonly deps: S3Deps;

  /**
   * Loads every bucket and object index from `<dataDir>/s3` (damaged records are set aside in
   * `context.repairs`). `hooks` is read at each use, so it may be filled in after construction.
   */
  constructor(context: EndpointContext, hooks: S3Hooks = {}) {
    const store = new S3Store(join(context.dataDir, 's3'), context.repairs ?? new StateRepairs(context.dataDir));
    this.deps = { store, hooks, context, notifier: new EventNotifier(hooks, context.accountId) };
  }

  async close(): Promise<void> {
    this.deps.store.close();
  }

  async handle(req: EndpointRequest, region: string): Promise<EndpointResponse> {
    const ids = newResponseIds(req.requestId);
    let response: EndpointResponse;
    try {
      response = await this.routeWithAccess(req, region, ids);
    } catch (error) {
      // A bucket deleted while a write to it was in flight: the write finds no bucket, as on S3.
      const expected = error instanceof BucketGoneError ? noSuchBucket(error.bucket) : error;
      if (!(expected instanceof S3Error)) throw error;
      response = errorResponse(expected, ids, req.method);
    }
    response.headers = {
      ...response.headers,
      ...(req.method === 'OPTIONS' ? {} : actualCorsHeaders(this.deps.store, req)),
      'x-amz-request-id': ids.requestId,
      'x-amz-id-2': ids.hostId,
      server: 'AmazonS3',
    };
    return response;
  }

  /** CORS preflights, then who may do what (access.ts), around the operation itself. */
  private async routeWithAccess(req: EndpointRequest, region: string, ids: S3Call['ids']): Promise<EndpointResponse> {
    const target = resolveTarget(req.hostname, req.rawPath);
    if (req.method === 'OPTIONS') return answerPreflight(this.deps.store, req, target);
    authorizeS3Request(this.deps.store, req, target);
    return this.route(req, region, ids);
  }

  private async route(req: EndpointRequest, region: string, ids: S3Call['ids']): Promise<EndpointResponse> {
    const target = resolveTarget(req.hostname, req.rawPath);
    if (target.bucket === undefined) {
      if (req.method === 'GET') return listBuckets(this.deps, req.query);
      throw methodNotAllowed(req.method, 'SERVICE');
    }
    const call: S3Call = { req, region, bucketName: target.bucket, key: target.key, ids };
    const handler = target.key === undefined ? bucketHandler(req) : objectHandler(req);
    if (!STREAMING_HANDLERS.has(handler)) await readDocument(req);
    return handler(this.deps, call);
  }
}

async function readDocument(req: EndpointRequest): Promise<void> {
  try {
    await readWholeBody(req, MAX_DOCUMENT_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    throw new S3Error('MaxMessageLengthExceeded', 'Your request was too big.', 400, { MaxMessageLengthBytes: error.limit }, { connection: 'close' });
  }
}

function bucketHandler(req: EndpointRequest): Handler {
  const q = req.query;
  switch (req.method) {
    case 'PUT':
      if (q.has('cors')) return putBucketCors;
      if (q.has('policy')) return putBucketPolicy;
      if (q.has('notification')) return putBucketNotification;
      rejectUnsupported(req, ['acl', 'versioning', 'tagging']);
      return createBucket;
    case 'GET':
      if (q.has('cors')) return getBucketCors;
      if (q.has('policy')) return getBucketPolicy;
      if (q.has('notification')) return getBucketNotification;
      if (q.has('location')) return getBucketLocation;
      if (q.has('uploads')) return listMultipartUploads;
      if (q.has('versions')) return listObjectVersions;
      if (q.has('versioning')) return getBucketVersioning;
      if (q.has('acl')) return (deps, call) => getAcl(deps, call, 'GetBucketAcl');
      rejectUnsupported(req, ['tagging']);
      return q.get('list-type') === '2' ? listObjectsV2 : listObjects;
    case 'HEAD':
      return headBucket;
    case 'DELETE':
      if (q.has('cors')) return deleteBucketCors;
      if (q.has('policy')) return deleteBucketPolicy;
      rejectUnsupported(req, ['tagging']);
      return deleteBucket;
    case 'POST':
      if (q.has('delete')) return deleteObjects;
      rejectUnsupported(req);
      throw notImplemented('POST Object (browser form upload)');
    default:
      throw methodNotAllowed(req.method, 'BUCKET');
  }
}

function objectHandler(req: EndpointRequest): Handler {
  const q = req.query;
  const copySource = header(req, 'x-amz-copy-source') !== undefined;
  switch (req.method) {
    case 'PUT':
      if (q.has('uploadId') && q.has('partNumber')) return copySource ? uploadPartCopy : uploadPart;
      if (q.has('tagging')) return putObjectTagging;
      rejectUnsupported(req, ['acl']);
      return copySource ? copyObject : putObject;
    case 'GET':
      if (q.has('uploadId')) return listParts;
      if (q.has('acl')) return (deps, call) => getAcl(deps, call, 'GetObjectAcl');
      if (q.has('tagging')) return getObjectTagging;
      rejectUnsupported(req);
      return getObject;
    case 'HEAD':
      return headObject;
    case 'DELETE':
      if (q.has('uploadId')) return abortMultipartUpload;
      if (q.has('tagging')) return deleteObjectTagging;
      rejectUnsupported(req);
      return deleteObject;
    case 'POST':
      if (q.has('uploads')) return createMultipartUpload;
      if (q.has('uploadId')) return completeMultipartUpload;
      rejectUnsupported(req);
      throw notImplemented(`POST on an object with query "${[...q.keys()].join('&')}"`);
    default:
      throw methodNotAllowed(req.method, 'OBJECT');
  }
}

/** Throws NotImplemented naming the first S3 sub-resource in the query this endpoint does not serve. */
function rejectUnsupported(req: EndpointRequest, alsoUnsupported: string[] = []): void {
  for (const name of [...UNSUPPORTED_SUBRESOURCES, ...alsoUnsupported]) {
    if (req.query.has(name)) throw notImplemented(`${req.method} on the ?${name} sub-resource`);
  }
}

function methodNotAllowed(method: string, resourceType: string): S3Error {
  return new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
    Method: method,
    ResourceType: resourceType,
  });
}
