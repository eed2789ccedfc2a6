// The S3 service through the real SDK v3 client, against the built-in endpoint on a free port:
// every operation the runner and the lesson use, and every error path made to happen for real.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, Agent } from 'node:http';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketCorsCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketCorsCommand,
  GetBucketLocationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  GetBucketLifecycleConfigurationCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutBucketCorsCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';
import { clientsFor } from '../helpers/clients.js';

let endpoint: TestEndpoint;
let s3: S3Client;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  s3 = clientsFor(endpoint.url).s3;
});

afterAll(async () => {
  s3?.destroy();
  await endpoint?.dispose();
});

interface ServiceError {
  name: string;
  $metadata?: { httpStatusCode?: number };
  [field: string]: unknown;
}

/** Awaits a call that must fail and returns its error, for status and code assertions. */
async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to fail, it succeeded');
}

async function expectError(promise: Promise<unknown>, status: number, name: string): Promise<ServiceError> {
  const error = await failure(promise);
  expect({ status: error.$metadata?.httpStatusCode, name: error.name }).toEqual({ status, name });
  return error;
}

async function bodyBytes(output: GetObjectCommandOutput): Promise<Buffer> {
  return Buffer.from(await (output.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

const md5Hex = (data: Buffer) => createHash('md5').update(data).digest('hex');
const crc32Base64 = (data: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out.toString('base64');
};

let bucketCounter = 0;
async function newBucket(prefix = 'sdk'): Promise<string> {
  const name = `${prefix}-${Date.now().toString(36)}-${bucketCounter++}`;
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

describe('buckets', () => {
  it('creates a bucket: 200 with Location, HeadBucket 200 with its region, listed by ListBuckets', async () => {
    const created = await s3.send(new CreateBucketCommand({ Bucket: 'product-images' }));
    expect(created.$metadata.httpStatusCode).toBe(200);
    expect(created.Location).toBe('/product-images');

    const head = await s3.send(new HeadBucketCommand({ Bucket: 'product-images' }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    expect(head.BucketRegion).toBe('us-east-1');

    const list = await s3.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((b) => b.Name)).toContain('product-images');
    expect(list.Buckets?.find((b) => b.Name === 'product-images')?.CreationDate).toBeInstanceOf(Date);
    expect(list.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
  });

  it('re-creating your own bucket in us-east-1 answers 200 (S3 legacy behaviour)', async () => {
    const again = await s3.send(new CreateBucketCommand({ Bucket: 'product-images' }));
    expect(again.$metadata.httpStatusCode).toBe(200);
  });

  it('a bucket in another region: LocationConstraint kept, re-create → 409 BucketAlreadyOwnedByYou', async () => {
    const eu = new S3Client({
      endpoint: endpoint.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      forcePathStyle: true,
      maxAttempts: 1,
    });
    try {
      const input = { Bucket: 'eu-bucket-1', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' as const } };
      await eu.send(new CreateBucketCommand(input));
      const location = await eu.send(new GetBucketLocationCommand({ Bucket: 'eu-bucket-1' }));
      expect(location.LocationConstraint).toBe('eu-west-1');
      const head = await eu.send(new HeadBucketCommand({ Bucket: 'eu-bucket-1' }));
      expect(head.BucketRegion).toBe('eu-west-1');
      await expectError(eu.send(new CreateBucketCommand(input)), 409, 'BucketAlreadyOwnedByYou');
    } finally {
      eu.destroy();
    }
  });

  it('GetBucketLocation of a us-east-1 bucket is the empty constraint', async () => {
    const location = await s3.send(new GetBucketLocationCommand({ Bucket: 'product-images' }));
    expect(location.$metadata.httpStatusCode).toBe(200);
    expect(location.LocationConstraint ?? '').toBe('');
  });

  it.each(['Bad_Name', 'ab', 'a'.repeat(64), 'a..b', '-abc', 'abc-', '192.168.1.1', 'xn--abc', 'sthree-x', 'abc-s3alias', 'abc--ol-s3'])(
    'rejects the bucket name %j with 400 InvalidBucketName',
    async (name) => {
      await expectError(s3.send(new CreateBucketCommand({ Bucket: name })), 400, 'InvalidBucketName');
    },
  );

  it('HeadBucket on a missing bucket is 404 NotFound (no body)', async () => {
    await expectError(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket-here' })), 404, 'NotFound');
  });

  it('operations on a missing bucket are 404 NoSuchBucket', async () => {
    await expectError(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-here' })), 404, 'NoSuchBucket');
    await expectError(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'k' })), 404, 'NoSuchBucket');
    const error = await expectError(
      s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket-here', Key: 'k', Body: 'x' })),
      404,
      'NoSuchBucket',
    );
    expect(error.BucketName).toBe('no-such-bucket-here');
    await expectError(s3.send(new DeleteBucketCommand({ Bucket: 'no-such-bucket-here' })), 404, 'NoSuchBucket');
  });

  it('DeleteBucket: 409 BucketNotEmpty while objects remain, then 204', async () => {
    const bucket = await newBucket();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'keep.txt', Body: 'x' }));
    await expectError(s3.send(new DeleteBucketCommand({ Bucket: bucket })), 409, 'BucketNotEmpty');
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'keep.txt' }));
    const deleted = await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expectError(s3.send(new HeadBucketCommand({ Bucket: bucket })), 404, 'NotFound');
  });

  it('unsupported sub-resources answer 501 NotImplemented rather than pretending', async () => {
    const bucket = await newBucket();
    const error = await expectError(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })), 501, 'NotImplemented');
    expect(String(error.message)).toContain('?lifecycle');
  });
});

