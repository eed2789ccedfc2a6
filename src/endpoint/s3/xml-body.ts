// Reads S3 request documents. Unlike the shared parser, text is NOT trimmed: object keys and
// filter values may begin or end with spaces, and S3 keeps them. Callers trim numbers and enums.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unsafeXmlReason } from '../xml.js';
import { malformedXml } from './errors.js';

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  isArray: () => false,
});

/**
 * Parses a request body; anything that is not well-formed XML, has a DTD or nests deeper than any
 * S3 document is S3's MalformedXML (400), never a parser crash.
 */
export function parseS3Xml(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '' || unsafeXmlReason(text) !== undefined || XMLValidator.validate(text) !== true) throw malformedXml();
  return parser.parse(text) as Record<string, unknown>;
}

/** A child element as an object, or undefined when absent or not an element with children. */
export function child(node: unknown, name: string): Record<string, unknown> | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as Record<string, unknown>)[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Every occurrence of a repeated child element. */
export function children(node: unknown, name: string): unknown[] {
  if (typeof node !== 'object' || node === null) return [];
  const value = (node as Record<string, unknown>)[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A child element's text, or undefined when absent. An empty element is ''. */
export function text(node: unknown, name: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  // An element holding only whitespace around nothing parses as {'#text': …}.
  if (typeof value === 'object' && value !== null && '#text' in value) return String((value as Record<string, unknown>)['#text']);
  return '';
}
