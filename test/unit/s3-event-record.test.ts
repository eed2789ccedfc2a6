// The S3 event record and the key encodings S3 uses on the wire.
import { describe, it, expect } from '@jest/globals';
import { buildS3EventRecord, Sequencer } from '../../src/endpoint/s3/event-record.js';
import { encodeEventKey, encodeListingValue } from '../../src/endpoint/s3/key-encoding.js';

describe('encodeEventKey (form encoding, as in AWS event records)', () => {
  it.each([
    ['my photo 1.jpg', 'my+photo+1.jpg'],
    ['photos/2024/cat.jpg', 'photos/2024/cat.jpg'],
    ['a+b.jpg', 'a%2Bb.jpg'],
    ['a=b&c.jpg', 'a%3Db%26c.jpg'],
    ['写真.jpg', '%E5%86%99%E7%9C%9F.jpg'],
    ['100%.jpg', '100%25.jpg'],
    ['dash-under_score.star*.jpg', 'dash-under_score.star*.jpg'],
    ['tilde~(x)', 'tilde%7E%28x%29'],
    ['emoji 😀', 'emoji+%F0%9F%98%80'],
  ])('%j → %j', (key, encoded) => {
    expect(encodeEventKey(key)).toBe(encoded);
    // What a function does to get the key back.
    expect(decodeURIComponent(encoded.replace(/\+/g, ' '))).toBe(key);
  });
});

describe('encodeListingValue (encoding-type=url)', () => {
  it.each([
    ['my photo.jpg', 'my%20photo.jpg'],
    ['a+b', 'a%2Bb'],
    ['dir/sub/', 'dir/sub/'],
    ['日本', '%E6%97%A5%E6%9C%AC'],
    ['~unreserved-_.', '~unreserved-_.'],
  ])('%j → %j', (value, encoded) => {
    expect(encodeListingValue(value)).toBe(encoded);
  });
});

describe('buildS3EventRecord', () => {
  it('builds the AWS record shape', () => {
    const record = buildS3EventRecord({
      eventName: 'ObjectCreated:Put',
      region: 'us-east-1',
      eventTime: new Date('2026-03-01T12:34:56.789Z'),
      requestId: 'C3D13FE58DE4C810',
      hostId: 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
      sourceIp: '127.0.0.1',
      principalId: 'AWS:AIDAEXAMPLE',
      ownerPrincipalId: 'A3NL1KOZZKEXAMPLE',
      configurationId: 'image-upload-trigger',
      bucket: 'product-images',
      key: 'my photo 1.jpg',
      size: 1024,
      eTag: '"d41d8cd98f00b204e9800998ecf8427e"',
      sequencer: '0055AED6DCD90281E5',
    });
    expect(record).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2026-03-01T12:34:56.789Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: {
        'x-amz-request-id': 'C3D13FE58DE4C810',
        'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'image-upload-trigger',
        bucket: { name: 'product-images', ownerIdentity: { principalId: 'A3NL1KOZZKEXAMPLE' }, arn: 'arn:aws:s3:::product-images' },
        object: { key: 'my+photo+1.jpg', size: 1024, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '0055AED6DCD90281E5' },
      },
    });
  });
});

describe('Sequencer', () => {
  it('gives fixed-width upper-case hex that only grows, even within one millisecond or if the clock steps back', () => {
    const sequencer = new Sequencer();
    const values = [sequencer.next(1000), sequencer.next(1000), sequencer.next(1000), sequencer.next(999), sequencer.next(2000)];
    for (const value of values) expect(value).toMatch(/^[0-9A-F]{18}$/);
    expect([...values].sort()).toEqual(values);
    expect(new Set(values).size).toBe(values.length);
  });
});