describe('CORS', () => {
  const lessonCors = {
    CORSRules: [
      {
        AllowedHeaders: ['*'],
        AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE'],
        AllowedOrigins: ['*'],
        ExposeHeaders: ['ETag'],
      },
    ],
  };

  it("stores and returns the lesson's CORS rules; delete → 204 then 404 NoSuchCORSConfiguration", async () => {
    const put = await s3.send(new PutBucketCorsCommand({ Bucket: 'product-images', CORSConfiguration: lessonCors }));
    expect(put.$metadata.httpStatusCode).toBe(200);
    const got = await s3.send(new GetBucketCorsCommand({ Bucket: 'product-images' }));
    expect(got.CORSRules).toEqual(lessonCors.CORSRules);

    const bucket = await newBucket('cors');
    await s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: lessonCors }));
    const deleted = await s3.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expectError(s3.send(new GetBucketCorsCommand({ Bucket: bucket })), 404, 'NoSuchCORSConfiguration');
  });

  it('an unsupported method is 400 InvalidRequest; no rules at all is 400 MalformedXML', async () => {
    const bad = { CORSRules: [{ AllowedMethods: ['PATCH'], AllowedOrigins: ['*'] }] };
    const error = await expectError(
      s3.send(new PutBucketCorsCommand({ Bucket: 'product-images', CORSConfiguration: bad })),
      400,
      'InvalidRequest',
    );
    expect(String(error.message)).toContain('PATCH');
    await expectError(
      s3.send(new PutBucketCorsCommand({ Bucket: 'product-images', CORSConfiguration: { CORSRules: [] } })),
      400,
      'MalformedXML',
    );
  });
});

