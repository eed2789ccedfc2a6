// The lesson model: loading and validating lessons/*, the step/check/problem types, --step lookup,
// and the preparation checklist.
export { loadLesson, LESSON_FILE_NAME } from './load.js';
export { LessonError, formatFieldPath, type LessonIssue } from './errors.js';
export { findStep, UnknownStepError } from './find-step.js';
export { packageRoot, lessonsRoot, lessonDir, loadDefaultLesson, DEFAULT_LESSON_ID, PACKAGE_NAME } from './locate.js';
export { bucketArn, roleArn, functionArn } from './arns.js';
export { filterOf } from './documents.js';
export type { NotificationFilterLike, CorsConfiguration, PolicyDocument, PolicyStatement, NotificationConfiguration, LambdaNotification, S3EventDocument } from './documents.js';
export * from './ids.js';
export type * from './model.js';
export { runPreflight, type PreflightItem, type PreflightReport, type PreflightOptions } from './preflight.js';
