// The lesson as the runner uses it: validated, cross-checked, with every referenced file read.
// Everything lesson-specific (names, ARNs, documents, commands, texts) comes from here, so the
// steps, checks and troubleshooter stay generic.
import type { Text } from '../i18n/text.js';
import type { ActionId, CheckId, CommandVariant, PreflightId, PreflightPurpose, ProblemId } from './ids.js';
import type { CorsConfiguration, NotificationConfiguration, PolicyDocument, S3EventDocument } from './documents.js';

export interface Lesson {
  /** Absolute path of the lesson's folder. */
  dir: string;
  /** Absolute path of lesson.yaml. */
  file: string;
  schemaVersion: 1;
  id: string;
  version: string;
  title: Text;
  course: Text;
  /** Markdown of the opening (concepts) and closing (key points, what next) pages. */
  pages: { opening: Text; closing: Text };
  resources: LessonResources;
  /** Files the hand-typed commands use (`file://NAME`); `init` writes them. */
  files: LessonFile[];
  /** Sorted by number, 1..n. */
  steps: Step[];
  /** The checklist in report order; `number` is the 1-based position. */
  checks: CheckDef[];
  problems: ProblemDef[];
  preflight: PreflightEntry[];
}

/** A JSON document the lesson ships as a file: the parsed value and the text as the learner sees it. */
export interface JsonDocument<T> {
  /** The lesson file's name, as in `file://NAME`. */
  file: string;
  value: T;
  text: string;
}

export interface LessonResources {
  region: string;
  accountId: string;
  /** Services the endpoint's health must list as usable (`available` or `running`). */
  services: string[];
  /** For local endpoints (LocalStack, the built-in endpoint). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  bucket: {
    name: string;
    /** arn:aws:s3:::<name> */
    arn: string;
    cors: JsonDocument<CorsConfiguration>;
    policy: JsonDocument<PolicyDocument>;
  };
  role: {
    name: string;
    /** arn:aws:iam::<account>:role/<name> */
    arn: string;
    trustPolicy: JsonDocument<PolicyDocument>;
    managedPolicyArns: string[];
  };
  function: FunctionResource;
  permission: { statementId: string; action: string; principal: string; sourceArn: string };
  notification: JsonDocument<NotificationConfiguration>;
  /** The S3-shaped event for a hand invoke (`--payload file://event.json`). */
  invokeEvent: JsonDocument<S3EventDocument>;
  output: {
    /** Where processed copies go: `<prefix><original key>`; keys under it are never processed again. */
    prefix: string;
    /** The function caps the width at $<env> pixels, `default` when unset. */
    maxWidth: { env: string; default: number };
    /** User metadata keys (x-amz-meta-*) the function writes on every processed copy. */
    metadata: { processedBy: string; originalKey: string };
  };
}

export interface FunctionResource {
  name: string;
  /** arn:aws:lambda:<region>:<account>:function:<name> */
  arn: string;
  runtime: string;
  handler: string;
  /** Relative to the learner's working directory (their own copy) or else the runner's package root. */
  sourceDir: string;
  /** The handler's source, relative to sourceDir. */
  entry: string;
  /** The zip the build writes, relative to sourceDir. */
  zipFile: string;
  timeout: number;
  memorySize: number;
  environment: Record<string, string>;
}

export interface LessonFile {
  name: string;
  /** Absolute path inside the lesson folder. */
  path: string;
  text: string;
  about: Text;
}

export interface StepCommand {
  /** Exactly what the learner types. */
  run: string;
  about?: Text;
  /** Only for LocalStack in Docker, or only for the built-in endpoint; absent = both. */
  variant?: CommandVariant;
}

export interface Step {
  number: number;
  id: string;
  title: Text;
  summary: Text;
  /** Markdown, read from the files lesson.yaml names. */
  body: Text;
  action: ActionId;
  commands: StepCommand[];
  /** Checks to run after the step; may be empty (then `artifact` says what the step must produce). */
  checks: CheckId[];
  problems: ProblemId[];
  /** A file the step builds, relative to the function's sourceDir, and entries it must contain. */
  artifact?: { file: string; contains: string[] };
}

export interface CheckDef {
  id: CheckId;
  /** 1-based position in the checklist. */
  number: number;
  title: Text;
  description: Text;
  /** Problems a failure of this check usually points to. */
  problems: ProblemId[];
}

export interface ProblemCause {
  id: string;
  title: Text;
}

export interface ProblemDef {
  id: ProblemId;
  title: Text;
  summary: Text;
  causes: ProblemCause[];
}

export interface PreflightEntry {
  id: PreflightId;
  title: Text;
  howTo: Text;
  neededFor: PreflightPurpose[];
}
