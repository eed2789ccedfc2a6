// loadLesson(dir): lesson.yaml and every file it names → a validated Lesson, or one LessonError
// listing every problem found (file, field, what is wrong). Phases stop early only where later
// checks would be meaningless: unreadable YAML, then a wrong shape.
import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { parseDocument } from 'yaml';
import type * as z from 'zod';
import type { Text } from '../i18n/text.js';
import { bucketArn, functionArn, roleArn } from './arns.js';
import { checkConsistency } from './consistency.js';
import { crossCheckLesson } from './cross-check.js';
import {
  corsConfigurationSchema,
  notificationConfigurationSchema,
  policyDocumentSchema,
  s3EventSchema,
} from './documents.js';
import { LessonError, lineAndColumn, type LessonIssue } from './errors.js';
import type { ActionId, CheckId, PreflightId, ProblemId } from './ids.js';
import { issuesFromZod } from './issues.js';
import type { JsonDocument, Lesson, LessonFile, Step } from './model.js';
import { lessonFileSchema, type LessonFileData } from './schema.js';

export const LESSON_FILE_NAME = 'lesson.yaml';

export async function loadLesson(dir: string): Promise<Lesson> {
  const lessonDir = resolve(dir);
  const file = join(lessonDir, LESSON_FILE_NAME);
  const text = await readText(file);
  if (text === undefined) {
    throw new LessonError(lessonDir, [
      {
        file,
        field: '(file)',
        problem: { en: 'file not found: a lesson folder needs a lesson.yaml', ja: 'ファイルがありません。レッスンのフォルダーには lesson.yaml が必要です' },
      },
    ]);
  }
  const data = parseLessonYaml(lessonDir, file, text);

  const issues = crossCheckLesson(file, data);
  const loader = new LessonFiles(lessonDir, file, issues);

  const pages = {
    opening: await loader.markdown('pages.opening', data.pages.opening),
    closing: await loader.markdown('pages.closing', data.pages.closing),
  };
  const steps: Step[] = [];
  for (const [index, step] of data.steps.entries()) {
    steps.push({
      number: step.number,
      id: step.id,
      title: step.title,
      summary: step.summary,
      body: await loader.markdown(`steps[${index}].body`, step.body),
      // Cast after crossCheckLesson has verified them; a failure there throws below.
      action: step.action as ActionId,
      commands: step.commands,
      checks: step.checks as CheckId[],
      problems: step.problems as ProblemId[],
      ...(step.artifact ? { artifact: step.artifact } : {}),
    });
  }
  steps.sort((a, b) => a.number - b.number);

  const files: LessonFile[] = [];
  for (const [index, entry] of data.files.entries()) {
    const read = await loader.file(`files[${index}].path`, entry.path);
    if (read) files.push({ name: entry.name, path: read.path, text: read.text, about: entry.about });
  }
  const documents = new DocumentReader(files, issues);
  const res = data.resources;
  const names = {
    bucketArn: bucketArn(res.bucket.name),
    functionArn: functionArn(res.region, res.accountId, res.function.name),
  };
  const cors = documents.read(res.bucket.cors, corsConfigurationSchema);
  const policy = documents.read(res.bucket.policy, policyDocumentSchema);
  const trustPolicy = documents.read(res.role.trustPolicy, policyDocumentSchema);
  const notification = documents.read(res.notification, notificationConfigurationSchema);
  const invokeEvent = documents.read(res.invokeEvent, s3EventSchema);

  issues.push(
    ...checkConsistency({
      lessonFile: file,
      bucket: { name: res.bucket.name, arn: names.bucketArn },
      functionArn: names.functionArn,
      permissionSourceArn: res.permission.sourceArn,
      bucketPolicy: documents.located(policy),
      trustPolicy: documents.located(trustPolicy),
      notification: documents.located(notification),
      invokeEvent: documents.located(invokeEvent),
    }),
  );

  // A document that failed to parse has reported an issue, so `issues` is never empty here then.
  if (issues.length > 0 || !cors || !policy || !trustPolicy || !notification || !invokeEvent) {
    throw new LessonError(lessonDir, issues);
  }

  return {
    dir: lessonDir,
    file,
    schemaVersion: data.schemaVersion,
    id: data.id,
    version: data.version,
    title: data.title,
    course: data.course,
    pages,
    resources: {
      region: res.region,
      accountId: res.accountId,
      services: res.services,
      credentials: res.credentials,
      bucket: { name: res.bucket.name, arn: names.bucketArn, cors: cors, policy: policy },
      role: {
        name: res.role.name,
        arn: roleArn(res.accountId, res.role.name),
        trustPolicy: trustPolicy,
        managedPolicyArns: res.role.managedPolicyArns,
      },
      function: { ...res.function, arn: names.functionArn },
      permission: res.permission,
      notification: notification,
      invokeEvent: invokeEvent,
      output: res.output,
    },
    files,
    steps,
    checks: data.checks.map((check, index) => ({
      id: check.id as CheckId,
      number: index + 1,
      title: check.title,
      description: check.description,
      problems: check.problems as ProblemId[],
    })),
    problems: data.problems.map((problem) => ({ ...problem, id: problem.id as ProblemId })),
    preflight: data.preflight.map((entry) => ({ ...entry, id: entry.id as PreflightId })),
  };
}

