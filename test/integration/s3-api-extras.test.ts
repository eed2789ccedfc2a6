// S3 APIs beyond the lesson's own calls, each as AWS answers it, through SDK v3 and raw HTTP:
// object tagging, UploadPartCopy, conditional writes and copies, a retried
// CompleteMultipartUpload, partNumber reads, ListObjectVersions, ListBuckets paging,
// Content-Encoding and non-ASCII metadata as stored, hostile XML, oversized uploads.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { request } from 'node:http';
import { connect } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectTaggingCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { startTestEndpoint, type TestEndpoint } from '../helpers/endpoint.js';
import { clientsFor } from '../helpers/clients.js';
import { sdkError } from '../helpers/sdk-error.js';

let endpoint: TestEndpoint;
let s3: S3Client;
let buckets = 0;

beforeAll(async () => {
  endpoint = await startTestEndpoint();
  s3 = clientsFor(endpoint.url).s3;
});

afterAll(async () => {
  s3?.destroy();
  await endpoint?.dispose();
});

async function newBucket(): Promise<string> {
  const name = `extras-${++buckets}`;
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

const bodyText = async (got: { Body?: unknown }) => (got.Body as { transformToString(): Promise<string> }).transformToString();
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with exactly these headers (no SDK in between); `body` may be withheld. */
const ANY_SIGNATURE = `AWS4-HMAC-SHA256 Credential=test/20261201/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

function raw(method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // Signed as far as the endpoint looks (it never verifies signatures): anonymous requests would be judged by a bucket policy.
    const req = request(`${endpoint.url}${path}`, { method, headers: { authorization: ANY_SIGNATURE, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('latin1') }));
    });
    req.on('error', reject);
    if (body === undefined) req.flushHeaders();
    else req.end(body);
  });
}

/** Sends bytes as they are on a fresh connection and returns the whole answer. */
function rawBytes(bytes: Buffer): Promise<string> {
  const { port } = new URL(endpoint.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

const contentMd5 = (body: Buffer | string) => createHash('md5').update(body).digest('base64');

describe('object tagging', () => {
  it('x-amz-tagging on PutObject, Get/Put/DeleteObjectTagging, TagCount, and S3 limits', async () => {
    const bucket = await newBucket();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'photo.jpg', Body: 'x', Tagging: 'stage=raw&owner=learner%201' }));
    const tagged = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'photo.jpg' }));
    // Listed sorted by key, as S3 lists them.
    expect(tagged.TagSet).toEqual([{ Key: 'owner', Value: 'learner 1' }, { Key: 'stage', Value: 'raw' }]);
    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'photo.jpg' }))).TagCount).toBe(2);

    await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'photo.jpg', Tagging: { TagSet: [{ Key: 'stage', Value: 'done' }] } }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'photo.jpg' }))).TagSet).toEqual([{ Key: 'stage', Value: 'done' }]);
    // Tagging changes the record only: the bytes and ETag stay.
    expect(await bodyText(await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'photo.jpg' })))).toBe('x');

    const eleven = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(await sdkError(s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'photo.jpg', Tagging: { TagSet: eleven } })))).toEqual({
      name: 'InvalidTag',
      status: 400,
      message: 'Object tags cannot be greater than 10',
    });
    const longKey = [{ Key: 'k'.repeat(129), Value: 'v' }];
    expect(await sdkError(s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'photo.jpg', Tagging: { TagSet: longKey } })))).toMatchObject({
      name: 'InvalidTag',
      status: 400,
    });

    await s3.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: 'photo.jpg' }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'photo.jpg' }))).TagSet).toEqual([]);
    expect(await sdkError(s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'missing' })))).toMatchObject({ name: 'NoSuchKey', status: 404 });
  });

  it('CopyObject keeps the tags (COPY) or takes new ones (REPLACE)', async () => {
    const bucket = await newBucket();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'a', Body: 'a', Tagging: 'k=1' }));
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'b', CopySource: `${bucket}/a` }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'b' }))).TagSet).toEqual([{ Key: 'k', Value: '1' }]);
    await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'c', CopySource: `${bucket}/a`, TaggingDirective: 'REPLACE', Tagging: 'k=2&j=3' }));
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'c' }))).TagSet).toEqual([
      { Key: 'j', Value: '3' },
      { Key: 'k', Value: '2' },
    ]);
  });
});

describe('multipart extras', () => {
  const FIVE_MIB = 5 * 1024 * 1024;

  it('UploadPartCopy with ranges builds an object from another; a retried Complete answers as the first did', async () => {
    const bucket = await newBucket();
    const source = randomBytes(FIVE_MIB + 1000);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'source', Body: source }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'copy' }));
    const first = await s3.send(
      new UploadPartCopyCommand({ Bucket: bucket, Key: 'copy', UploadId, PartNumber: 1, CopySource: `${bucket}/source`, CopySourceRange: `bytes=0-${FIVE_MIB - 1}` }),
    );
    const second = await s3.send(
      new UploadPartCopyCommand({ Bucket: bucket, Key: 'copy', UploadId, PartNumber: 2, CopySource: `${bucket}/source`, CopySourceRange: `bytes=${FIVE_MIB}-${source.length - 1}` }),
    );
    expect(first.CopyPartResult?.ETag).toBe(`"${md5(source.subarray(0, FIVE_MIB))}"`);
    const parts = [
      { PartNumber: 1, ETag: first.CopyPartResult?.ETag },
      { PartNumber: 2, ETag: second.CopyPartResult?.ETag },
    ];
    const done = await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'copy', UploadId, MultipartUpload: { Parts: parts } }));
    const again = await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'copy', UploadId, MultipartUpload: { Parts: parts } }));
    expect(again.$metadata.httpStatusCode).toBe(200);
    expect(again.ETag).toBe(done.ETag);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'copy' }));
    expect(md5(Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray()))).toBe(md5(source));

    const { UploadId: other } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'copy2' }));
    const beyond = await sdkError(
      s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key: 'copy2', UploadId: other, PartNumber: 1, CopySource: `${bucket}/source`, CopySourceRange: 'bytes=0-99999999' })),
    );
    expect(beyond).toMatchObject({ name: 'InvalidArgument', status: 400 });
    const malformed = await sdkError(
      s3.send(new UploadPartCopyCommand({ Bucket: bucket, Key: 'copy2', UploadId: other, PartNumber: 1, CopySource: `${bucket}/source`, CopySourceRange: 'bytes=hello-world' })),
    );
    expect(malformed).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });

  it('GetObject / HeadObject partNumber: the part as a 206 range with the parts count; a part beyond is 416', async () => {
    const bucket = await newBucket();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'mp' }));
    const one = Buffer.alloc(FIVE_MIB, 1);
    const two = Buffer.from('the second part');
    const p1 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'mp', UploadId, PartNumber: 1, Body: one }));
    const p2 = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'mp', UploadId, PartNumber: 2, Body: two }));
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'mp', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] } }),
    );
    const part2 = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'mp', PartNumber: 2 }));
    expect(part2.$metadata.httpStatusCode).toBe(206);
    expect(part2.PartsCount).toBe(2);
    expect(part2.ContentRange).toBe(`bytes ${FIVE_MIB}-${FIVE_MIB + two.length - 1}/${FIVE_MIB + two.length}`);
    expect(await bodyText(part2)).toBe('the second part');
    const head1 = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'mp', PartNumber: 1 }));
    expect({ length: head1.ContentLength, parts: head1.PartsCount }).toEqual({ length: FIVE_MIB, parts: 2 });
    expect(await sdkError(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'mp', PartNumber: 3 })))).toMatchObject({ name: 'InvalidPartNumber', status: 416 });

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'single', Body: 'body' }));
    expect(await bodyText(await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'single', PartNumber: 1 })))).toBe('body');
  });
});

describe('conditional requests', () => {
  it('PutObject If-None-Match: * and If-Match: 412 when the condition fails, 404 for If-Match on a missing key', async () => {
    const bucket = await newBucket();
    const created = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'one', IfNoneMatch: '*' }));
    expect(await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'two', IfNoneMatch: '*' })))).toMatchObject({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'two', IfMatch: '"0123"' })))).toMatchObject({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(await sdkError(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'new', Body: 'two', IfMatch: created.ETag })))).toMatchObject({
      name: 'NoSuchKey',
      status: 404,
    });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: 'three', IfMatch: created.ETag }));
    expect(await bodyText(await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'k' })))).toBe('three');
  });

  it('two If-None-Match uploads of one new key: the one that commits second gets 409 ConditionalRequestConflict', async () => {
    const bucket = await newBucket();
    // The slow upload starts first (its condition holds then) and finishes after the fast one.
    // Its `100 Continue` comes when the endpoint has checked its condition and starts to read it.
    const slowBody = Buffer.alloc(64 * 1024, 7);
    const slow = new Promise<RawResponse>((resolve, reject) => {
      const headers = { authorization: ANY_SIGNATURE, 'content-length': String(slowBody.length), 'if-none-match': '*', expect: '100-continue' };
      const req = request(`${endpoint.url}/${bucket}/race`, { method: 'PUT', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.on('continue', () => {
        void (async () => {
          await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'race', Body: 'fast', IfNoneMatch: '*' }));
          req.end(slowBody);
        })().catch(reject);
      });
      req.flushHeaders();
    });
    const answer = await slow;
    expect(answer.status).toBe(409);
    expect(answer.body).toContain('<Code>ConditionalRequestConflict</Code>');
    expect(await bodyText(await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'race' })))).toBe('fast');
  });

  it('CopyObject x-amz-copy-source-if-*: 412 naming the header; If-Match true outweighs If-Unmodified-Since false', async () => {
    const bucket = await newBucket();
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src', Body: 'src' }));
    const copy = (extra: Record<string, unknown>) => s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'dst', CopySource: `${bucket}/src`, ...extra }));
    const failed = await sdkError(copy({ CopySourceIfMatch: '"nope"' }));
    expect(failed).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(await sdkError(copy({ CopySourceIfNoneMatch: ETag }))).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(await sdkError(copy({ CopySourceIfModifiedSince: new Date(Date.now() + 3600_000) }))).toMatchObject({ status: 412 });
    const past = new Date(Date.now() - 3600_000);
    expect(await sdkError(copy({ CopySourceIfUnmodifiedSince: past }))).toMatchObject({ status: 412 });
    const copied = await copy({ CopySourceIfMatch: ETag, CopySourceIfUnmodifiedSince: past });
    expect(copied.CopyObjectResult?.ETag).toBe(ETag);

    const raw412 = await raw('PUT', `/${bucket}/dst2`, { 'x-amz-copy-source': `/${bucket}/src`, 'x-amz-copy-source-if-match': '"nope"' }, '');
    expect(raw412.body).toContain('<Condition>x-amz-copy-source-If-Match</Condition>');
  });
});

describe('listings', () => {
  it('ListObjectVersions on an unversioned bucket: each object once as version "null", latest, paged by key marker', async () => {
    const bucket = await newBucket();
    for (const key of ['a.txt', 'b.txt', 'dir/c.txt']) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const all = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(all.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest, v.Size])).toEqual([
      ['a.txt', 'null', true, 5],
      ['b.txt', 'null', true, 5],
      ['dir/c.txt', 'null', true, 9],
    ]);
    const first = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1 }));
    expect({ truncated: first.IsTruncated, key: first.NextKeyMarker, version: first.NextVersionIdMarker }).toEqual({ truncated: true, key: 'a.txt', version: 'null' });
    const rest = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: 'a.txt', VersionIdMarker: 'null', Delimiter: '/' }));
    expect(rest.Versions?.map((v) => v.Key)).toEqual(['b.txt']);
    expect(rest.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['dir/']);
  });

  it('ListBuckets honours MaxBuckets, ContinuationToken and Prefix', async () => {
    const names = ['page-a', 'page-b', 'page-c'];
    for (const name of names) await s3.send(new CreateBucketCommand({ Bucket: name }));
    const first = await s3.send(new ListBucketsCommand({ MaxBuckets: 2, Prefix: 'page-' }));
    expect(first.Buckets?.map((b) => b.Name)).toEqual(['page-a', 'page-b']);
    expect(first.ContinuationToken).toBeDefined();
    expect(first.Prefix).toBe('page-');
    const second = await s3.send(new ListBucketsCommand({ MaxBuckets: 2, Prefix: 'page-', ContinuationToken: first.ContinuationToken }));
    expect(second.Buckets?.map((b) => b.Name)).toEqual(['page-c']);
    expect(second.ContinuationToken).toBeUndefined();
  });
});

describe('headers stored as S3 stores them', () => {
  it('Content-Encoding comes back exactly as sent; an aws-chunked token on a plain body is dropped, the body kept', async () => {
    const bucket = await newBucket();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'z', Body: 'z', ContentEncoding: 'deflate, gzip' }));
    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'z' }))).ContentEncoding).toBe('deflate, gzip');
    const plain = await raw('PUT', `/${bucket}/y`, { 'content-encoding': 'gzip, aws-chunked', 'content-length': '5' }, 'plain');
    expect(plain.status).toBe(200);
    const head = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'y' }));
    expect({ encoding: head.ContentEncoding, body: await bodyText(head) }).toEqual({ encoding: 'gzip', body: 'plain' });
  });

  it('non-ASCII user metadata: raw UTF-8 and RFC 2047 input are stored as text and returned RFC 2047-encoded, as AWS does', async () => {
    const bucket = await newBucket();
    // Raw UTF-8 bytes in the header, as curl sends what a learner types (Node's client cannot).
    await rawBytes(
      Buffer.concat([
        Buffer.from(`PUT /${bucket}/raw HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${ANY_SIGNATURE}\r\nContent-Length: 1\r\nConnection: close\r\nx-amz-meta-title: `),
        Buffer.from('写真 1.jpg', 'utf8'),
        Buffer.from('\r\n\r\nx'),
      ]),
    );
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'encoded', Body: 'x', Metadata: { title: '=?UTF-8?B?5YaZ55yfIDEuanBn?=', plain: 'ok' } }));
    for (const key of ['raw', 'encoded']) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      expect(head.Metadata?.title).toBe('=?UTF-8?Q?=E5=86=99=E7=9C=9F_1.jpg?=');
    }
    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'encoded' }))).Metadata?.plain).toBe('ok');
  });
});

describe('hostile or oversized requests', () => {
  it('XML with a DOCTYPE, or nested 50,000 deep, is 400 MalformedXML', async () => {
    const bucket = await newBucket();
    const doctype = '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><CORSConfiguration>&b;</CORSConfiguration>';
    const deep = `${'<a>'.repeat(50_000)}${'</a>'.repeat(50_000)}`;
    for (const body of [doctype, deep]) {
      const answer = await raw('PUT', `/${bucket}?cors`, { 'content-md5': contentMd5(body), 'content-length': String(Buffer.byteLength(body)) }, body);
      expect({ status: answer.status, code: /<Code>(\w+)<\/Code>/.exec(answer.body)?.[1] }).toEqual({ status: 400, code: 'MalformedXML' });
    }
    const deleteBody = `<?xml version="1.0"?><!DOCTYPE d><Delete><Object><Key>k</Key></Object></Delete>`;
    const deleted = await raw('POST', `/${bucket}?delete`, { 'content-md5': contentMd5(deleteBody) }, deleteBody);
    expect(deleted.status).toBe(400);
  });

  it('a declared size over 5 GiB is refused before the body is sent: 400 EntityTooLarge, Connection: close', async () => {
    const bucket = await newBucket();
    // Expect: 100-continue, and no body: the answer must come without the body ever being asked for.
    const answer = await raw('PUT', `/${bucket}/huge`, { 'content-length': String(6 * 1024 ** 3), expect: '100-continue' });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('<Code>EntityTooLarge</Code>');
    expect(answer.body).toContain('<MaxSizeAllowed>5368709120</MaxSizeAllowed>');
    expect(answer.headers.connection).toBe('close');
  });

  it('a streamed upload whose trailing checksum is wrong is BadDigest and leaves no object', async () => {
    const bucket = await newBucket();
    const data = Buffer.alloc(300 * 1024, 3);
    const framed = Buffer.concat([
      Buffer.from(`${data.length.toString(16)}\r\n`),
      data,
      Buffer.from('\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'),
    ]);
    const answer = await raw(
      'PUT',
      `/${bucket}/bad`,
      {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': String(data.length),
        'x-amz-trailer': 'x-amz-checksum-crc32',
        'content-length': String(framed.length),
      },
      framed,
    );
    expect({ status: answer.status, code: /<Code>(\w+)<\/Code>/.exec(answer.body)?.[1] }).toEqual({ status: 400, code: 'BadDigest' });
    expect(await sdkError(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'bad' })))).toMatchObject({ status: 404 });
  });
});