describe('bucket policy', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'PublicReadGetObject',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::product-images/*',
      },
    ],
  });

  it('PUT → 204, GET → 200 with the same JSON, DELETE → 204, then 404 NoSuchBucketPolicy', async () => {
    const put = await s3.send(new PutBucketPolicyCommand({ Bucket: 'product-images', Policy: policy }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    const got = await s3.send(new GetBucketPolicyCommand({ Bucket: 'product-images' }));
    expect(got.$metadata.httpStatusCode).toBe(200);
    expect(got.Policy).toBe(policy);

    const bucket = await newBucket('policy');
    const own = policy.replace('product-images', bucket);
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: own }));
    const deleted = await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await expectError(s3.send(new GetBucketPolicyCommand({ Bucket: bucket })), 404, 'NoSuchBucketPolicy');
  });

  it.each([
    ['not JSON', 'this is not json'],
    ['JSON without Statement', '{"Version":"2012-10-17"}'],
    ['a resource in another bucket', policy.replace('product-images/*', 'other-bucket/*')],
  ])('rejects %s with 400 MalformedPolicy', async (_label, text) => {
    await expectError(s3.send(new PutBucketPolicyCommand({ Bucket: 'product-images', Policy: text })), 400, 'MalformedPolicy');
  });
});

// The function named here does not exist: destination validation is skipped (SkipDestinationValidation),
// so these tests are about storing and returning the configuration.
describe('notification configuration (destination validation skipped: stored and returned)', () => {
  const functionArn = 'arn:aws:lambda:us-east-1:000000000000:function:image-processor';

  it('GET before any PUT is an empty configuration', async () => {
    const bucket = await newBucket('notify');
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect(got.$metadata.httpStatusCode).toBe(200);
    expect(got.LambdaFunctionConfigurations ?? []).toEqual([]);
  });

  it('stores Lambda configurations, generates an Id, returns filter names as Prefix/Suffix', async () => {
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'product-images',
        SkipDestinationValidation: true,
        NotificationConfiguration: {
          LambdaFunctionConfigurations: [
            {
              LambdaFunctionArn: functionArn,
              Events: ['s3:ObjectCreated:*'],
              Filter: {
                Key: {
                  FilterRules: [
                    { Name: 'prefix', Value: '' },
                    { Name: 'suffix', Value: '.jpg' },
                  ],
                },
              },
            },
          ],
        },
      }),
    );
    const got = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'product-images' }));
    const [config] = got.LambdaFunctionConfigurations ?? [];
    expect(config.LambdaFunctionArn).toBe(functionArn);
    expect(config.Events).toEqual(['s3:ObjectCreated:*']);
    expect(config.Id).toMatch(/^\S+$/);
    expect(config.Filter?.Key?.FilterRules).toEqual([
      { Name: 'Prefix', Value: '' },
      { Name: 'Suffix', Value: '.jpg' },
    ]);
  });

  it('an unknown event is 400 InvalidArgument; a non-Lambda ARN is 400 InvalidArgument', async () => {
    const put = (arn: string, event: string) =>
      s3.send(
        new PutBucketNotificationConfigurationCommand({
          Bucket: 'product-images',
          NotificationConfiguration: {
            LambdaFunctionConfigurations: [{ LambdaFunctionArn: arn, Events: [event as 's3:ObjectCreated:*'] }],
          },
        }),
      );
    const unknown = await expectError(put(functionArn, 's3:ObjectCreated:Upload'), 400, 'InvalidArgument');
    expect(unknown.ArgumentValue).toBe('s3:ObjectCreated:Upload');
    const badArn = await expectError(put('image-processor', 's3:ObjectCreated:*'), 400, 'InvalidArgument');
    expect(badArn.ArgumentName).toBe('CloudFunction');
  });
});

describe('objects', () => {
  let bucket: string;
  beforeAll(async () => {
    bucket = await newBucket('objects');
  });

  it('PutObject with a Buffer: quoted md5 ETag, bytes come back', async () => {
    const data = randomBytes(1024);
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'buffer.bin', Body: data }));
    expect(put.$metadata.httpStatusCode).toBe(200);
    expect(put.ETag).toBe(`"${md5Hex(data)}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'buffer.bin' }));
    expect(got.ContentLength).toBe(1024);
    expect(got.ETag).toBe(`"${md5Hex(data)}"`);
    expect(got.AcceptRanges).toBe('bytes');
    expect(got.LastModified).toBeInstanceOf(Date);
    expect((await bodyBytes(got)).equals(data)).toBe(true);
  });

  it('PutObject with a stream body (aws-chunked with a trailing checksum) stores only the decoded bytes', async () => {
    const data = randomBytes(200_000);
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'stream.bin',
        Body: Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]),
        ContentLength: data.length,
      }),
    );
    expect(put.ETag).toBe(`"${md5Hex(data)}"`);
    expect(put.ChecksumCRC32).toBe(crc32Base64(data));
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'stream.bin' }));
    expect(head.ContentLength).toBe(data.length);
    expect(head.ContentEncoding).toBeUndefined();
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'stream.bin' }));
    expect((await bodyBytes(got)).equals(data)).toBe(true);
  });

  it('metadata round trip: x-amz-meta-*, Content-Type and the caching headers', async () => {
    const expires = new Date('2030-01-01T00:00:00Z');
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'meta.txt',
        Body: 'hello',
        ContentType: 'text/plain; charset=utf-8',
        Metadata: { 'original-key': 'photos/cat.jpg', 'processed-by': 'image-processor' },
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment; filename="meta.txt"',
        ContentLanguage: 'ja',
        Expires: expires,
      }),
    );
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'meta.txt' }));
    expect(head.ContentType).toBe('text/plain; charset=utf-8');
    expect(head.Metadata).toEqual({ 'original-key': 'photos/cat.jpg', 'processed-by': 'image-processor' });
    expect(head.CacheControl).toBe('max-age=60');
    expect(head.ContentDisposition).toBe('attachment; filename="meta.txt"');
    expect(head.ContentLanguage).toBe('ja');
    expect(head.Expires?.toISOString()).toBe(expires.toISOString());
  });

  it('Range → 206 with Content-Range; ChecksumMode ENABLED returns the checksum on full GETs only', async () => {
    const data = randomBytes(1000);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'range.bin', Body: data }));

    const full = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range.bin', ChecksumMode: 'ENABLED' }));
    expect(full.$metadata.httpStatusCode).toBe(200);
    expect(full.ChecksumCRC32).toBe(crc32Base64(data));
    expect((await bodyBytes(full)).equals(data)).toBe(true);

    const part = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'range.bin', Range: 'bytes=100-199', ChecksumMode: 'ENABLED' }),
    );
    expect(part.$metadata.httpStatusCode).toBe(206);
    expect(part.ContentRange).toBe('bytes 100-199/1000');
    expect(part.ContentLength).toBe(100);
    expect(part.ChecksumCRC32).toBeUndefined();
    expect((await bodyBytes(part)).equals(data.subarray(100, 200))).toBe(true);

    const suffix = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range.bin', Range: 'bytes=-10' }));
    expect(suffix.ContentRange).toBe('bytes 990-999/1000');
    expect((await bodyBytes(suffix)).equals(data.subarray(990))).toBe(true);
  });

  it('an unsatisfiable Range is 416 InvalidRange', async () => {
    const error = await expectError(
      s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'range.bin', Range: 'bytes=5000-6000' })),
      416,
      'InvalidRange',
    );
    expect(error.ActualObjectSize).toBe('1000');
  });

  it('without Content-Type or checksum: binary/octet-stream and a CRC64NVME the SDK validates on GET', async () => {
    const data = randomBytes(4096);
    const raw = await rawRequest('PUT', `/${bucket}/no-checksum.bin`, {}, data);
    expect(raw.status).toBe(200);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'no-checksum.bin', ChecksumMode: 'ENABLED' }));
    expect(got.ContentType).toBe('binary/octet-stream');
    expect(got.ChecksumCRC64NVME).toMatch(/^[A-Za-z0-9+/]{11}=$/);
    expect(got.ChecksumType).toBe('FULL_OBJECT');
    expect((await bodyBytes(got)).equals(data)).toBe(true);
  });

  it('a wrong ChecksumCRC32 is 400 BadDigest and stores nothing', async () => {
    await expectError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad-crc.txt', Body: 'payload', ChecksumCRC32: 'AAAAAA==' })),
      400,
      'BadDigest',
    );
    await expectError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'bad-crc.txt' })), 404, 'NotFound');
  });

  it('a wrong Content-MD5 is 400 BadDigest; a malformed one is 400 InvalidDigest', async () => {
    const wrongMd5 = createHash('md5').update('something else').digest('base64');
    await expectError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5.txt', Body: 'payload', ContentMD5: wrongMd5 })),
      400,
      'BadDigest',
    );
    await expectError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'md5.txt', Body: 'payload', ContentMD5: 'not-md5' })),
      400,
      'InvalidDigest',
    );
  });

  it('a CRC32C, SHA1, SHA256 or CRC64NVME checksum is verified too', async () => {
    for (const algorithm of ['CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'] as const) {
      const put = await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: `alg-${algorithm}`, Body: `data for ${algorithm}`, ChecksumAlgorithm: algorithm }),
      );
      expect(put.$metadata.httpStatusCode).toBe(200);
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `alg-${algorithm}`, ChecksumMode: 'ENABLED' }));
      expect(got[`Checksum${algorithm}`]).toBe(put[`Checksum${algorithm}`]);
      expect((await bodyBytes(got)).toString()).toBe(`data for ${algorithm}`);
    }
    const wrongSha = Buffer.alloc(32).toString('base64');
    await expectError(
      s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad-sha', Body: 'x', ChecksumSHA256: wrongSha })),
      400,
      'BadDigest',
    );
  });

  it('HeadObject on a missing key is 404 NotFound; GetObject is 404 NoSuchKey', async () => {
    await expectError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'missing.txt' })), 404, 'NotFound');
    const error = await expectError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'missing.txt' })), 404, 'NoSuchKey');
    expect(error.Key).toBe('missing.txt');
  });

  it.each([
    ['a space', 'my photo 1.jpg'],
    ['a plus', 'a+b.jpg'],
    ['Japanese', '写真/猫の画像.jpg'],
    ['dot-dot segments', '../../x'],
    ['a leading slash', '/etc/x'],
    ['reserved characters', 'q?a=1&b=2#frag%20.txt'],
  ])('round-trips a key with %s', async (_label, key) => {
    const body = `content of ${key}`;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect((await bodyBytes(got)).toString()).toBe(body);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key }));
    expect(listed.Contents?.map((c) => c.Key)).toContain(key);
  });

  it('DeleteObject is 204 whether or not the key exists', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'delete-me', Body: 'x' }));
    const first = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'delete-me' }));
    expect(first.$metadata.httpStatusCode).toBe(204);
    const again = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'delete-me' }));
    expect(again.$metadata.httpStatusCode).toBe(204);
    await expectError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'delete-me' })), 404, 'NotFound');
  });

  it('DeleteObjects reports deleted keys, or nothing when Quiet', async () => {
    for (const key of ['d/1', 'd/2', 'd/3']) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const loud = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'd/1' }, { Key: 'd/never-existed' }] } }),
    );
    expect(loud.Deleted?.map((d) => d.Key).sort()).toEqual(['d/1', 'd/never-existed']);
    expect(loud.Errors ?? []).toEqual([]);
    const quiet = await s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'd/2' }, { Key: 'd/3' }], Quiet: true } }),
    );
    expect(quiet.Deleted ?? []).toEqual([]);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'd/' }));
    expect(left.KeyCount).toBe(0);
  });
});

describe('CopyObject', () => {
  let bucket: string;
  beforeAll(async () => {
    bucket = await newBucket('copy');
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'source dir/original+1.txt',
        Body: 'copy me',
        ContentType: 'text/plain',
        Metadata: { colour: 'blue' },
      }),
    );
  });

  it('COPY keeps the metadata; the result carries the ETag', async () => {
    const copied = await s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'copied.txt', CopySource: `${bucket}/${encodeURIComponent('source dir/original+1.txt')}` }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(`"${md5Hex(Buffer.from('copy me'))}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copied.txt' }));
    expect(head.ContentType).toBe('text/plain');
    expect(head.Metadata).toEqual({ colour: 'blue' });
  });

  it('REPLACE takes metadata from the request', async () => {
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'replaced.txt',
        CopySource: `/${bucket}/${encodeURIComponent('source dir/original+1.txt')}`,
        MetadataDirective: 'REPLACE',
        ContentType: 'application/x-new',
        Metadata: { colour: 'red' },
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'replaced.txt' }));
    expect(got.ContentType).toBe('application/x-new');
    expect(got.Metadata).toEqual({ colour: 'red' });
    expect((await bodyBytes(got)).toString()).toBe('copy me');
  });

  it('copying onto itself without changes is 400 InvalidRequest; a missing source is 404 NoSuchKey', async () => {
    await expectError(
      s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copied.txt', CopySource: `${bucket}/copied.txt` })),
      400,
      'InvalidRequest',
    );
    await expectError(
      s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'x.txt', CopySource: `${bucket}/not-there.txt` })),
      404,
      'NoSuchKey',
    );
  });
});

describe('listing', () => {
  let bucket: string;
  const keys = ['a.txt', 'b c.txt', 'd+e.txt', 'photos/2024/1.jpg', 'photos/2024/2.jpg', 'photos/cat.jpg', 'z/日本.txt'];
  beforeAll(async () => {
    bucket = await newBucket('list');
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  });

  it('ListObjectsV2 returns every key in order with KeyCount, no NextContinuationToken when complete', async () => {
    const all = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(all.Contents?.map((c) => c.Key)).toEqual(keys);
    expect(all.KeyCount).toBe(keys.length);
    expect(all.MaxKeys).toBe(1000);
    expect(all.IsTruncated).toBe(false);
    expect(all.NextContinuationToken).toBeUndefined();
    expect(all.Contents?.[0].Size).toBe(5);
    expect(all.Contents?.[0].ETag).toBe(`"${md5Hex(Buffer.from('a.txt'))}"`);
  });

  it('pages with MaxKeys and opaque continuation tokens', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 2, ContinuationToken: token }));
      pages++;
      seen.push(...(page.Contents ?? []).map((c) => c.Key as string));
      expect(page.KeyCount).toBeLessThanOrEqual(2);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (page.IsTruncated) expect(token).toBeDefined();
    } while (token && pages < 10);
    expect(seen).toEqual(keys);
    expect(pages).toBe(4);
  });

  it('Delimiter rolls keys up into CommonPrefixes; KeyCount counts both', async () => {
    const top = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
    expect(top.Contents?.map((c) => c.Key)).toEqual(['a.txt', 'b c.txt', 'd+e.txt']);
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/', 'z/']);
    expect(top.KeyCount).toBe(5);
    const photos = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', Prefix: 'photos/' }));
    expect(photos.Contents?.map((c) => c.Key)).toEqual(['photos/cat.jpg']);
    expect(photos.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/2024/']);
  });

  it('pages through common prefixes without repeating them', async () => {
    const first = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', MaxKeys: 4 }));
    expect(first.IsTruncated).toBe(true);
    expect(first.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/']);
    const second = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', MaxKeys: 4, ContinuationToken: first.NextContinuationToken }),
    );
    expect(second.Contents ?? []).toEqual([]);
    expect(second.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['z/']);
    expect(second.IsTruncated).toBe(false);
  });

  it('StartAfter skips keys up to and including it', async () => {
    const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: 'photos/2024/2.jpg' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['photos/cat.jpg', 'z/日本.txt']);
    expect(after.StartAfter).toBe('photos/2024/2.jpg');
  });

  it('EncodingType url really percent-encodes keys, prefixes and delimiters', async () => {
    const encoded = await s3.send(new ListObjectsV2Command({ Bucket: bucket, EncodingType: 'url' }));
    expect(encoded.EncodingType).toBe('url');
    expect(encoded.Contents?.map((c) => c.Key)).toEqual([
      'a.txt',
      'b%20c.txt',
      'd%2Be.txt',
      'photos/2024/1.jpg',
      'photos/2024/2.jpg',
      'photos/cat.jpg',
      'z/%E6%97%A5%E6%9C%AC.txt',
    ]);
    const rolled = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, EncodingType: 'url', Delimiter: ' ', Prefix: 'b', StartAfter: 'a b' }),
    );
    expect(rolled.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['b%20']);
    expect(rolled.Delimiter).toBe('%20');
    expect(rolled.StartAfter).toBe('a%20b');
  });

  it('an invalid continuation token is 400 InvalidArgument', async () => {
    await expectError(
      s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: 'not-a-token' })),
      400,
      'InvalidArgument',
    );
  });

  it('ListObjects (v1) pages with Marker', async () => {
    const first = await s3.send(new ListObjectsCommand({ Bucket: bucket, MaxKeys: 3 }));
    expect(first.Contents?.map((c) => c.Key)).toEqual(keys.slice(0, 3));
    expect(first.IsTruncated).toBe(true);
    const rest = await s3.send(new ListObjectsCommand({ Bucket: bucket, Marker: first.Contents?.[2].Key }));
    expect(rest.Contents?.map((c) => c.Key)).toEqual(keys.slice(3));
    expect(rest.IsTruncated).toBe(false);
    const withDelimiter = await s3.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', MaxKeys: 4 }));
    expect(withDelimiter.NextMarker).toBe('photos/');
    const after = await s3.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', Marker: withDelimiter.NextMarker }));
    expect(after.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['z/']);
  });
});

describe('multipart upload through the SDK commands', () => {
  let bucket: string;
  const part1 = randomBytes(5 * 1024 * 1024);
  const part2 = randomBytes(1024);
  beforeAll(async () => {
    bucket = await newBucket('mpu');
  });

  async function start(key: string): Promise<string> {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: 'image/jpeg' }));
    return created.UploadId as string;
  }

  it('create, upload two parts, list, complete: ETag is md5-of-md5s with -2, bytes concatenated', async () => {
    const uploadId = await start('big.jpg');
    const p1 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big.jpg', UploadId: uploadId, PartNumber: 1, Body: part1 }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big.jpg', UploadId: uploadId, PartNumber: 2, Body: part2 }));
    expect(p1.ETag).toBe(`"${md5Hex(part1)}"`);

    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(uploads.Uploads?.map((u) => u.UploadId)).toContain(uploadId);
    const parts = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'big.jpg', UploadId: uploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, part1.length],
      [2, part2.length],
    ]);

    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'big.jpg',
        UploadId: uploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
      }),
    );
    const expectedEtag = createHash('md5')
      .update(Buffer.concat([Buffer.from(md5Hex(part1), 'hex'), Buffer.from(md5Hex(part2), 'hex')]))
      .digest('hex');
    expect(done.ETag).toBe(`"${expectedEtag}-2"`);

    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.jpg', ChecksumMode: 'ENABLED' }));
    expect(got.ContentType).toBe('image/jpeg');
    expect(got.ContentLength).toBe(part1.length + part2.length);
    expect((await bodyBytes(got)).equals(Buffer.concat([part1, part2]))).toBe(true);
    const after = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(after.Uploads ?? []).toEqual([]);
  });

  it('a wrong part ETag is 400 InvalidPart; parts out of order are 400 InvalidPartOrder', async () => {
    const uploadId = await start('errors.jpg');
    const p1 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'errors.jpg', UploadId: uploadId, PartNumber: 1, Body: part1 }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'errors.jpg', UploadId: uploadId, PartNumber: 2, Body: part2 }));
    const complete = (parts: { PartNumber: number; ETag?: string }[]) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'errors.jpg', UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    await expectError(complete([{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }]), 400, 'InvalidPart');
    await expectError(complete([{ PartNumber: 3, ETag: p2.ETag }]), 400, 'InvalidPart');
    await expectError(complete([{ PartNumber: 2, ETag: p2.ETag }, { PartNumber: 1, ETag: p1.ETag }]), 400, 'InvalidPartOrder');
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'errors.jpg', UploadId: uploadId }));
  });

  it('a non-last part under 5 MiB is 400 EntityTooSmall', async () => {
    const uploadId = await start('small.jpg');
    const p1 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'small.jpg', UploadId: uploadId, PartNumber: 1, Body: part2 }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'small.jpg', UploadId: uploadId, PartNumber: 2, Body: part2 }));
    await expectError(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: 'small.jpg',
          UploadId: uploadId,
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
        }),
      ),
      400,
      'EntityTooSmall',
    );
  });

  it('abort → 204; afterwards the upload id is 404 NoSuchUpload everywhere', async () => {
    const uploadId = await start('aborted.jpg');
    const aborted = await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'aborted.jpg', UploadId: uploadId }));
    expect(aborted.$metadata.httpStatusCode).toBe(204);
    await expectError(
      s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'aborted.jpg', UploadId: uploadId, PartNumber: 1, Body: part2 })),
      404,
      'NoSuchUpload',
    );
    await expectError(
      s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'aborted.jpg', UploadId: uploadId })),
      404,
      'NoSuchUpload',
    );
    await expectError(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: 'aborted.jpg',
          UploadId: 'made-up-upload-id',
          MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] },
        }),
      ),
      404,
      'NoSuchUpload',
    );
  });

  it('a part number outside 1–10000 is 400 InvalidArgument', async () => {
    const uploadId = await start('part-number.jpg');
    await expectError(
      s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'part-number.jpg', UploadId: uploadId, PartNumber: 10001, Body: part2 })),
      400,
      'InvalidArgument',
    );
  });
});

describe('wire details', () => {
  it('every response carries x-amz-request-id and x-amz-id-2, errors included, with the AWS error document', async () => {
    const ok = await rawRequest('GET', '/');
    expect(ok.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(ok.headers['x-amz-id-2']).toBeTruthy();
    const missing = await rawRequest('GET', '/product-images/not-there');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(missing.body.toString()).toMatch(
      /<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist\.<\/Message><Key>not-there<\/Key><RequestId>[0-9A-F]{16}<\/RequestId><HostId>.+<\/HostId><\/Error>/,
    );
  });

  it('HEAD of a missing object is 404 with no body', async () => {
    const missing = await rawRequest('HEAD', '/product-images/not-there');
    expect(missing.status).toBe(404);
    expect(missing.body.length).toBe(0);
  });

  it('Last-Modified is an RFC 7231 date', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'product-images', Key: 'dated.txt', Body: 'x' }));
    const head = await rawRequest('HEAD', '/product-images/dated.txt');
    expect(head.headers['last-modified']).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  it('ignores unknown query parameters such as ?x-id=PutObject', async () => {
    const put = await rawRequest('PUT', '/product-images/x-id.txt?x-id=PutObject', {}, Buffer.from('plain'));
    expect(put.status).toBe(200);
    const got = await rawRequest('GET', '/product-images/x-id.txt?x-id=GetObject');
    expect(got.body.toString()).toBe('plain');
  });

  it('`+` in a path is a plus, `%20` a space', async () => {
    await rawRequest('PUT', '/product-images/one+two%20three.txt', {}, Buffer.from('plus'));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'product-images', Key: 'one+two three.txt' }));
    expect(head.ContentLength).toBe(4);
  });

  it('decodes a signed aws-chunked body (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER) and verifies its trailer', async () => {
    const data = Buffer.from('hello, signed chunks! '.repeat(100));
    const sig = 'a'.repeat(64);
    const framed = (checksum: string) =>
      Buffer.concat([
        Buffer.from(`400;chunk-signature=${sig}\r\n`),
        data.subarray(0, 0x400),
        Buffer.from(`\r\n${(data.length - 0x400).toString(16)};chunk-signature=${sig}\r\n`),
        data.subarray(0x400),
        Buffer.from(`\r\n0;chunk-signature=${sig}\r\nx-amz-checksum-crc32:${checksum}\r\nx-amz-trailer-signature:${sig}\r\n\r\n`),
      ]);
    const headers = {
      'content-encoding': 'aws-chunked',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
      'x-amz-decoded-content-length': String(data.length),
      'x-amz-trailer': 'x-amz-checksum-crc32',
    };
    const put = await rawRequest('PUT', '/product-images/signed-chunks.txt', headers, framed(crc32Base64(data)));
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe(`"${md5Hex(data)}"`);
    const got = await s3.send(new GetObjectCommand({ Bucket: 'product-images', Key: 'signed-chunks.txt' }));
    expect((await bodyBytes(got)).equals(data)).toBe(true);

    const bad = await rawRequest('PUT', '/product-images/signed-bad.txt', headers, framed('AAAAAA=='));
    expect(bad.status).toBe(400);
    expect(bad.body.toString()).toContain('<Code>BadDigest</Code>');
  });

  it('a wrong x-amz-content-sha256 is 400 XAmzContentSHA256Mismatch', async () => {
    const bad = await rawRequest('PUT', '/product-images/sha.txt', { 'x-amz-content-sha256': 'f'.repeat(64) }, Buffer.from('x'));
    expect(bad.status).toBe(400);
    expect(bad.body.toString()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
  });

  it('serves virtual-host style requests (bucket in the Host header)', async () => {
    const port = new URL(endpoint.url).port;
    for (const host of [`product-images.s3.localhost.localstack.cloud:${port}`, `product-images.localhost:${port}`]) {
      const got = await rawRequest('GET', '/dated.txt', { host });
      expect(got.status).toBe(200);
      expect(got.body.toString()).toBe('x');
    }
    // The SDK without forcePathStyle addresses the bucket by host name; resolve every name to loopback.
    const lookup = (_host: string, options: unknown, callback: (...args: unknown[]) => void) => {
      const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
      if (all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    const virtual = new S3Client({
      endpoint: `http://s3.localhost.localstack.cloud:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
      requestHandler: { httpAgent: new Agent({ lookup: lookup as never }) },
    });
    try {
      await virtual.send(new PutObjectCommand({ Bucket: 'product-images', Key: 'virtual/host.txt', Body: 'vh' }));
      const got = await s3.send(new GetObjectCommand({ Bucket: 'product-images', Key: 'virtual/host.txt' }));
      expect((await bodyBytes(got)).toString()).toBe('vh');
      const listed = await virtual.send(new ListObjectsV2Command({ Bucket: 'product-images', Prefix: 'virtual/' }));
      expect(listed.Contents?.map((c) => c.Key)).toEqual(['virtual/host.txt']);
    } finally {
      virtual.destroy();
    }
  });
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A hand-made request (the endpoint routes on the SigV4 scope and does not verify signatures). */
function rawRequest(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<RawResponse> {
  const url = new URL(endpoint.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          authorization:
            'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=' + '0'.repeat(64),
          ...(body ? { 'content-length': String(body.length) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