function parseLessonYaml(lessonDir: string, file: string, text: string): LessonFileData {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new LessonError(
      lessonDir,
      doc.errors.map((error) => {
        const where = error.linePos?.[0];
        const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        return {
          file,
          field: where ? `line ${where.line}, column ${where.col}` : '(YAML syntax)',
          problem: { en: `YAML syntax error: ${message}`, ja: `YAML の書き方に誤りがあります: ${message}` },
        };
      }),
    );
  }
  const parsed = lessonFileSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) throw new LessonError(lessonDir, issuesFromZod(file, parsed.error.issues));
  return parsed.data;
}

/** Reads files named by lesson.yaml, reporting a missing or empty one at the field that names it. */
class LessonFiles {
  constructor(
    private readonly dir: string,
    private readonly lessonFile: string,
    private readonly issues: LessonIssue[],
  ) {}

  async markdown(field: string, ref: Text): Promise<Text> {
    const ja = await this.file(`${field}.ja`, ref.ja, 'ja');
    const en = await this.file(`${field}.en`, ref.en, ja ? 'en-of-ja' : 'en');
    return { ja: ja?.text ?? '', en: en?.text ?? '' };
  }

  async file(field: string, relative: string, role: 'ja' | 'en' | 'en-of-ja' | 'data' = 'data'): Promise<{ path: string; text: string } | undefined> {
    const path = resolve(this.dir, relative);
    const report = (problem: Text) => this.issues.push({ file: this.lessonFile, field, problem });
    if (!path.startsWith(this.dir + sep)) {
      report({ en: `'${relative}' is outside the lesson folder`, ja: `'${relative}' はレッスンのフォルダーの外を指しています` });
      return undefined;
    }
    const text = await readText(path);
    if (text === undefined) {
      report(
        role === 'en-of-ja'
          ? {
              en: `file not found: ${path} (the English page for ${relative}; every ja page needs an en page)`,
              ja: `ファイルがありません: ${path} (英語版のページです。ja のページには必ず en のページが必要です)`,
            }
          : { en: `file not found: ${path}`, ja: `ファイルがありません: ${path}` },
      );
      return undefined;
    }
    if (text.trim() === '') {
      report({ en: `file is empty: ${path}`, ja: `ファイルが空です: ${path}` });
      return undefined;
    }
    return { path, text };
  }
}

/** Parses the lesson's JSON documents (by their name in `files`) and validates their shape. */
class DocumentReader {
  private readonly paths = new Map<JsonDocument<unknown>, string>();

  constructor(
    private readonly files: readonly LessonFile[],
    private readonly issues: LessonIssue[],
  ) {}

  read<T>(name: string, schema: z.ZodType<T>): JsonDocument<T> | undefined {
    // A name missing from `files`, or a file that could not be read, is already reported.
    const entry = this.files.find((candidate) => candidate.name === name);
    if (!entry) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(entry.text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const offset = /at position (\d+)/.exec(message);
      const where = offset ? lineAndColumn(entry.text, Number(offset[1])) : undefined;
      this.issues.push({
        file: entry.path,
        field: where ? `line ${where.line}, column ${where.column}` : '(JSON syntax)',
        problem: { en: `JSON syntax error: ${message}`, ja: `JSON の書き方に誤りがあります: ${message}` },
      });
      return undefined;
    }
    const parsed = schema.safeParse(json, { reportInput: true });
    if (!parsed.success) {
      this.issues.push(...issuesFromZod(entry.path, parsed.error.issues));
      return undefined;
    }
    const doc = { file: name, value: parsed.data, text: entry.text };
    this.paths.set(doc, entry.path);
    return doc;
  }

  located<T>(doc: JsonDocument<T> | undefined): { path: string; value: T } | undefined {
    const path = doc && this.paths.get(doc);
    return doc && path ? { path, value: doc.value } : undefined;
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
}
