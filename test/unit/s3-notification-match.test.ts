// Which notification configurations an event reaches.
import { describe, it, expect } from '@jest/globals';
import { eventMatches, keyMatchesFilter, matchingDestinations } from '../../src/endpoint/s3/notification-match.js';
import type { NotificationConfig } from '../../src/endpoint/s3/notification-config.js';

describe('eventMatches', () => {
  it('matches exact names and the family wildcard', () => {
    expect(eventMatches(['s3:ObjectCreated:*'], 's3:ObjectCreated:Put')).toBe(true);
    expect(eventMatches(['s3:ObjectCreated:*'], 's3:ObjectCreated:CompleteMultipartUpload')).toBe(true);
    expect(eventMatches(['s3:ObjectCreated:Put'], 's3:ObjectCreated:Put')).toBe(true);
    expect(eventMatches(['s3:ObjectCreated:Put'], 's3:ObjectCreated:Copy')).toBe(false);
    expect(eventMatches(['s3:ObjectRemoved:*'], 's3:ObjectCreated:Put')).toBe(false);
    expect(eventMatches([], 's3:ObjectCreated:Put')).toBe(false);
  });
});

describe('keyMatchesFilter', () => {
  it('no rules, or an empty prefix, match every key', () => {
    expect(keyMatchesFilter(undefined, 'anything')).toBe(true);
    expect(keyMatchesFilter([], 'anything')).toBe(true);
    expect(keyMatchesFilter([{ name: 'Prefix', value: '' }], 'anything')).toBe(true);
  });

  it('prefix and suffix must both hold, case-sensitively', () => {
    const rules = [
      { name: 'Prefix' as const, value: 'uploads/' },
      { name: 'Suffix' as const, value: '.jpg' },
    ];
    expect(keyMatchesFilter(rules, 'uploads/cat.jpg')).toBe(true);
    expect(keyMatchesFilter(rules, 'uploads/cat.JPG')).toBe(false);
    expect(keyMatchesFilter(rules, 'Uploads/cat.jpg')).toBe(false);
    expect(keyMatchesFilter(rules, 'processed/uploads/cat.jpg')).toBe(false);
    expect(keyMatchesFilter(rules, 'uploads/cat.jpg.png')).toBe(false);
  });
});

describe('matchingDestinations', () => {
  const config: NotificationConfig = {
    eventBridge: false,
    destinations: [
      { kind: 'lambda', id: 'jpg', arn: 'arn:fn:a', events: ['s3:ObjectCreated:*'], filterRules: [{ name: 'Suffix', value: '.jpg' }] },
      { kind: 'lambda', id: 'put-only', arn: 'arn:fn:b', events: ['s3:ObjectCreated:Put'] },
      { kind: 'queue', id: 'queue', arn: 'arn:sqs:q', events: ['s3:ObjectCreated:*'] },
    ],
  };

  it('returns every Lambda configuration the event and key match, in order', () => {
    expect(matchingDestinations(config, 'lambda', 's3:ObjectCreated:Put', 'a.jpg').map((d) => d.id)).toEqual(['jpg', 'put-only']);
    expect(matchingDestinations(config, 'lambda', 's3:ObjectCreated:Copy', 'a.jpg').map((d) => d.id)).toEqual(['jpg']);
    expect(matchingDestinations(config, 'lambda', 's3:ObjectCreated:Copy', 'a.png').map((d) => d.id)).toEqual([]);
    expect(matchingDestinations(config, 'queue', 's3:ObjectCreated:Put', 'a.png').map((d) => d.id)).toEqual(['queue']);
  });
});
