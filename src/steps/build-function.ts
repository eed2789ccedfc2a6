// Step 3: bundle the function with esbuild and package it with sharp for where it will run, as a
// deterministic zip in <state-dir>/build/. Says whose code it built (the learner's or the reference).
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserFacingError } from '../errors.js';
import { locateFunctionSource, packageFunction, type FunctionOrigin } from './packaging/index.js';
import { buildDir, StepFailure, type StepAction, type StepContext } from './context.js';
import { LABEL } from '../checks/evidence-labels.js';
import { packageDigest, rememberWritten, removeWritten } from './package-digests.js';

const ORIGIN_TEXT: Record<FunctionOrigin, { en: string; ja: string }> = {
  'function-dir': { en: 'your function (--function-dir)', ja: 'あなたの関数 (--function-dir)' },
  'working-directory': { en: 'your own copy of the function', ja: 'あなたが書いた関数' },
  reference: { en: 'the reference function that ships with the runner', ja: 'ランナー付属の参照実装' },
};

/** Evidence label of a failed build that removed the previous one (flow.ts reports it). */
export const REMOVED_BUILD_LABEL = 'previous build removed';

export function zipPathOf(ctx: StepContext): string {
  return join(buildDir(ctx.stateDir), ctx.lesson.resources.function.zipFile);
}

export const buildFunction: StepAction = async (ctx) => {
  const fn = ctx.lesson.resources.function;
  const zipPath = zipPathOf(ctx);
  const before = packageDigest(zipPath)?.codeSha256;
  try {
    const source = locateFunctionSource({ functionPath: fn.sourceDir, cwd: ctx.cwd, functionDir: ctx.functionDir });
    // Which function, not where the runner keeps it: the path of its own copy says nothing to a learner.
    const what = ORIGIN_TEXT[source.origin];
    const where = source.origin === 'reference' ? undefined : relative(ctx.cwd, source.dir) || '.';
    ctx.onProgress?.({
      phase: { en: `bundling ${what.en}${where ? ` (${where})` : ''} with esbuild`, ja: `${what.ja}${where ? ` (${where})` : ''} を esbuild でまとめています` },
    });
    const built = await packageFunction({
      sourceDir: source.dir,
      entry: source.entry,
      outDir: buildDir(ctx.stateDir),
      zipName: fn.zipFile,
      arch: ctx.arch,
      platform: 'linux',
      target: ctx.endpoint.kind === 'builtin' ? 'builtin' : 'localstack',
    });
    rememberWritten(built.zipPath, built.codeSha256);
    const unchanged = before === built.codeSha256;
    const origin = ORIGIN_TEXT[source.origin];
    const sharp = `sharp ${built.sharp.version} ${built.sharp.platform}-${built.sharp.arch}`;
    const size = `${(built.zipBytes / 1024 / 1024).toFixed(1)} MiB`;
    return {
      changes: [
        {
          resource: fn.zipFile,
          state: unchanged ? 'unchanged' : before ? 'updated' : 'created',
          note: {
            en: `built ${origin.en} (${source.dir}) → ${built.zipPath}, ${size}, ${sharp}${unchanged ? '; same as before' : ''}`,
            ja: `${origin.ja} (${source.dir}) をビルドしました → ${built.zipPath}、${size}、${sharp}${unchanged ? '。前回と同じ内容です' : ''}`,
          },
        },
      ],
      // bundleMs: how long esbuild took, kept for bench/lesson-run.mjs.
      details: { codeSha256: built.codeSha256, zipBytes: built.zipBytes, bundleMs: Math.round(built.timings.bundleMs), functionSource: source.origin, sharpArch: built.sharp.arch },
    };
  } catch (error) {
    // A failed build leaves no artefact behind: the previous one would otherwise be reported (and
    // deployed) as if this build had made it.
    const removed = existsSync(zipPath) ? (removeWritten(zipPath), zipPath) : undefined;
    if (error instanceof UserFacingError) {
      throw new StepFailure(error.text, 'lambda-not-executing', [{ label: LABEL.build, value: error.text }, ...(removed ? [{ label: REMOVED_BUILD_LABEL, value: removed }] : [])]);
    }
    throw error;
  }
};
