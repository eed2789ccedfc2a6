// Where the lessons are: `lessons/` at the package root. The built runner reads the lesson the
// build validated and compiled (dist/lessons/<id>.json); from source (tests) there is none, so
// lesson.yaml is validated here, with yaml and zod loaded only then.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codePath, packageRoot } from '../package-root.js';
import { lessonFromCompiled } from './compiled.js';
import type { Lesson } from './model.js';

export { packageRoot, PACKAGE_NAME } from '../package-root.js';
export const DEFAULT_LESSON_ID = 'serverless-basics';

export function lessonsRoot(): string {
  return join(packageRoot(), 'lessons');
}

export function lessonDir(id: string = DEFAULT_LESSON_ID): string {
  return join(lessonsRoot(), id);
}

/** Where the build writes lesson `id`, validated and compiled. */
export function compiledLessonPath(id: string): string {
  return codePath('lessons', `${id}.json`);
}

let defaultLesson: Promise<Lesson> | undefined;

/** The lesson this runner teaches, read once per process (the guided UI and its session both ask). */
export function loadDefaultLesson(): Promise<Lesson> {
  if (!defaultLesson) {
    defaultLesson = readDefaultLesson();
    // A failed read is not kept: the next caller reads again (and reports the failure itself).
    defaultLesson.catch(() => (defaultLesson = undefined));
  }
  return defaultLesson;
}

async function readDefaultLesson(): Promise<Lesson> {
  const dir = lessonDir();
  const compiled = await readFile(compiledLessonPath(DEFAULT_LESSON_ID), 'utf8').then(
    (json) => lessonFromCompiled(json, dir),
    () => undefined,
  );
  if (compiled) return compiled;
  const { loadLesson } = await import('./load.js');
  return loadLesson(dir);
}
