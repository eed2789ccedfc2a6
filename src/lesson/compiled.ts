// A lesson validated at build time (scripts/compile-lessons.js) and stored as JSON beside the
// bundle: the runner then starts without parsing YAML or running the schema. Paths are kept
// relative to the lesson folder and resolved against wherever the package is installed.
import { join, relative } from 'node:path';
import type { Lesson } from './model.js';

/** Bumped when the stored shape changes: a file of another format is ignored (the YAML is read). */
export const COMPILED_LESSON_FORMAT = 1;

export interface CompiledLesson {
  format: typeof COMPILED_LESSON_FORMAT;
  /** The lesson with `dir` empty and `file`, `files[].path` relative to the lesson folder. */
  lesson: Lesson;
}

export function compileLesson(lesson: Lesson): CompiledLesson {
  const local = (path: string) => relative(lesson.dir, path).split('\\').join('/');
  return {
    format: COMPILED_LESSON_FORMAT,
    lesson: { ...lesson, dir: '', file: local(lesson.file), files: lesson.files.map((file) => ({ ...file, path: local(file.path) })) },
  };
}

/** The lesson stored in `json`, placed in `dir`; undefined when the text is not a compiled lesson of this format. */
export function lessonFromCompiled(json: string, dir: string): Lesson | undefined {
  const data = JSON.parse(json) as Partial<CompiledLesson>;
  if (data.format !== COMPILED_LESSON_FORMAT || !data.lesson) return undefined;
  const lesson = data.lesson;
  return { ...lesson, dir, file: join(dir, lesson.file), files: lesson.files.map((file) => ({ ...file, path: join(dir, file.path) })) };
}
