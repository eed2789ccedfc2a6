// Parsing and validating notification configuration documents.
import { describe, it, expect } from '@jest/globals';
import { notificationConfigToWire, parseNotificationConfig } from '../../src/endpoint/s3/notification-config.js';
import { parseS3Xml } from '../../src/endpoint/s3/xml-body.js';
import { S3Error } from '../../src/endpoint/s3/errors.js';
import { toXml } from '../../src/endpoint/xml.js';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:image-processor';
const parse = (xml: string) => parseNotificationConfig(parseS3Xml(Buffer.from(xml)));
const fail = (xml: string) => {
  try {
    parse(xml);
  } catch (error) {
    const e = error as S3Error;
    return { code: e.code, message: e.message, ...e.fields };
  }
  throw new Error('expected a failure');
};

describe('parseNotificationConfig', () => {
  it('reads every destination kind, keeps given Ids, generates missing ones, normalises filter names', () => {
    const config = parse(`<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
      <CloudFunctionConfiguration><Id>mine</Id><CloudFunction>${ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event>
        <Filter><S3Key><FilterRule><Name>PREFIX</Name><Value> spaced/</Value></FilterRule><FilterRule><Name>suffix</Name><Value>.jpg</Value></FilterRule></S3Key></Filter>
      </CloudFunctionConfiguration>
      <QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:q</Queue><Event>s3:ObjectRemoved:*</Event></QueueConfiguration>
      <TopicConfiguration><Topic>arn:aws:sns:us-east-1:000000000000:t</Topic><Event>s3:ObjectCreated:Put</Event><Event>s3:ObjectCreated:Copy</Event></TopicConfiguration>
      <EventBridgeConfiguration></EventBridgeConfiguration>
    </NotificationConfiguration>`);
    expect(config.eventBridge).toBe(true);
    const lambda = config.destinations.find((d) => d.kind === 'lambda');
    expect(lambda).toEqual({
      kind: 'lambda',
      id: 'mine',
      arn: ARN,
      events: ['s3:ObjectCreated:*'],
      filterRules: [
        { name: 'Prefix', value: ' spaced/' },
        { name: 'Suffix', value: '.jpg' },
      ],
    });
    const topic = config.destinations.find((d) => d.kind === 'topic');
    expect(topic?.events).toEqual(['s3:ObjectCreated:Put', 's3:ObjectCreated:Copy']);
    expect(config.destinations.find((d) => d.kind === 'queue')?.id).toMatch(/^[A-Za-z0-9+/]{20,}$/);
  });

  it('an empty document is an empty configuration; its wire form round-trips', () => {
    expect(parse('<NotificationConfiguration/>')).toEqual({ destinations: [], eventBridge: false });
    const config = parse(
      `<NotificationConfiguration><CloudFunctionConfiguration><Id>x</Id><CloudFunction>${ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event></CloudFunctionConfiguration></NotificationConfiguration>`,
    );
    const again = parse(toXml('NotificationConfiguration', notificationConfigToWire(config)));
    expect(again).toEqual(config);
  });

  it('rejects unknown events, unparseable ARNs, bad or repeated filter rule names, missing parts', () => {
    const wrap = (inner: string) => `<NotificationConfiguration><CloudFunctionConfiguration>${inner}</CloudFunctionConfiguration></NotificationConfiguration>`;
    expect(fail(wrap(`<CloudFunction>${ARN}</CloudFunction><Event>s3:ObjectCreated:Upload</Event>`))).toMatchObject({
      code: 'InvalidArgument',
      ArgumentName: 'Event',
      ArgumentValue: 's3:ObjectCreated:Upload',
    });
    expect(fail(wrap('<CloudFunction>image-processor</CloudFunction><Event>s3:ObjectCreated:*</Event>'))).toMatchObject({
      code: 'InvalidArgument',
      message: 'The ARN could not be parsed',
      ArgumentName: 'CloudFunction',
    });
    const rule = (name: string) => `<FilterRule><Name>${name}</Name><Value>x</Value></FilterRule>`;
    expect(fail(wrap(`<CloudFunction>${ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event><Filter><S3Key>${rule('infix')}</S3Key></Filter>`))).toMatchObject({
      code: 'InvalidArgument',
      message: 'filter rule name must be either prefix or suffix',
    });
    expect(
      fail(wrap(`<CloudFunction>${ARN}</CloudFunction><Event>s3:ObjectCreated:*</Event><Filter><S3Key>${rule('prefix')}${rule('Prefix')}</S3Key></Filter>`)),
    ).toMatchObject({ code: 'InvalidArgument' });
    expect(fail(wrap(`<CloudFunction>${ARN}</CloudFunction>`))).toMatchObject({ code: 'MalformedXML' });
    expect(fail(wrap('<Event>s3:ObjectCreated:*</Event>'))).toMatchObject({ code: 'MalformedXML' });
    expect(fail('<SomethingElse/>')).toMatchObject({ code: 'MalformedXML' });
  });

  it('malformed XML is MalformedXML', () => {
    expect(() => parseS3Xml(Buffer.from('<NotificationConfiguration><Open>'))).toThrow(S3Error);
  });
});
