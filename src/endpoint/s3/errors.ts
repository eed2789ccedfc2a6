// S3's error model: every expected failure is an S3Error carrying the AWS code, HTTP status and
// the extra fields AWS puts in the <Error> document (BucketName, Key, UploadId, ArgumentName…).
// Handlers throw these; the service turns them into the error XML in one place.

export type ErrorFields = Record<string, string | number>;

export class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields: ErrorFields = {},
    /** Extra response headers (e.g. `connection: close` when a body is refused unread). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'S3Error';
  }
}

export const noSuchBucket = (bucket: string) =>
  new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });

export const noSuchKey = (key: string) => new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });

export const noSuchUpload = (uploadId: string) =>
  new S3Error(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    404,
    { UploadId: uploadId },
  );

export const malformedXml = () =>
  new S3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
    400,
  );

export const invalidArgument = (message: string, name?: string, value?: string) =>
  new S3Error(
    'InvalidArgument',
    message,
    400,
    name === undefined ? {} : { ArgumentName: name, ArgumentValue: value ?? '' },
  );

export const invalidRequest = (message: string) => new S3Error('InvalidRequest', message, 400);

/** Sub-resources and features this endpoint does not serve: say which, rather than pretend. */
export const notImplemented = (what: string) =>
  new S3Error('NotImplemented', `${what} is not implemented by the built-in endpoint.`, 501);
