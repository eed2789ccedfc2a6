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

/** Deeper than any AWS request document; bounds the parser's recursion. */
const MAX_XML_DEPTH = 64;

/**
 * Why a request document must be refused before it is parsed, or undefined: no DTD at all (AWS
 * documents never have one, and entities are how "billion laughs" expansion works) and bounded
 * nesting (a 50,000-deep document must not exhaust the stack).
 */
export function unsafeXmlReason(text: string): string | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return 'a DOCTYPE or ENTITY declaration';
  let depth = 0;
  for (const match of text.matchAll(/<(\/?)[A-Za-z_][^>]*?(\/?)>/g)) {
    if (match[1] === '/') depth--;
    else if (match[2] !== '/' && ++depth > MAX_XML_DEPTH) return `nesting deeper than ${MAX_XML_DEPTH}`;
  }
  return undefined;
}

/** Parses an XML request body; throws on malformed or unsafe XML (callers map that to MalformedXML). */
export function parseXml(body: Buffer | string): Record<string, unknown> {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
  const unsafe = unsafeXmlReason(text);
  if (unsafe !== undefined) throw new Error(`refused XML: ${unsafe}`);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  return parser.parse(text) as Record<string, unknown>;
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}
