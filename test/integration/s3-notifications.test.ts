// S3 → Lambda hooks: destination validation at PutBucketNotificationConfiguration and event
// delivery on object creation. The S3 service runs with hooks standing in for the Lambda service
// (which wires the real ones), behind a minimal HTTP server, driven by the real SDK and CLI.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  UploadPartCommand,
  type LambdaFunctionConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import { S3Service } from '../../src/endpoint/s3/service.js';
import type { S3Hooks } from '../../src/endpoint/s3/hooks.js';
import { ACCOUNT_ID, DEFAULT_REGION, type EndpointContext } from '../../src/endpoint/context.js';
import { clientsFor } from '../helpers/clients.js';
import { awsCli, hasAwsCli } from '../helpers/aws-cli.js';

const ALLOWED = 'arn:aws:lambda:us-east-1:000000000000:function:image-processor';
const OTHER = 'arn:aws:lambda:us-east-1:000000000000:function:other-processor';
const UNAUTHORIZED = 'arn:aws:lambda:us-east-1:000000000000:function:no-permission';

interface Delivery {
  arn: string;
  event: { Records: Array<Record<string, unknown> & { eventName: string; s3: { configurationId: string; object: Record<string, unknown> } }> };
}

const deliveries: Delivery[] = [];
const validated: Array<[string, string]> = [];
const hooks: S3Hooks = {
  async validateLambdaDestination(functionArn, bucket) {
    validated.push([functionArn, bucket]);
    return functionArn === UNAUTHORIZED ? `Not authorized to invoke function [${functionArn}]` : undefined;
  },
  deliverEvent(functionArn, event) {
    deliveries.push({ arn: functionArn, event: event as Delivery['event'] });
  },
};

let dataDir: string;
let server: Server;
let url: string;
let s3: S3Client;

/** The smallest server that feeds requests to the S3 service the way the endpoint's server does. */
function serve(service: S3Service): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      void service
        .handle(
          {
            method: req.method ?? 'GET',
            rawPath: q === -1 ? raw : raw.slice(0, q),
            query: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)),
            headers: req.headers,
            hostname: (req.headers.host ?? '').replace(/:\d+$/, ''),
            body: Buffer.concat(chunks),
            requestId: randomUUID(),
          },
          DEFAULT_REGION,
        )
        .then((response) => {
          res.writeHead(response.status, response.headers);
          if (response.body instanceof Readable) response.body.pipe(res);
          else res.end(response.body ?? '');
        });
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'st-s3-notify-'));
  const context: EndpointContext = { dataDir, accountId: ACCOUNT_ID, defaultRegion: DEFAULT_REGION, url: '' };
  server = serve(new S3Service(context, hooks));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context.url = url;
  s3 = clientsFor(url).s3;
  await s3.send(new CreateBucketCommand({ Bucket: 'product-images' }));
});

afterAll(async () => {
  s3?.destroy();
  await new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
  rmSync(dataDir, { recursive: true, force: true });
});

function lambdaConfig(arn: string, extra: Partial<LambdaFunctionConfiguration> = {}): LambdaFunctionConfiguration {
  return { LambdaFunctionArn: arn, Events: ['s3:ObjectCreated:*'], ...extra };
}

async function putConfig(configs: LambdaFunctionConfiguration[], skip = false) {
  return s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: 'product-images',
      NotificationConfiguration: { LambdaFunctionConfigurations: configs },
      ...(skip ? { SkipDestinationValidation: true } : {}),
    }),
  );
}

