// The lesson model: finding and loading lessons/*, the step/check/problem types, --step lookup,
// and the preparation checklist. Validating a lesson (yaml, zod) is in ./load.js, imported
// directly by what needs it, so importing this module never loads the validator.
export { LessonError, formatFieldPath, type LessonIssue } from './errors.js';
export { findStep, UnknownStepError } from './find-step.js';
export { packageRoot, lessonsRoot, lessonDir, loadDefaultLesson, DEFAULT_LESSON_ID, PACKAGE_NAME } from './locate.js';
export { bucketArn, roleArn, functionArn } from './arns.js';
export { filterOf, type NotificationFilterLike } from './filter.js';
export type { CorsConfiguration, PolicyDocument, PolicyStatement, NotificationConfiguration, LambdaNotification, S3EventDocument } from './documents.js';
export * from './ids.js';
export type * from './model.js';
export { runPreflight, type PreflightItem, type PreflightReport, type PreflightOptions } from './preflight.js';
