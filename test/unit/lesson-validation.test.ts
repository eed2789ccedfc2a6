// A malformed lesson names the file, the field and what is wrong, in English and Japanese. Each
// test breaks a fresh copy of the real lesson in one way.
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LessonError, type LessonIssue } from '../../src/lesson/index.js';
import { loadLesson } from '../../src/lesson/load.js';
import { UserFacingError } from '../../src/errors.js';
import { copyLesson, type LessonCopy } from './lesson-fixture.js';

const COMPILE_LESSONS = fileURLToPath(new URL('../../scripts/compile-lessons.js', import.meta.url));

let copy: LessonCopy | undefined;
const fresh = (): LessonCopy => (copy = copyLesson());
afterEach(() => copy?.remove());

async function lessonError(dir: string): Promise<LessonError> {
  try {
    await loadLesson(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(LessonError);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as LessonError).exitCode).toBe(2);
    return error as LessonError;
  }
  throw new Error(`the lesson in ${dir} loaded, but it was broken on purpose`);
}

/** The error lists an issue at file + field whose English text matches; both languages name both. */
function expectIssue(error: LessonError, file: string, field: string, problem: RegExp): LessonIssue {
  const issue = error.issues.find((candidate) => candidate.file === file && candidate.field === field);
  expect({ field, issues: error.issues.map((i) => `${i.file}: ${i.field}: ${i.problem.en}`) }).toEqual({ field, issues: expect.arrayContaining([expect.stringContaining(`${file}: ${field}: `)]) });
  expect(issue!.problem.en).toMatch(problem);
  expect(error.message).toContain(`${file}: ${field}: ${issue!.problem.en}`);
  expect(error.text.ja).toContain(`${file}: ${field}: ${issue!.problem.ja}`);
  expect(issue!.problem.ja).not.toBe(issue!.problem.en);
  return issue!;
}