describe('destination validation', () => {
  it('a function S3 may not invoke → 400 InvalidArgument naming the ARN and the reason, nothing stored', async () => {
    validated.length = 0;
    let error: Record<string, unknown> & { name?: string; $metadata?: { httpStatusCode?: number } } = {};
    try {
      await putConfig([lambdaConfig(ALLOWED), lambdaConfig(UNAUTHORIZED, { Events: ['s3:ObjectRemoved:*'] })]);
    } catch (e) {
      error = e as typeof error;
    }
    expect({ status: error.$metadata?.httpStatusCode, name: error.name }).toEqual({ status: 400, name: 'InvalidArgument' });
    expect(error.message).toBe('Unable to validate the following destination configurations');
    expect(error.ArgumentName1).toBe(`${UNAUTHORIZED}, null`);
    expect(error.ArgumentValue1).toBe(`Not authorized to invoke function [${UNAUTHORIZED}]`);
    expect(validated).toEqual([
      [ALLOWED, 'product-images'],
      [UNAUTHORIZED, 'product-images'],
    ]);
    const stored = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'product-images' }));
    expect(stored.LambdaFunctionConfigurations ?? []).toEqual([]);
  });

  it('x-amz-skip-destination-validation: true skips the check', async () => {
    validated.length = 0;
    const put = await putConfig([lambdaConfig(UNAUTHORIZED)], true);
    expect(put.$metadata.httpStatusCode).toBe(200);
    expect(validated).toEqual([]);
  });

  (hasAwsCli ? it : it.skip)('the CLI shows the AWS error for an unauthorized destination', async () => {
    const work = mkdtempSync(join(tmpdir(), 'st-s3-notify-cli-'));
    try {
      writeFileSync(
        join(work, 'n.json'),
        JSON.stringify({ LambdaFunctionConfigurations: [{ LambdaFunctionArn: UNAUTHORIZED, Events: ['s3:ObjectCreated:*'] }] }),
      );
      const result = await awsCli(
        url,
        ['s3api', 'put-bucket-notification-configuration', '--bucket', 'product-images', '--notification-configuration', 'file://n.json'],
        { cwd: work },
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('InvalidArgument');
      expect(result.stderr).toContain('Unable to validate the following destination configurations');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('event delivery', () => {
  beforeAll(async () => {
    await putConfig([
      lambdaConfig(ALLOWED, {
        Id: 'jpg-trigger',
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: '' }, { Name: 'suffix', Value: '.jpg' }] } },
      }),
      lambdaConfig(OTHER, {
        Id: 'uploads-put-only',
        Events: ['s3:ObjectCreated:Put'],
        Filter: { Key: { FilterRules: [{ Name: 'Prefix' as 'prefix', Value: 'uploads/' }] } },
      }),
    ]);
  });

  it('an upload matching the filter delivers one AWS-shaped record, key form-encoded, eTag unquoted', async () => {
    deliveries.length = 0;
    const put = await s3.send(new PutObjectCommand({ Bucket: 'product-images', Key: 'my photo 1.jpg', Body: 'jpeg bytes' }));
    expect(deliveries).toHaveLength(1);
    const [{ arn, event }] = deliveries;
    expect(arn).toBe(ALLOWED);
    expect(event.Records).toHaveLength(1);
    const record = event.Records[0];
    expect(record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventName: 'ObjectCreated:Put',
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'jpg-trigger',
        bucket: { name: 'product-images', arn: 'arn:aws:s3:::product-images' },
        object: { key: 'my+photo+1.jpg', size: 10, eTag: put.ETag?.replace(/"/g, '') },
      },
    });
    expect(String(record.eventTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(record.responseElements as object).sort()).toEqual(['x-amz-id-2', 'x-amz-request-id']);
    expect(String(record.s3.object.sequencer)).toMatch(/^[0-9A-F]{18}$/);
  });

  it('suffix matching is case-sensitive and other suffixes or prefixes do not fire', async () => {
    deliveries.length = 0;
    for (const key of ['photo.JPG', 'photo.png', 'docs/readme.txt']) {
      await s3.send(new PutObjectCommand({ Bucket: 'product-images', Key: key, Body: 'x' }));
    }
    expect(deliveries).toEqual([]);
  });

  it('every matching configuration gets its own delivery', async () => {
    deliveries.length = 0;
    await s3.send(new PutObjectCommand({ Bucket: 'product-images', Key: 'uploads/a&b=c.jpg', Body: 'x' }));
    expect(deliveries.map((d) => [d.arn, d.event.Records[0].s3.configurationId]).sort()).toEqual([
      [ALLOWED, 'jpg-trigger'],
      [OTHER, 'uploads-put-only'],
    ]);
    expect(deliveries[0].event.Records[0].s3.object.key).toBe('uploads/a%26b%3Dc.jpg');
  });

  it('CopyObject fires ObjectCreated:Copy (and not the Put-only configuration)', async () => {
    deliveries.length = 0;
    await s3.send(new CopyObjectCommand({ Bucket: 'product-images', Key: 'uploads/copy.jpg', CopySource: 'product-images/my%20photo%201.jpg' }));
    expect(deliveries.map((d) => [d.arn, d.event.Records[0].eventName])).toEqual([[ALLOWED, 'ObjectCreated:Copy']]);
  });

  it('CompleteMultipartUpload fires ObjectCreated:CompleteMultipartUpload', async () => {
    deliveries.length = 0;
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'product-images', Key: '写真.jpg' }));
    const part = await s3.send(
      new UploadPartCommand({ Bucket: 'product-images', Key: '写真.jpg', UploadId, PartNumber: 1, Body: 'tiny part' }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'product-images',
        Key: '写真.jpg',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    expect(deliveries).toHaveLength(1);
    const record = deliveries[0].event.Records[0];
    expect(record.eventName).toBe('ObjectCreated:CompleteMultipartUpload');
    expect(record.s3.object.key).toBe('%E5%86%99%E7%9C%9F.jpg');
    expect(record.s3.object.eTag).toMatch(/^[0-9a-f]{32}-1$/);
    expect(decodeURIComponent(String(record.s3.object.key).replace(/\+/g, ' '))).toBe('写真.jpg');
  });

  it('sequencers grow from one event to the next', async () => {
    deliveries.length = 0;
    for (let i = 0; i < 5; i++) await s3.send(new PutObjectCommand({ Bucket: 'product-images', Key: `seq-${i}.jpg`, Body: 'x' }));
    const sequencers = deliveries.map((d) => String(d.event.Records[0].s3.object.sequencer));
    expect(sequencers).toHaveLength(5);
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(5);
  });

  it('a failing delivery hook never fails the upload', async () => {
    const original = hooks.deliverEvent;
    hooks.deliverEvent = () => {
      throw new Error('lambda is down');
    };
    try {
      const put = await s3.send(new PutObjectCommand({ Bucket: 'product-images', Key: 'still-stored.jpg', Body: 'x' }));
      expect(put.$metadata.httpStatusCode).toBe(200);
    } finally {
      hooks.deliverEvent = original;
    }
  });
});
