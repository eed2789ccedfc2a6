// What the shop page's server does with the bucket on the page's behalf: presign a PUT for the
// browser (the page never holds credentials), and look at the endpoint and bucket directly when the
// browser could not (to tell a CORS block from an endpoint that is down or a missing bucket).
import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsSettings } from '../config/credentials.js';
import { readHealth } from '../aws/health.js';

/** How long a presigned upload URL stays valid. */
const UPLOAD_URL_SECONDS = 300;

export interface EndpointStatus {
  endpoint: 'ok' | 'down';
  bucket: 'ok' | 'missing' | 'unknown';
}

export interface BucketAccess {
  presignPut(key: string): Promise<string>;
  status(): Promise<EndpointStatus>;
  close(): void;
}

export function bucketAccess(settings: AwsSettings, bucket: string): BucketAccess {
  let client: Promise<S3Client> | undefined;
  const s3 = () =>
    (client ??= import('@aws-sdk/client-s3').then(
      ({ S3Client: Client }) =>
        new Client({
          endpoint: settings.endpoint,
          region: settings.region,
          ...(settings.credentials ? { credentials: settings.credentials } : {}),
          forcePathStyle: true,
          // Without this the URL carries a checksum of an empty body, and S3 refuses the photo.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          maxAttempts: 1,
        }),
    ));
  return {
    async presignPut(key) {
      const [{ PutObjectCommand }, { getSignedUrl }] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/s3-request-presigner')]);
      return getSignedUrl(await s3(), new PutObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: UPLOAD_URL_SECONDS });
    },
    async status() {
      const health = await readHealth(settings.endpoint, 2000);
      if (health.unreachable) return { endpoint: 'down', bucket: 'unknown' };
      const { HeadBucketCommand } = await import('@aws-sdk/client-s3');
      try {
        await (await s3()).send(new HeadBucketCommand({ Bucket: bucket }));
        return { endpoint: 'ok', bucket: 'ok' };
      } catch (error) {
        const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        return { endpoint: 'ok', bucket: status === 404 ? 'missing' : 'unknown' };
      }
    },
    close() {
      void client?.then((c) => c.destroy());
    },
  };
}