describe('loadLesson on a broken lesson', () => {
  it('reports YAML syntax errors with their line and column', async () => {
    const lesson = fresh();
    lesson.editText((text) => text.replace('  - number: 2\n', '  - number: 2\n    title: [unclosed\n'));
    const error = await lessonError(lesson.dir);
    const issue = error.issues[0];
    expect(issue.file).toBe(lesson.file);
    expect(issue.field).toMatch(/^line \d+, column \d+$/);
    expect(issue.problem.en).toMatch(/^YAML syntax error: /);
    expect(issue.problem.ja).toMatch(/^YAML の書き方に誤りがあります: /);
    expect(error.message).toContain(`${lesson.file}: line `);
  });

  it('reports a duplicate key in YAML', async () => {
    const lesson = fresh();
    lesson.editText((text) => text.replace('id: serverless-basics\n', 'id: serverless-basics\nid: again\n'));
    const line = readFileSync(lesson.file, 'utf8').split('\n').indexOf('id: again') + 1;
    const error = await lessonError(lesson.dir);
    expect(error.issues[0].field).toBe(`line ${line}, column 1`);
    expect(error.issues[0].problem.en).toMatch(/unique/i);
  });

  it('reports a missing field', async () => {
    const lesson = fresh();
    lesson.edit((data) => delete data.steps[1].action);
    expectIssue(await lessonError(lesson.dir), lesson.file, 'steps[1].action', /^missing \(a required string\)$/);
  });

  it('reports a misspelt field instead of ignoring it', async () => {
    const lesson = fresh();
    lesson.edit((data) => {
      data.steps[0].check = data.steps[0].checks;
      delete data.steps[0].checks;
    });
    const error = await lessonError(lesson.dir);
    expectIssue(error, lesson.file, 'steps[0]', /unknown field 'check'/);
    expectIssue(error, lesson.file, 'steps[0].checks', /^missing/);
  });

  it('reports an unknown check id with the ids that exist', async () => {
    const lesson = fresh();
    lesson.edit((data) => (data.steps[2 - 1].checks[1] = 'bucket-create'));
    const issue = expectIssue(
      await lessonError(lesson.dir),
      lesson.file,
      'steps[1].checks[1]',
      /^unknown check id 'bucket-create' \(known: localstack-running, bucket-created, function-deployed, function-invocable, trigger-fires, processed-saved, scripts-clean\)$/,
    );
    expect(issue.problem.ja).toContain("'bucket-create' はありません");
  });

  it('reports unknown problem, action and file references', async () => {
    const lesson = fresh();
    lesson.edit((data) => {
      data.steps[0].problems = ['localstack-not-startng'];
      data.steps[3].action = 'deploy';
      data.steps[1].commands[1].run = 'awslocal s3api put-bucket-cors --bucket product-images --cors-configuration file://cors-rules.json';
      data.resources.bucket.policy = 'bucket-policy.json';
    });
    const error = await lessonError(lesson.dir);
    expectIssue(error, lesson.file, 'steps[0].problems[0]', /^unknown problem id 'localstack-not-startng' \(known: localstack-not-starting, lambda-not-executing, trigger-not-firing\)$/);
    expectIssue(error, lesson.file, 'steps[3].action', /^unknown action id 'deploy' \(known: verify-endpoint, .*\): the runner implements only these$/);
    expectIssue(error, lesson.file, 'steps[1].commands[1].run', /^unknown file 'cors-rules.json' \(known: cors.json, policy.json/);
    expectIssue(error, lesson.file, 'resources.bucket.policy', /^unknown file 'bucket-policy.json'/);
  });

  it('reports a check the runner does not implement', async () => {
    const lesson = fresh();
    lesson.edit((data) => data.checks.push({ ...data.checks[0], id: 'function-built' }));
    expectIssue(await lessonError(lesson.dir), lesson.file, 'checks[7].id', /^unknown check id 'function-built' .*the runner implements only these$/);
  });

  it('reports a duplicate step number and a duplicate step id', async () => {
    const lesson = fresh();
    lesson.edit((data) => {
      data.steps[2].number = 2;
      data.steps[4].id = 'deploy';
    });
    const error = await lessonError(lesson.dir);
    expectIssue(error, lesson.file, 'steps[2].number', /^duplicate step number 2 \(also used by steps\[1\]\)$/);
    expectIssue(error, lesson.file, 'steps[4].id', /^duplicate step id 'deploy' \(also used by steps\[3\]\)$/);
  });

  it('reports a step number outside 1..n', async () => {
    const lesson = fresh();
    lesson.edit((data) => (data.steps[5].number = 7));
    expectIssue(await lessonError(lesson.dir), lesson.file, 'steps[5].number', /^step number 7 is out of range: with 6 steps the numbers are 1 to 6$/);
  });

  it('reports a missing markdown file, naming the en page of a ja page', async () => {
    const lesson = fresh();
    rmSync(join(lesson.dir, 'steps', '02-bucket.en.md'));
    const issue = expectIssue(await lessonError(lesson.dir), lesson.file, 'steps[1].body.en', /^file not found: .*steps\/02-bucket\.en\.md .*every ja page needs an en page/);
    expect(issue.problem.en).toContain(join(lesson.dir, 'steps', '02-bucket.en.md'));
  });

  it('reports an empty markdown file and a body path outside the lesson', async () => {
    const lesson = fresh();
    writeFileSync(join(lesson.dir, 'pages', 'closing.ja.md'), '  \n');
    lesson.edit((data) => (data.steps[0].body.ja = '../outside.ja.md'));
    const error = await lessonError(lesson.dir);
    expectIssue(error, lesson.file, 'steps[0].body.ja', /^must be a relative path to a \.md file inside the lesson folder/);
    // The shape error stops the load before files are read: fix it and the empty page shows.
    lesson.edit((data) => (data.steps[0].body.ja = 'steps/01-localstack.ja.md'));
    expectIssue(await lessonError(lesson.dir), lesson.file, 'pages.closing.ja', /^file is empty: /);
  });

  it('reports missing English text', async () => {
    const lesson = fresh();
    lesson.edit((data) => {
      delete data.steps[0].title.en;
      delete data.problems[1].causes[2].title.en;
    });
    const error = await lessonError(lesson.dir);
    const issue = expectIssue(error, lesson.file, 'steps[0].title.en', /^missing English text: every text needs both ja and en$/);
    expect(issue.problem.ja).toContain('英語 (en) の文がありません');
    expectIssue(error, lesson.file, 'problems[1].causes[2].title.en', /^missing English text/);
  });

  it('tells the author to quote a value YAML read as a number', async () => {
    const lesson = fresh();
    lesson.editText((text) => text.replace('accountId: "000000000000"', 'accountId: 000000000000'));
    expectIssue(await lessonError(lesson.dir), lesson.file, 'resources.accountId', /^expected text but YAML read a number 0: put the value in quotes$/);
  });

  it('reports a bad JSON document in its own file, with line and column', async () => {
    const lesson = fresh();
    const cors = join(lesson.dir, 'files', 'cors.json');
    writeFileSync(cors, '{\n  "CORSRules": [\n    { "AllowedMethods": ["GET"], }\n  ]\n}\n');
    const issue = expectIssue(await lessonError(lesson.dir), cors, 'line 3, column 34', /^JSON syntax error: /); // the `}` after the trailing comma
    expect(issue.file).toBe(cors);
  });

  it('reports a JSON document of the wrong shape at its field', async () => {
    const lesson = fresh();
    const cors = join(lesson.dir, 'files', 'cors.json');
    writeFileSync(cors, JSON.stringify({ CORSRules: [{ AllowedMethods: ['GET', 'FETCH'], AllowedOrigins: ['*'] }] }));
    expectIssue(await lessonError(lesson.dir), cors, 'CORSRules[0].AllowedMethods[1]', /^must be one of: "GET", "PUT", "POST", "DELETE", "HEAD" \(found "FETCH"\)$/);
  });

  it('reports documents that disagree with the lesson resources', async () => {
    const lesson = fresh();
    const notification = join(lesson.dir, 'files', 'notification.json');
    const policy = join(lesson.dir, 'files', 'policy.json');
    const trust = join(lesson.dir, 'files', 'trust-policy.json');
    writeFileSync(notification, readJson(notification).replace('function:image-processor', 'function:image-procesor'));
    writeFileSync(policy, readJson(policy).replace('product-images/*', 'product-image/*'));
    writeFileSync(trust, readJson(trust).replace('lambda.amazonaws.com', 'ec2.amazonaws.com'));
    lesson.edit((data) => (data.resources.permission.sourceArn = 'arn:aws:s3:::product-image'));
    const error = await lessonError(lesson.dir);
    expectIssue(
      error,
      notification,
      'LambdaFunctionConfigurations[0].LambdaFunctionArn',
      /^'arn:aws:lambda:us-east-1:000000000000:function:image-procesor' does not match the lesson's function 'arn:aws:lambda:us-east-1:000000000000:function:image-processor'$/,
    );
    expectIssue(error, policy, 'Statement[0].Resource', /^'arn:aws:s3:::product-image\/\*' does not match the lesson's bucket/);
    expectIssue(error, trust, 'Statement', /lambda\.amazonaws\.com/);
    expectIssue(error, lesson.file, 'resources.permission.sourceArn', /^'arn:aws:s3:::product-image' does not match the lesson's bucket 'arn:aws:s3:::product-images'$/);
  });

  it('reports a folder without lesson.yaml', async () => {
    const lesson = fresh();
    rmSync(lesson.file);
    const error = await lessonError(lesson.dir);
    expect(error.issues).toEqual([{ file: lesson.file, field: '(file)', problem: expect.objectContaining({ en: expect.stringMatching(/^file not found/) }) }]);
    expect(error.message).toContain(lesson.file);
  });
});

describe('the build on a broken lesson', () => {
  it('fails, printing the problems the runner would, and stores nothing', async () => {
    const lesson = fresh();
    lesson.edit((data) => (data.steps[1].checks = ['no-such-check']));
    const expected = (await lessonError(lesson.dir)).text.en;
    const out = join(dirname(lesson.dir), 'compiled');
    const build = spawnSync(process.execPath, [COMPILE_LESSONS, dirname(lesson.dir), out], { encoding: 'utf8' });
    expect({ status: build.status, stderr: build.stderr }).toEqual({ status: 1, stderr: `${expected}\n` });
    expect(existsSync(join(out, 'serverless-basics.json'))).toBe(false);
  });
});

function readJson(path: string): string {
  return JSON.stringify(JSON.parse(readFileSync(path, 'utf8')), null, 2);
}
