// The build's side of compiled lessons (scripts/compile-lessons.js): validate a lesson folder and
// return what the runner stores. Kept apart from compiled.ts so the runner never loads the validator.
import { compileLesson, type CompiledLesson } from './compiled.js';
import { loadLesson } from './load.js';

/** Throws the LessonError the runner would, listing every problem, when the lesson is invalid. */
export async function compileLessonDir(dir: string): Promise<CompiledLesson> {
  return compileLesson(await loadLesson(dir));
}
