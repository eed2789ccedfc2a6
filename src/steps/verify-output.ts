// Is a processed copy what the lesson promises: an image in the original's format, no wider than
// the cap (and narrower than an original that was wider), with the function's metadata?
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { unlessMissing } from '../aws/errors.js';
import type { AwsClients } from '../aws/clients.js';
import type { Lesson } from '../lesson/index.js';

export interface OutputInspection {
  key: string;
  found: boolean;
  width?: number;
  height?: number;
  format?: string;
  metadata: Record<string, string>;
  /** Empty when everything is as promised. */
  problems: { en: string; ja: string }[];
}

export function outputKeyFor(lesson: Lesson, key: string): string {
  return `${lesson.resources.output.prefix}${key}`;
}

export async function inspectOutput(
  aws: AwsClients,
  lesson: Lesson,
  outputKey: string,
  original?: { width: number; format: string },
): Promise<OutputInspection> {
  const bucket = lesson.resources.bucket.name;
  const { output, function: fn } = lesson.resources;
  const object = await unlessMissing(aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: outputKey })), 'NoSuchKey');
  if (!object?.Body) return { key: outputKey, found: false, metadata: {}, problems: [{ en: `${outputKey} does not exist`, ja: `${outputKey} がありません` }] };
  const bytes = Buffer.from(await object.Body.transformToByteArray());
  const metadata = object.Metadata ?? {};
  const problems: OutputInspection['problems'] = [];
  const sharp = (await import('sharp')).default;
  let info: { width?: number; height?: number; format?: string } = {};
  try {
    info = await sharp(bytes).metadata();
  } catch (error) {
    problems.push({ en: `${outputKey} is not an image (${(error as Error).message})`, ja: `${outputKey} は画像ではありません (${(error as Error).message})` });
  }
  const cap = Number(fn.environment[output.maxWidth.env] ?? output.maxWidth.default);
  if (info.width !== undefined && info.width > cap) {
    problems.push({ en: `${outputKey} is ${info.width} px wide, more than the ${cap} px cap: it was not resized`, ja: `${outputKey} の幅は ${info.width} px で、上限 ${cap} px を超えています。縮小されていません` });
  }
  if (original && info.width !== undefined && original.width > cap && info.width === original.width) {
    problems.push({ en: `${outputKey} has the original's width (${original.width} px): it was copied, not resized`, ja: `${outputKey} の幅が元画像と同じ (${original.width} px) です。縮小されずにコピーされています` });
  }
  if (original && info.format && info.format !== original.format) {
    problems.push({ en: `${outputKey} is ${info.format}, the original is ${original.format}`, ja: `${outputKey} の形式は ${info.format} で、元画像 (${original.format}) と違います` });
  }
  if (!metadata[output.metadata.processedBy]) {
    problems.push({ en: `${outputKey} lacks the x-amz-meta-${output.metadata.processedBy} metadata the function writes`, ja: `${outputKey} に関数が付けるはずのメタデータ x-amz-meta-${output.metadata.processedBy} がありません` });
  }
  return { key: outputKey, found: true, width: info.width, height: info.height, format: info.format, metadata, problems };
}
