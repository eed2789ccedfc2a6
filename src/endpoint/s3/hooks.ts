// What the S3 service needs from the rest of the endpoint to reach Lambda, supplied by
// services.ts so that S3 never constructs or imports the Lambda service itself.

export interface S3Hooks {
  /**
   * Checks that S3 may invoke `functionArn` for `bucket` (the function exists and its resource
   * policy lets s3.amazonaws.com invoke it). Resolves undefined when it may, else the reason
   * S3 reports, e.g. "Not authorized to invoke function [arn]".
   */
  validateLambdaDestination?(functionArn: string, bucket: string): Promise<string | undefined>;
  /** Invokes the function asynchronously (InvocationType Event). Fire-and-forget: must not throw. */
  deliverEvent?(functionArn: string, event: unknown): void;
  /** Told about every object stored (with or without a notification), once it is visible. */
  onObjectCreated?(object: { bucket: string; key: string; size: number; etag: string; eventName: string }): void;
}
