// The real lesson loads, validates and says what DESIGN §2 says; the locator finds it from src/
// and from an installed copy of dist/.
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { build } from 'esbuild';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECK_IDS, PROBLEM_IDS, filterOf, loadDefaultLesson, packageRoot, type Lesson } from '../../src/lesson/index.js';
import { loadLesson } from '../../src/lesson/load.js';
import { compileLesson, lessonFromCompiled } from '../../src/lesson/compiled.js';
import { REAL_LESSON_DIR } from './lesson-fixture.js';

const commandsOf = (lesson: Lesson, id: string) => lesson.steps.find((step) => step.id === id)!.commands.map((command) => command.run);

describe('the serverless-basics lesson', () => {
  it('loads from the package through the default locator', async () => {
    const lesson = await loadDefaultLesson();
    expect(lesson.dir).toBe(REAL_LESSON_DIR);
    expect(lesson.id).toBe('serverless-basics');
    expect(lesson.title.ja).toContain('サーバーレス');
    expect(lesson.title.en).toContain('Serverless');
    expect(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).name).toBe('serverless-tutorial');
  });

  it('has the six steps of DESIGN §2 with their checks, actions and problems', async () => {
    const lesson = await loadLesson(REAL_LESSON_DIR);
    expect(lesson.steps.map((step) => [step.number, step.id, step.action])).toEqual([
      [1, 'localstack', 'verify-endpoint'],
      [2, 'bucket', 'create-bucket'],
      [3, 'function', 'build-function'],
      [4, 'deploy', 'deploy-function'],
      [5, 'invoke', 'invoke-function'],
      [6, 'trigger', 'configure-trigger'],
    ]);
    const checksAfter = Object.fromEntries(lesson.steps.map((step) => [step.id, step.checks]));
    const first = (n: number) => CHECK_IDS.slice(0, n);
    expect(checksAfter).toEqual({
      localstack: first(1),
      bucket: first(2),
      function: [],
      deploy: first(3),
      invoke: [...first(4), 'processed-saved'],
      trigger: first(7),
    });
    // Step 3's "build artefact": the zip with the handler and sharp in it.
    expect(lesson.steps[2].artifact).toEqual({ file: 'function.zip', contains: ['index.js', 'node_modules/sharp/package.json'] });
    expect(lesson.steps[5].problems).toEqual([...PROBLEM_IDS]);
    for (const step of lesson.steps) {
      expect(step.problems.length).toBeGreaterThan(0);
      expect(step.body.ja).toMatch(/^# ステップ \d/);
      expect(step.body.en).toMatch(/^# Step \d/);
    }
  });

  it('has the seven checks in order and the three problems with their causes', async () => {
    const lesson = await loadLesson(REAL_LESSON_DIR);
    expect(lesson.checks.map((check) => [check.number, check.id])).toEqual(CHECK_IDS.map((id, index) => [index + 1, id]));
    expect(lesson.problems.map((problem) => problem.id)).toEqual([...PROBLEM_IDS]);
    const causes = Object.fromEntries(lesson.problems.map((problem) => [problem.id, problem.causes.map((cause) => cause.id)]));
    expect(causes['localstack-not-starting']).toEqual(
      expect.arrayContaining(['nothing-listening', 'not-localstack', 'service-unavailable', 'endpoint-variable', 'requires-account', 'docker-socket-missing', 'docker-missing']),
    );
    expect(causes['lambda-not-executing']).toEqual(
      expect.arrayContaining(['function-missing', 'state-not-active', 'handler-not-in-zip', 'wrong-runtime', 'function-error', 'cannot-reach-s3', 'wrong-bucket-env', 'timeout', 'sharp-wrong-platform']),
    );
    expect(causes['trigger-not-firing']).toEqual(
      expect.arrayContaining(['no-notification', 'wrong-function-arn', 'wrong-events', 'filter-excludes-upload', 'permission-missing', 'permission-wrong-source', 'function-name-mismatch', 'function-failing']),
    );
  });

  it('describes every resource the runner needs, consistent with its JSON files', async () => {
    const { resources } = await loadLesson(REAL_LESSON_DIR);
    expect([resources.region, resources.accountId]).toEqual(['us-east-1', '000000000000']);
    expect(resources.services).toEqual(['s3', 'lambda']);
    expect(resources.credentials).toEqual({ accessKeyId: 'test', secretAccessKey: 'test' });
    expect(resources.bucket.name).toBe('product-images');
    expect(resources.bucket.arn).toBe('arn:aws:s3:::product-images');
    expect(resources.bucket.cors.value.CORSRules).toEqual([
      { AllowedHeaders: ['*'], AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE'], AllowedOrigins: ['*'], ExposeHeaders: ['ETag'] },
    ]);
    expect(resources.bucket.policy.value.Statement).toEqual([
      { Sid: 'PublicReadGetObject', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::product-images/*' },
    ]);
    expect(JSON.parse(resources.bucket.policy.text)).toEqual(resources.bucket.policy.value);
    expect(resources.role.name).toBe('lambda-image-processor-role');
    expect(resources.role.arn).toBe('arn:aws:iam::000000000000:role/lambda-image-processor-role');
    expect(resources.role.trustPolicy.value.Statement[0]).toMatchObject({ Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
    expect(resources.role.managedPolicyArns).toEqual(['arn:aws:iam::aws:policy/AmazonS3FullAccess']);
    expect(resources.function).toMatchObject({
      name: 'image-processor',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:image-processor',
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      sourceDir: 'lambda/image-processor',
      environment: { BUCKET_NAME: 'product-images' },
    });
    expect(resources.permission).toEqual({
      statementId: 's3-trigger',
      action: 'lambda:InvokeFunction',
      principal: 's3.amazonaws.com',
      sourceArn: 'arn:aws:s3:::product-images',
    });
    const [notification] = resources.notification.value.LambdaFunctionConfigurations;
    expect(notification.LambdaFunctionArn).toBe(resources.function.arn);
    expect(notification.Events).toEqual(['s3:ObjectCreated:*']);
    expect(filterOf(notification)).toEqual({ prefix: '', suffix: '.jpg' });
    expect(resources.invokeEvent.value.Records[0].s3).toMatchObject({ bucket: { name: 'product-images' }, object: { key: 'test.jpg' } });
    expect(resources.output).toEqual({
      prefix: 'processed/',
      maxWidth: { env: 'MAX_WIDTH', default: 800 },
      metadata: { processedBy: 'processed-by', originalKey: 'original-key' },
    });
  });

  it('gives the hand-typed commands exactly, with the files they use', async () => {
    const lesson = await loadLesson(REAL_LESSON_DIR);
    expect(lesson.files.map((file) => file.name)).toEqual(['cors.json', 'policy.json', 'trust-policy.json', 'notification.json', 'event.json']);
    for (const file of lesson.files) expect(file.text).toBe(readFileSync(join(REAL_LESSON_DIR, 'files', file.name), 'utf8'));

    expect(commandsOf(lesson, 'localstack')).toEqual(expect.arrayContaining(['docker compose up -d', 'awslocal s3 ls', 'awslocal lambda list-functions']));
    expect(lesson.steps[0].commands.find((command) => command.run === 'npx serverless-tutorial endpoint')?.variant).toBe('builtin');
    expect(commandsOf(lesson, 'bucket')).toEqual(
      expect.arrayContaining([
        'awslocal s3 mb s3://product-images',
        'awslocal s3api put-bucket-cors --bucket product-images --cors-configuration file://cors.json',
        'awslocal s3api put-bucket-policy --bucket product-images --policy file://policy.json',
      ]),
    );
    expect(commandsOf(lesson, 'function')).toEqual(
      expect.arrayContaining([
        'npx esbuild src/index.ts --bundle --platform=node --target=node20 --external:sharp --outfile=dist/index.js',
        '(cd dist && zip -r ../function.zip index.js node_modules)',
      ]),
    );
    expect(commandsOf(lesson, 'deploy')).toEqual(
      expect.arrayContaining([
        'awslocal iam create-role --role-name lambda-image-processor-role --assume-role-policy-document file://trust-policy.json',
        'awslocal iam attach-role-policy --role-name lambda-image-processor-role --policy-arn arn:aws:iam::aws:policy/AmazonS3FullAccess',
        'awslocal lambda wait function-active-v2 --function-name image-processor',
      ]),
    );
    const create = commandsOf(lesson, 'deploy').find((command) => command.includes('create-function'))!;
    for (const part of [
      '--function-name image-processor',
      '--runtime nodejs20.x',
      '--handler index.handler',
      '--role arn:aws:iam::000000000000:role/lambda-image-processor-role',
      '--zip-file fileb://lambda/image-processor/function.zip',
      '--environment "Variables={BUCKET_NAME=product-images}"',
    ]) {
      expect(create).toContain(part);
    }
    expect(commandsOf(lesson, 'invoke')).toEqual(
      expect.arrayContaining([
        'awslocal lambda invoke --function-name image-processor --cli-binary-format raw-in-base64-out --payload file://event.json out.json',
        'awslocal s3 ls s3://product-images/processed/',
      ]),
    );
    expect(commandsOf(lesson, 'trigger')).toEqual(
      expect.arrayContaining([
        'awslocal lambda add-permission --function-name image-processor --statement-id s3-trigger --action lambda:InvokeFunction --principal s3.amazonaws.com --source-arn arn:aws:s3:::product-images',
        'awslocal s3api put-bucket-notification-configuration --bucket product-images --notification-configuration file://notification.json',
        'awslocal s3 ls s3://product-images/processed/',
      ]),
    );
  });

  it('has its opening and closing pages and preparation list in both languages', async () => {
    const lesson = await loadLesson(REAL_LESSON_DIR);
    for (const term of ['サーバーレス', 'コールドスタート', 'イベント駆動', 'タイムアウト', 'API Gateway', 'DynamoDB', 'SQS', 'SNS', 'EventBridge', 'Step Functions', '確認ポイント', '準備', 'よくある問題']) {
      expect(lesson.pages.opening.ja).toContain(term);
    }
    for (const term of ['cold start', 'warm start', 'event-driven', 'Timeouts', 'Statelessness', 'API Gateway', 'EventBridge', 'Step Functions']) {
      expect(lesson.pages.opening.en).toContain(term);
    }
    for (const term of ['API Gateway', 'DynamoDB', 'SAM', 'CDK', 'Terraform']) {
      expect(lesson.pages.closing.ja).toContain(term);
      expect(lesson.pages.closing.en).toContain(term);
    }
    expect(lesson.preflight.map((entry) => entry.id)).toEqual(['aws-cli', 'awslocal', 'docker', 'docker-compose', 'docker-engine', 'endpoint-variable']);
    expect(lesson.preflight.find((entry) => entry.id === 'docker')!.howTo.ja).toContain('内蔵エンドポイント');
    expect(lesson.preflight.find((entry) => entry.id === 'awslocal')!.howTo.en).toContain('built-in endpoint');
  });
});

describe('the lesson compiled at build time', () => {
  it('is the lesson the YAML gives, placed wherever the package is installed', async () => {
    const lesson = await loadLesson(REAL_LESSON_DIR);
    const stored = JSON.stringify(compileLesson(lesson));
    expect(stored).not.toContain(REAL_LESSON_DIR);
    expect(lessonFromCompiled(stored, REAL_LESSON_DIR)).toEqual(lesson);
    const elsewhere = lessonFromCompiled(stored, '/opt/node_modules/serverless-tutorial/lessons/serverless-basics')!;
    expect(elsewhere.file).toBe('/opt/node_modules/serverless-tutorial/lessons/serverless-basics/lesson.yaml');
    expect(elsewhere.files.map((file) => file.path)).toEqual(lesson.files.map((file) => file.path.replace(REAL_LESSON_DIR, elsewhere.dir)));
  });

  it('is ignored when stored in another format (the YAML is read instead)', async () => {
    const stored = JSON.parse(JSON.stringify(compileLesson(await loadLesson(REAL_LESSON_DIR)))) as { format: number };
    stored.format += 1;
    expect(lessonFromCompiled(JSON.stringify(stored), REAL_LESSON_DIR)).toBeUndefined();
  });

  it('is in the build: dist/lessons/serverless-basics.json matches lessons/ (run npm run build after editing a lesson)', async () => {
    const built = readFileSync(join(packageRoot(), 'dist', 'lessons', 'serverless-basics.json'), 'utf8');
    expect(lessonFromCompiled(built, REAL_LESSON_DIR)).toEqual(await loadLesson(REAL_LESSON_DIR));
  });
});

describe('the lesson locator from an installed package', () => {
  it('finds lessons/ at the package root when running from dist/', async () => {
    const root = packageRoot();
    const install = mkdtempSync(join(tmpdir(), 'installed-'));
    try {
      // An installed package: package.json, lessons/ and dist/ side by side under node_modules.
      // dist/lesson/ is built here from src/ (as `npm run build` lays it out), so the test does
      // not depend on how fresh the checkout's dist/ is.
      const pkg = join(install, 'node_modules', 'serverless-tutorial');
      cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
      cpSync(join(root, 'lessons'), join(pkg, 'lessons'), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');
      await build({
        entryPoints: [join(root, 'src', 'lesson', 'index.ts')],
        outfile: join(pkg, 'dist', 'lesson', 'index.js'),
        bundle: true,
        packages: 'external',
        format: 'esm',
        platform: 'node',
        logLevel: 'silent',
      });
      const script = `import('${join(pkg, 'dist', 'lesson', 'index.js')}').then(async (m) => { const l = await m.loadDefaultLesson(); console.log(JSON.stringify({ root: m.packageRoot(), dir: l.dir, steps: l.steps.length })); })`;
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: install, timeout: 30_000 }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
        ),
      );
      expect(JSON.parse(out)).toEqual({ root: pkg, dir: join(pkg, 'lessons', 'serverless-basics'), steps: 6 });
    } finally {
      rmSync(install, { recursive: true, force: true });
    }
  });
});
