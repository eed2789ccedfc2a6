// The shape of lesson.yaml. Objects are strict so a misspelt field ("check:" for "checks:") is
// reported instead of silently ignored. Ids are plain strings here: whether they exist is a
// cross-reference question (cross-check.ts), answered with the list of ids that do.
import * as z from 'zod';
import { accountId, arn, fileName, handler, kebabId, markdownPath, nonEmpty, relativePath, version } from './formats.js';
import { COMMAND_VARIANTS, PREFLIGHT_PURPOSES } from './ids.js';

/** Every sentence exists in both languages. */
export const textSchema = z.strictObject({ ja: nonEmpty, en: nonEmpty });
/** A markdown file per language. */
const markdownRefSchema = z.strictObject({ ja: markdownPath, en: markdownPath });

const commandSchema = z.strictObject({
  run: nonEmpty,
  about: textSchema.optional(),
  variant: z.enum(COMMAND_VARIANTS).optional(),
});

const stepSchema = z.strictObject({
  number: z.int().positive(),
  id: kebabId,
  title: textSchema,
  summary: textSchema,
  body: markdownRefSchema,
  action: kebabId,
  commands: z.array(commandSchema).min(1),
  checks: z.array(kebabId),
  problems: z.array(kebabId),
  artifact: z.strictObject({ file: relativePath, contains: z.array(relativePath).min(1) }).optional(),
});

const checkSchema = z.strictObject({
  id: kebabId,
  title: textSchema,
  description: textSchema,
  problems: z.array(kebabId),
});

const problemSchema = z.strictObject({
  id: kebabId,
  title: textSchema,
  summary: textSchema,
  causes: z.array(z.strictObject({ id: kebabId, title: textSchema })).min(1),
});

const preflightSchema = z.strictObject({
  id: kebabId,
  title: textSchema,
  howTo: textSchema,
  neededFor: z.array(z.enum(PREFLIGHT_PURPOSES)).min(1),
});

const fileSchema = z.strictObject({ name: fileName, path: relativePath, about: textSchema });

const resourcesSchema = z.strictObject({
  region: z.string().regex(/^[a-z]{2}(?:-[a-z]+)+-\d$/),
  accountId,
  services: z.array(kebabId).min(1),
  credentials: z.strictObject({ accessKeyId: nonEmpty, secretAccessKey: nonEmpty }),
  bucket: z.strictObject({
    // S3's bucket naming rules, the part a lesson author can get wrong.
    name: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
    cors: fileName,
    policy: fileName,
  }),
  role: z.strictObject({
    name: z.string().regex(/^[\w+=,.@-]{1,64}$/),
    trustPolicy: fileName,
    managedPolicyArns: z.array(arn),
  }),
  function: z.strictObject({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    runtime: nonEmpty,
    handler,
    sourceDir: relativePath,
    entry: relativePath,
    zipFile: relativePath,
    timeout: z.int().min(1).max(900),
    memorySize: z.int().min(128).max(10240),
    environment: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()),
  }),
  permission: z.strictObject({ statementId: nonEmpty, action: nonEmpty, principal: nonEmpty, sourceArn: arn }),
  notification: fileName,
  invokeEvent: fileName,
  output: z.strictObject({
    prefix: nonEmpty,
    maxWidth: z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), default: z.int().positive() }),
    metadata: z.strictObject({ processedBy: kebabId, originalKey: kebabId }),
  }),
});

export const lessonFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  id: kebabId,
  version,
  title: textSchema,
  course: textSchema,
  pages: z.strictObject({ opening: markdownRefSchema, closing: markdownRefSchema }),
  resources: resourcesSchema,
  files: z.array(fileSchema),
  steps: z.array(stepSchema).min(1),
  checks: z.array(checkSchema).min(1),
  problems: z.array(problemSchema),
  preflight: z.array(preflightSchema),
});
export type LessonFileData = z.infer<typeof lessonFileSchema>;
export type StepData = LessonFileData['steps'][number];
