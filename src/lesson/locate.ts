// Where the lessons are: `lessons/` at the package root, found from this module's own location so
// it works from src/ (tests, ts-jest) and from dist/ (the installed package) alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lesson } from './model.js';
import { loadLesson } from './load.js';

export const PACKAGE_NAME = 'serverless-tutorial';
export const DEFAULT_LESSON_ID = 'serverless-basics';

let cachedRoot: string | undefined;

/** The folder holding the runner's package.json (and lessons/, lambda/). */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function lessonsRoot(): string {
  return join(packageRoot(), 'lessons');
}

export function lessonDir(id: string = DEFAULT_LESSON_ID): string {
  return join(lessonsRoot(), id);
}

export function loadDefaultLesson(): Promise<Lesson> {
  return loadLesson(lessonDir());
}
