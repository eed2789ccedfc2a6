// The image work: read the header, refuse what must not be decoded, then resize in the same format.
//
// MAX_WIDTH caps the WIDTH of the image as it is displayed (after EXIF rotation), not the longest
// side: a landscape 4000×3000 photo becomes 800×600, a portrait 3000×4000 one becomes 800×1067.
// Images already narrower than the cap keep their size (never upscaled).
import sharp, { type Metadata } from 'sharp';

/** Formats the function writes back, each in its own format, with the Content-Type to store. */
export const OUTPUT_CONTENT_TYPES = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
} as const;

export type OutputFormat = keyof typeof OUTPUT_CONTENT_TYPES;

export interface ResizeLimits {
  maxWidth: number;
  maxInputPixels: number;
}

export interface ResizedImage {
  data: Buffer;
  format: OutputFormat;
  contentType: string;
  width: number;
  height: number;
  input: { width: number; height: number };
}

/** Why an input is refused; `code` is stable, `reason` is the sentence logged. */
export type RefusalCode = 'not-an-image' | 'unsupported-format' | 'too-many-pixels' | 'decode-failed';

export type ResizeOutcome = { ok: true; image: ResizedImage } | { ok: false; code: RefusalCode; reason: string };

function isOutputFormat(format: string): format is OutputFormat {
  return Object.hasOwn(OUTPUT_CONTENT_TYPES, format);
}

export async function resizeImage(input: Buffer, limits: ResizeLimits): Promise<ResizeOutcome> {
  // The header alone gives format and dimensions; nothing is decoded yet.
  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    return { ok: false, code: 'not-an-image', reason: `not an image sharp can read (${messageOf(error)})` };
  }
  const { format, width, height } = metadata;
  if (!isOutputFormat(format)) {
    return { ok: false, code: 'unsupported-format', reason: `unsupported format "${format}" (only JPEG, PNG and WebP are processed)` };
  }
  const pixels = width * height;
  if (pixels > limits.maxInputPixels) {
    return {
      ok: false,
      code: 'too-many-pixels',
      reason: `image is ${width}×${height} = ${pixels} pixels, over the limit of ${limits.maxInputPixels} (MAX_INPUT_PIXELS)`,
    };
  }
  try {
    // limitInputPixels again: the decoder enforces it too, in case the header lied.
    const { data, info } = await sharp(input, { limitInputPixels: limits.maxInputPixels, autoOrient: true })
      .resize({ width: limits.maxWidth, withoutEnlargement: true })
      .toFormat(format)
      .toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      image: {
        data,
        format,
        contentType: OUTPUT_CONTENT_TYPES[format],
        width: info.width,
        height: info.height,
        input: { width: metadata.autoOrient.width, height: metadata.autoOrient.height },
      },
    };
  } catch (error) {
    return { ok: false, code: 'decode-failed', reason: `could not decode the ${format} image (${messageOf(error)})` };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
