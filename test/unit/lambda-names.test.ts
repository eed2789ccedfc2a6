import { describe, it, expect } from '@jest/globals';
import { parseFunctionRef, resolveFunctionRef } from '../../src/endpoint/lambda/names.js';
import { LambdaError } from '../../src/endpoint/lambda/errors.js';

function thrown(action: () => unknown): LambdaError {
  try {
    action();
  } catch (error) {
    if (error instanceof LambdaError) return error;
    throw error;
  }
  throw new Error('expected a LambdaError');
}

describe('function references', () => {
  it.each([
    ['image-processor', { name: 'image-processor' }],
    ['image-processor:$LATEST', { name: 'image-processor', qualifier: '$LATEST' }],
    ['000000000000:function:image-processor', { name: 'image-processor', account: '000000000000' }],
    [
      'arn:aws:lambda:us-east-1:000000000000:function:image-processor:$LATEST',
      { name: 'image-processor', region: 'us-east-1', account: '000000000000', qualifier: '$LATEST' },
    ],
  ])('parses %s', (raw, expected) => {
    expect(parseFunctionRef(raw)).toEqual(expect.objectContaining(expected));
  });

  it.each(['bad name', 'a:b:c', 'arn:aws:s3:::bucket', 'arn:aws:lambda:us-east-1:000000000000:layer:x', 'fn:bad qualifier', ''])(
    'refuses %p',
    (raw) => {
      expect(parseFunctionRef(raw)).toBeUndefined();
    },
  );

  it('resolves against the request region and account', () => {
    expect(resolveFunctionRef('arn:aws:lambda:us-east-1:000000000000:function:f', null, 'us-east-1', '000000000000')).toEqual({
      name: 'f',
      qualifier: undefined,
    });
    expect(resolveFunctionRef('f', '$LATEST', 'us-east-1', '000000000000')).toEqual({ name: 'f', qualifier: '$LATEST' });
  });

  it('answers other regions, other accounts, malformed names and conflicting qualifiers as AWS does', () => {
    const region = thrown(() => resolveFunctionRef('arn:aws:lambda:eu-west-1:000000000000:function:f', null, 'us-east-1', '000000000000'));
    expect(region).toMatchObject({ status: 404, code: 'ResourceNotFoundException' });
    expect(region.message).toBe("Functions from 'eu-west-1' are not reachable in this region ('us-east-1')");

    expect(thrown(() => resolveFunctionRef('111122223333:function:f', null, 'us-east-1', '000000000000'))).toMatchObject({
      status: 403,
      code: 'AccessDeniedException',
    });
    expect(thrown(() => resolveFunctionRef('bad name', null, 'us-east-1', '000000000000'))).toMatchObject({
      status: 400,
      code: 'ValidationException',
    });
    expect(thrown(() => resolveFunctionRef('f:$LATEST', 'other', 'us-east-1', '000000000000'))).toMatchObject({
      status: 400,
      code: 'InvalidParameterValueException',
      message: 'The derived qualifier from the function name does not match the specified qualifier.',
    });
    expect(thrown(() => resolveFunctionRef(`arn:aws:lambda:us-east-1:000000000000:function:${'x'.repeat(100)}`, null, 'us-east-1', '000000000000'))).toMatchObject({
      code: 'ValidationException',
    });
  });
});
