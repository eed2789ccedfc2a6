// Bundling the handler with esbuild into one CommonJS `index.js` (handler string `index.handler`).
// sharp stays external: it loads native binaries by path, so it ships beside the bundle as
// node_modules/sharp. The S3 client is bundled in: nodejs20.x on AWS and LocalStack's image do
// provide an SDK v3, but of their own version, and the built-in endpoint runs the unpacked code
// from a directory with no node_modules above it, so a self-contained bundle behaves the same on
// all three.
import { build, type Message } from 'esbuild';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { FunctionBuildError } from './errors.js';

export interface BundleResult {
  code: Buffer;
  /** esbuild's warnings, formatted (e.g. an import it could not analyse). */
  warnings: string[];
  /** Absolute paths of every file esbuild read into the bundle (its metafile's inputs). */
  inputs: string[];
}

export interface BundleOptions {
  sourceDir: string;
  /** Entry file relative to sourceDir. */
  entry: string;
  /** Where packages not installed beside the source are looked up (the runner's node_modules). */
  fallbackNodeModules: string[];
}

export const EXTERNAL_PACKAGES = ['sharp'];

export async function bundleHandler(options: BundleOptions): Promise<BundleResult> {
  const entryPath = join(options.sourceDir, options.entry);
  if (!existsSync(entryPath)) {
    throw new FunctionBuildError(options.sourceDir, `the entry file ${options.entry} does not exist`, `エントリーファイル ${options.entry} がありません`);
  }
  try {
    const result = await build({
      entryPoints: [entryPath],
      // Paths in the bundle's comments are relative to this, not to wherever the repo is checked out.
      absWorkingDir: options.sourceDir,
      nodePaths: options.fallbackNodeModules,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: EXTERNAL_PACKAGES,
      outfile: join(options.sourceDir, '.bundle', 'index.js'), // a name only: write is false
      write: false,
      sourcemap: false, // no map in the zip: stack traces point into index.js, which is readable
      minify: false,
      legalComments: 'none',
      charset: 'utf8',
      logLevel: 'silent',
      metafile: true, // the inputs: what bundle-cache.ts watches to know the bundle is still current
    });
    const output = result.outputFiles.find((file) => file.path.endsWith('index.js'));
    if (!output) throw new Error('esbuild produced no index.js');
    return {
      code: Buffer.from(output.contents),
      warnings: result.warnings.map((m) => formatMessage(m, options.sourceDir)),
      inputs: Object.keys(result.metafile.inputs).map((input) => resolve(options.sourceDir, input)),
    };
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const text = errors.map((m) => formatMessage(m, options.sourceDir)).join('\n');
      throw new FunctionBuildError(options.sourceDir, `esbuild reported ${errors.length} error(s):\n${text}`, `esbuild のエラー ${errors.length} 件:\n${text}`);
    }
    throw error;
  }
}

/** `src/index.ts:12:4: Could not resolve "shrap"`: the place and esbuild's words. */
function formatMessage(message: Message, sourceDir: string): string {
  const where = message.location ? `${relative(sourceDir, join(sourceDir, message.location.file))}:${message.location.line}:${message.location.column}: ` : '';
  return `${where}${message.text}`;
}
