// XML in and out for the REST-XML (S3) and query (IAM, STS) protocols, via fast-xml-parser.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

/** `toXml('Error', {Code: 'X'})` → `<?xml …?><Error><Code>X</Code></Error>`; xmlns via `'@_xmlns'`. */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: value }) as string}`;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  // Every element may repeat in AWS documents; callers use asArray() on the ones that can.
  isArray: () => false,
});

/** Parses an XML request body; throws on malformed XML (callers map that to MalformedXML). */
export function parseXml(body: Buffer | string): Record<string, unknown> {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  return parser.parse(text) as Record<string, unknown>;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}
