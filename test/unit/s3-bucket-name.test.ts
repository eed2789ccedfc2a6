// S3 bucket naming rules.
import { describe, it, expect } from '@jest/globals';
import { bucketNameProblem, isValidBucketName } from '../../src/endpoint/s3/bucket-name.js';

describe('bucket names', () => {
  it.each(['product-images', 'abc', 'a'.repeat(63), 'my.bucket.name', '1bucket', 'bucket-1', 'a-b.c-d', 'xn-abc', 's3alias-x'])(
    'accepts %j',
    (name) => {
      expect(bucketNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ['ab', 'between 3 and 63'],
    ['a'.repeat(64), 'between 3 and 63'],
    ['Product-Images', 'lowercase'],
    ['bad_name', 'lowercase'],
    ['-abc', 'begin and end'],
    ['abc-', 'begin and end'],
    ['.abc', 'begin and end'],
    ['abc.', 'begin and end'],
    ['a..b', 'adjacent periods'],
    ['a.-b', 'hyphen next to a period'],
    ['a-.b', 'hyphen next to a period'],
    ['192.168.5.4', 'IP address'],
    ['xn--bucket', 'prefix xn--'],
    ['sthree-bucket', 'prefix sthree-'],
    ['amzn-s3-demo-bucket', 'prefix amzn-s3-demo-'],
    ['bucket-s3alias', 'suffix -s3alias'],
    ['bucket--ol-s3', 'suffix --ol-s3'],
    ['bucket.mrap', 'suffix .mrap'],
    ['bucket--x-s3', 'suffix --x-s3'],
    ['../etc', 'lowercase'],
    ['a/b/c', 'lowercase'],
  ])('rejects %j (%s)', (name, reason) => {
    expect(bucketNameProblem(name)).toContain(reason);
    expect(isValidBucketName(name)).toBe(false);
  });
});
