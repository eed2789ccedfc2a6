// `--step <id|n>`: a step id or its 1-based number; anything else lists what is valid.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { UserFacingError } from '../../src/errors.js';
import { UnknownStepError, findStep, loadDefaultLesson, type Lesson } from '../../src/lesson/index.js';

let lesson: Lesson;
beforeAll(async () => {
  lesson = await loadDefaultLesson();
});

describe('findStep', () => {
  it('finds a step by id, in any case', () => {
    expect(findStep(lesson, 'bucket').number).toBe(2);
    expect(findStep(lesson, 'trigger').number).toBe(6);
    expect(findStep(lesson, 'Deploy').id).toBe('deploy');
  });

  it('finds a step by its number, given as a number or as text', () => {
    expect(findStep(lesson, 3).id).toBe('function');
    expect(findStep(lesson, '1').id).toBe('localstack');
    expect(findStep(lesson, ' 6 ').id).toBe('trigger');
  });

  it.each(['deplyo', '0', '7', '-1', '2.5', '', 'bucket-created'])('rejects %p with the valid ids and numbers', (wanted) => {
    let error: unknown;
    try {
      findStep(lesson, wanted);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownStepError);
    expect(error).toBeInstanceOf(UserFacingError);
    const unknown = error as UnknownStepError;
    expect(unknown.exitCode).toBe(2);
    expect(unknown.validIds).toEqual(['localstack', 'bucket', 'function', 'deploy', 'invoke', 'trigger']);
    const list = '1 localstack, 2 bucket, 3 function, 4 deploy, 5 invoke, 6 trigger';
    expect(unknown.message).toBe(`Unknown step '${wanted.trim()}'. Give a step id or its number: ${list}.`);
    expect(unknown.text.ja).toContain(`ステップ '${wanted.trim()}' はありません`);
    expect(unknown.text.ja).toContain(list);
  });
});
