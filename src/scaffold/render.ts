// Everything `init` writes, rendered from the lesson: the hand scripts (templates in
// lessons/<id>/scaffold/ with @@NAME@@ placeholders filled from lesson.yaml), the JSON files the
// commands use, a test image, a copy of the reference function to build and change, and the
// docker-compose.yml that starts LocalStack.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Lesson } from '../lesson/index.js';
import { packageRoot } from '../lesson/index.js';
import { makeTestJpeg } from '../aws/objects.js';
import { LESSON_SCRIPTS, SCRIPTS_DIR } from './lesson-scripts.js';

export interface ScaffoldFile {
  /** Relative to the project directory, with `/` separators. */
  path: string;
  content: string | Buffer;
  executable?: boolean;
}

/** Quotes a value for bash only when it needs it (the lesson's names never do, but a lesson may). */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:=,@+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function scriptPlaceholders(lesson: Lesson): Record<string, string> {
  const r = lesson.resources;
  const fn = r.function;
  const eventKey = r.invokeEvent.value.Records[0]?.s3.object.key ?? 'test.jpg';
  return {
    ACCESS_KEY_ID: shellWord(r.credentials.accessKeyId),
    SECRET_ACCESS_KEY: shellWord(r.credentials.secretAccessKey),
    REGION: shellWord(r.region),
    BUCKET: shellWord(r.bucket.name),
    CORS_FILE: r.bucket.cors.file,
    POLICY_FILE: r.bucket.policy.file,
    TRUST_FILE: r.role.trustPolicy.file,
    NOTIFICATION_FILE: r.notification.file,
    EVENT_FILE: r.invokeEvent.file,
    EVENT_KEY: shellWord(eventKey),
    OUTPUT_PREFIX: r.output.prefix,
    FUNCTION: shellWord(fn.name),
    ROLE: shellWord(r.role.name),
    ROLE_ARN: shellWord(r.role.arn),
    SOURCE_DIR: fn.sourceDir,
    ENTRY: shellWord(fn.entry),
    ZIP_FILE: fn.zipFile,
    RUNTIME: shellWord(fn.runtime),
    HANDLER: shellWord(fn.handler),
    TIMEOUT: String(fn.timeout),
    MEMORY: String(fn.memorySize),
    ENVIRONMENT: `Variables={${Object.entries(fn.environment).map(([k, v]) => `${k}=${v}`).join(',')}}`,
    ATTACH_POLICIES: r.role.managedPolicyArns.map((arn) => `awsl iam attach-role-policy --role-name "$ROLE" --policy-arn ${shellWord(arn)}`).join('\n'),
    STATEMENT_ID: shellWord(r.permission.statementId),
    ACTION: shellWord(r.permission.action),
    PRINCIPAL: shellWord(r.permission.principal),
    SOURCE_ARN: shellWord(r.permission.sourceArn),
  };
}

export function fillTemplate(template: string, values: Record<string, string>, name: string): string {
  const filled = template.replace(/@@([A-Z_]+)@@/g, (whole, key: string) => {
    if (!(key in values)) throw new Error(`${name}: unknown placeholder ${whole}`);
    return values[key];
  });
  return filled;
}

export function renderScripts(lesson: Lesson): ScaffoldFile[] {
  const dir = join(lesson.dir, 'scaffold');
  const values = scriptPlaceholders(lesson);
  values.PREAMBLE = fillTemplate(readFileSync(join(dir, 'preamble.sh'), 'utf8').trimEnd(), values, 'preamble.sh');
  return LESSON_SCRIPTS.map((name) => ({
    path: `${SCRIPTS_DIR.split('\\').join('/')}/${name}`,
    content: fillTemplate(readFileSync(join(dir, name), 'utf8'), values, name),
    executable: true,
  }));
}

/** The reference function's source, package.json (plus esbuild, which the scripts build with) and a standalone tsconfig. */
export function renderFunctionSource(lesson: Lesson): ScaffoldFile[] {
  const root = packageRoot();
  const sourceDir = lesson.resources.function.sourceDir;
  const reference = join(root, sourceDir);
  const files: ScaffoldFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.push({ path: `${sourceDir}/${relative(reference, full).split('\\').join('/')}`, content: readFileSync(full) });
    }
  };
  walk(join(reference, 'src'));

  const manifest = JSON.parse(readFileSync(join(reference, 'package.json'), 'utf8')) as Record<string, unknown>;
  const runnerManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const esbuild = runnerManifest.dependencies?.esbuild;
  const devDependencies = { ...(manifest.devDependencies as Record<string, string> | undefined), ...(esbuild ? { esbuild } : {}) };
  files.push({ path: `${sourceDir}/package.json`, content: `${JSON.stringify({ ...manifest, devDependencies }, null, 2)}\n` });
  // The reference's tsconfig extends the runner's own; a learner's project has none, so stand alone.
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['src'],
  };
  files.push({ path: `${sourceDir}/tsconfig.json`, content: `${JSON.stringify(tsconfig, null, 2)}\n` });
  files.push({ path: `${sourceDir}/.gitignore`, content: `node_modules/\ndist/\n${lesson.resources.function.zipFile}\n` });
  return files;
}

export async function renderScaffold(lesson: Lesson): Promise<ScaffoldFile[]> {
  const eventKey = lesson.resources.invokeEvent.value.Records[0]?.s3.object.key ?? 'test.jpg';
  return [
    ...renderScripts(lesson),
    ...lesson.files.map((f) => ({ path: f.name, content: f.text })),
    { path: eventKey, content: await makeTestJpeg() },
    ...renderFunctionSource(lesson),
    // `docker compose up -d` (step 1, with Docker) reads it from the learner's folder.
    { path: 'docker-compose.yml', content: readFileSync(join(packageRoot(), 'docker-compose.yml')) },
  ];
}
