import { describe, expect, it } from '@jest/globals';
import { decodeEventKey, isProcessedKey, metadataKeyValue, outputKeyFor } from '../src/keys.js';
import { awsEncodeKey, localstackEncodeKey } from './images.js';

describe('decodeEventKey', () => {
  it.each([
    ['my photo.jpg'],
    ['folder/sub folder/a b  c.jpg'],
    ['a+b.jpg'],
    ['100%.jpg'],
    ['商品/写真 1.jpg'],
    ['emoji 📷.png'],
  ])('reads both the AWS (+) and the LocalStack (%%20) encoding of %j', (key) => {
    expect(decodeEventKey(awsEncodeKey(key))).toBe(key);
    expect(decodeEventKey(localstackEncodeKey(key))).toBe(key);
  });

  it('reads + as a space and %2B as a literal plus', () => {
    expect(decodeEventKey('a+b%2Bc.jpg')).toBe('a b+c.jpg');
  });

  it('keeps a key that is not valid percent-encoding instead of throwing', () => {
    expect(decodeEventKey('100%.jpg')).toBe('100%.jpg');
    expect(decodeEventKey('bad%E3%81.jpg')).toBe('bad%E3%81.jpg');
  });
});

describe('loop guard and output key', () => {
  it('treats only keys under processed/ as outputs', () => {
    expect(isProcessedKey('processed/a.jpg')).toBe(true);
    expect(isProcessedKey('processed/processed/a.jpg')).toBe(true);
    expect(isProcessedKey('unprocessed/a.jpg')).toBe(false);
    expect(isProcessedKey('processed.jpg')).toBe(false);
    expect(isProcessedKey('Processed/a.jpg')).toBe(false); // S3 keys are case-sensitive
  });

  it('puts the output under processed/ with the original key', () => {
    expect(outputKeyFor('dir/a b.jpg')).toBe('processed/dir/a b.jpg');
  });
});

describe('metadataKeyValue', () => {
  it.each([['photo-1.jpg'], ['dir/my photo.jpg'], ['商品/写真 1.jpg'], ['a+b%c#d?.jpg']])(
    'is ASCII and decodes back to %j',
    (key) => {
      const value = metadataKeyValue(key);
      expect(value).toMatch(/^[\x21-\x7e]*$/);
      expect(decodeURIComponent(value)).toBe(key);
    },
  );

  it('leaves a plain key unchanged and keeps slashes', () => {
    expect(metadataKeyValue('uploads/photo-1.jpg')).toBe('uploads/photo-1.jpg');
    expect(metadataKeyValue('商品.jpg')).toBe('%E5%95%86%E5%93%81.jpg');
  });
});
