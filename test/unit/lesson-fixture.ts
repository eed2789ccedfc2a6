// Broken copies of the real lesson, made in a temp dir, for the validation tests.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { lessonDir } from '../../src/lesson/locate.js';

export const REAL_LESSON_DIR = lessonDir();

export interface LessonCopy {
  dir: string;
  file: string;
  /** Rewrites lesson.yaml as text. */
  editText(edit: (text: string) => string): void;
  /** Rewrites lesson.yaml through a parse (comments are lost, which these tests do not need). */
  edit(edit: (data: LessonYaml) => void): void;
  remove(): void;
}

/** lesson.yaml as plain data; the tests poke at it freely. */
export type LessonYaml = any; // any: tests reach into arbitrary places to break them on purpose

export function copyLesson(): LessonCopy {
  const root = mkdtempSync(join(tmpdir(), 'lesson-copy-'));
  const dir = join(root, 'serverless-basics');
  cpSync(REAL_LESSON_DIR, dir, { recursive: true });
  const file = join(dir, 'lesson.yaml');
  return {
    dir,
    file,
    editText(edit) {
      writeFileSync(file, edit(readFileSync(file, 'utf8')));
    },
    edit(edit) {
      const data = parse(readFileSync(file, 'utf8')) as LessonYaml;
      edit(data);
      writeFileSync(file, stringify(data));
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
