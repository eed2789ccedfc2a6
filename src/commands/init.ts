// `serverless-tutorial init [DIR]`: writes the lesson's hand scripts, the JSON files their commands
// use, a test image and a copy of the function into a project, for learners who type the lesson
// themselves. Never overwrites: a file that exists is left alone and listed as skipped.
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommonOptions, ProgramIo } from './options.js';
import { resolveLang } from '../config/language.js';
import { loadDefaultLesson } from '../lesson/index.js';
import { renderScaffold } from '../scaffold/render.js';
import { SCRIPTS_DIR } from '../scaffold/lesson-scripts.js';
import { EXIT_OK } from '../errors.js';
import { envApplyLine } from '../config/shell-env.js';
import { runnerCommand } from '../config/invocation.js';
import { requireDirectoryPath } from '../config/paths.js';
import { ensureDirectory } from '../fs/directories.js';

export interface InitResult {
  dir: string;
  written: string[];
  skipped: string[];
}

export async function writeScaffold(dir: string): Promise<InitResult> {
  const lesson = await loadDefaultLesson();
  const files = await renderScaffold(lesson);
  const written: string[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const target = join(dir, file.path);
    if (existsSync(target)) {
      skipped.push(file.path);
      continue;
    }
    ensureDirectory(dirname(target));
    // 'wx': a file that appeared meanwhile is still never overwritten.
    writeFileSync(target, file.content, { flag: 'wx' });
    if (file.executable) chmodSync(target, 0o755);
    written.push(file.path);
  }
  return { dir, written, skipped };
}

export interface InitOptions extends CommonOptions {
  dir?: string;
}

export async function initCommand(options: InitOptions, io: ProgramIo): Promise<number> {
  const lang = resolveLang(options.lang);
  const dir = requireDirectoryPath(options.dir ?? '.', { en: 'The project directory', ja: 'プロジェクトのディレクトリ' });
  const result = await writeScaffold(dir);
  const ja = lang === 'ja';
  const lines: string[] = [];
  if (result.written.length > 0) {
    lines.push(ja ? `${dir} に ${result.written.length} 個のファイルを書き込みました:` : `Wrote ${result.written.length} files into ${dir}:`);
    for (const path of result.written) lines.push(`  + ${path}`);
  }
  if (result.skipped.length > 0) {
    lines.push(ja ? `既にある ${result.skipped.length} 個のファイルはそのままにしました (上書きしません):` : `Left ${result.skipped.length} existing files as they are (init never overwrites):`);
    for (const path of result.skipped) lines.push(`  = ${path}`);
  }
  const scripts = SCRIPTS_DIR.split('\\').join('/');
  const env = envApplyLine({ ...(options.endpoint ? { endpoint: options.endpoint } : {}) });
  const check = runnerCommand('check');
  lines.push('');
  lines.push(
    ja
      ? `次に: この端末を接続先に合わせて設定し (${env})、ステップの画面のコマンドを順に打つか、${scripts}/ のスクリプトを create-s3-bucket.sh → deploy-lambda.sh → test-lambda.sh → setup-s3-trigger.sh の順に実行して、${check} で確かめます。`
      : `Next: set this terminal up for the endpoint (${env}), then type the steps' commands, or run ${scripts}/create-s3-bucket.sh, deploy-lambda.sh, test-lambda.sh, setup-s3-trigger.sh in that order; ${check} confirms the result.`,
  );
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT_OK;
}
