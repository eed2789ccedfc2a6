// Packaging failures a person can act on, each with a message in both languages.
import { EXIT_CHECK_FAILED, EXIT_USAGE, UserFacingError } from '../../errors.js';
import type { SharpTarget } from './sharp-target.js';

/**
 * sharp for the function's platform could not be provided: the runner's own copy is missing, or
 * `npm install` for another platform/arch failed (offline, registry error). Exit code 2: the
 * environment needs fixing, not the learner's code.
 */
export class SharpInstallError extends UserFacingError {
  constructor(
    readonly target: SharpTarget,
    readonly version: string,
    /** What failed, in one line (npm's last error lines, or the missing package). */
    readonly detail: string,
    /** Where the download would have been cached. */
    readonly cacheDir: string | undefined,
    /** `detail` in Japanese (npm's own words stay as npm wrote them). */
    readonly detailJa: string = detail,
  ) {
    const name = describeTarget(target);
    const cacheNote = cacheDir ? ` (downloaded once into ${cacheDir})` : '';
    const cacheNoteJa = cacheDir ? `（ダウンロードは一度だけで、${cacheDir} に保存されます）` : '';
    super(
      {
        en:
          `Could not get sharp ${version} for ${name}, which the function needs to run there: ${detail}. ` +
          `Connect to the network and run the step again${cacheNote}, ` +
          `or use the built-in endpoint (--embedded), which runs the function with the sharp installed with this tool.`,
        ja:
          `関数の実行に必要な sharp ${version}（${name} 用）を用意できませんでした: ${detailJa}。` +
          `ネットワークに接続してからもう一度このステップを実行してください${cacheNoteJa}。` +
          `または、このツールに同梱の sharp で関数を動かす内蔵エンドポイント（--embedded）を使ってください。`,
      },
      EXIT_USAGE,
    );
    this.name = 'SharpInstallError';
  }
}

/** The function's own code could not be found or bundled. Exit code 1: the step failed. */
export class FunctionBuildError extends UserFacingError {
  constructor(
    readonly sourceDir: string,
    /** What is wrong, already readable (esbuild's messages, or the missing file). */
    readonly detail: string,
    readonly detailJa: string = detail,
  ) {
    super(
      {
        en: `Could not build the function in ${sourceDir}: ${detail}`,
        ja: `${sourceDir} の関数をビルドできませんでした: ${detailJa}`,
      },
      EXIT_CHECK_FAILED,
    );
    this.name = 'FunctionBuildError';
  }
}

/** A problem in the installed packages the zip is made from (broken install, symlink loop). */
export class PackageContentError extends UserFacingError {
  constructor(readonly detail: string) {
    super(
      {
        en: `Could not assemble the deployment package: ${detail}. Reinstalling the tool's dependencies (npm install) usually fixes this.`,
        ja: `デプロイパッケージを組み立てられませんでした: ${detail}。ツールの依存関係を入れ直す（npm install）と多くの場合直ります。`,
      },
      EXIT_USAGE,
    );
    this.name = 'PackageContentError';
  }
}

export function describeTarget(target: SharpTarget): string {
  return `${target.platform}-${target.arch}${target.libc ? ` (${target.libc})` : ''}`;
}
