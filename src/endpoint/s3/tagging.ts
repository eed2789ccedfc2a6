// Object tags: the <Tagging><TagSet> document of Put/GetObjectTagging, the `x-amz-tagging` header
// of PutObject / CopyObject / CreateMultipartUpload (URL query form), and S3's limits on both.
import { header, type EndpointRequest } from '../http.js';
import { invalidArgument, malformedXml, S3Error } from './errors.js';
import { child, children, parseS3Xml, text } from './xml-body.js';

/** Tags in the order they were given: [key, value] pairs. */
export type TagSet = [string, string][];

const MAX_TAGS = 10;
const MAX_KEY_CHARS = 128;
const MAX_VALUE_CHARS = 256;
/** Letters, digits and whitespace in any script, and `_ . : / = + - @`. */
const TAG_CHARACTERS = /^[\p{L}\p{N}\p{Z}\s_.:/=+\-@]*$/u;

const invalidTag = (message: string, fields: Record<string, string> = {}) => new S3Error('InvalidTag', message, 400, fields);

/** Checks a tag set against S3's rules; throws InvalidTag naming the first problem. */
export function validateTags(tags: TagSet): TagSet {
  if (tags.length > MAX_TAGS) throw invalidTag('Object tags cannot be greater than 10');
  const seen = new Set<string>();
  for (const [key, value] of tags) {
    if (seen.has(key)) throw invalidTag('Cannot provide multiple Tags with the same key', { TagKey: key });
    seen.add(key);
    if (key.startsWith('aws:')) throw invalidTag('Your TagKey cannot be prefixed with aws:', { TagKey: key });
    if ([...key].length > MAX_KEY_CHARS) throw invalidTag('The TagKey you have provided is too long, max 128', { TagKey: key });
    if ([...value].length > MAX_VALUE_CHARS) {
      throw invalidTag('The TagValue you have provided is too long, max 256', { TagKey: key, TagValue: value });
    }
    if (key === '' || !TAG_CHARACTERS.test(key)) throw invalidTag('The TagKey you have provided is invalid', { TagKey: key });
    if (!TAG_CHARACTERS.test(value)) throw invalidTag('The TagValue you have provided is invalid', { TagKey: key, TagValue: value });
  }
  return tags;
}

/** `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>` → tags (validated). */
export function parseTaggingDocument(body: Buffer): TagSet {
  const tagSet = child(child(parseS3Xml(body), 'Tagging'), 'TagSet');
  if (tagSet === undefined) {
    // An empty <TagSet/> parses as '' rather than an element: that is a valid, empty set.
    const root = child(parseS3Xml(body), 'Tagging');
    if (root !== undefined && text(root, 'TagSet') !== undefined) return [];
    throw malformedXml();
  }
  const tags: TagSet = children(tagSet, 'Tag').map((tag) => {
    const key = text(tag, 'Key');
    const value = text(tag, 'Value');
    if (key === undefined || value === undefined) throw malformedXml();
    return [key, value];
  });
  return validateTags(tags);
}

const HEADER_PROBLEM =
  "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.";

/** The `x-amz-tagging` header (`k1=v1&k2=v2`), or undefined when the request has none. */
export function tagsFromHeader(req: EndpointRequest): TagSet | undefined {
  const value = header(req, 'x-amz-tagging');
  if (value === undefined) return undefined;
  const tags: TagSet = [];
  const seen = new Set<string>();
  for (const pair of value.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    let key: string;
    let tagValue: string;
    try {
      key = decodeURIComponent((eq === -1 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      tagValue = eq === -1 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      throw invalidArgument(HEADER_PROBLEM, 'x-amz-tagging', value);
    }
    if (seen.has(key)) throw invalidArgument(HEADER_PROBLEM, 'x-amz-tagging', value);
    seen.add(key);
    tags.push([key, tagValue]);
  }
  return validateTags(tags);
}

/** The <Tagging> document; S3 lists the tags sorted by key. */
export function taggingDocument(tags: TagSet | undefined): Record<string, unknown> {
  const sorted = [...(tags ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { TagSet: { Tag: sorted.map(([Key, Value]) => ({ Key, Value })) } };
}
