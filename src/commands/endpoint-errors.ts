// Why the built-in endpoint could not start, said for a person: a busy port, its data already
// served by another process, or a data directory it cannot write to (found by writing a probe
// file at start). Other system errors (ENOTFOUND …) are explained where every command's errors
// are: failures/system-error.ts.
import { PortInUseError } from '../endpoint/server.js';
import { DataDirLockedError } from '../endpoint/store/lock.js';
import { DirectoryNotWritableError } from '../endpoint/store/writable.js';
import { UserFacingError } from '../errors.js';
import { runnerCommand } from '../config/invocation.js';

/**
 * Turns the expected start-up failures into UserFacingErrors (exit 2); anything else is returned
 * as is. `dirOption` is the option that chooses the directory (`endpoint`: --data-dir; the
 * lesson commands with --embedded: --state-dir).
 */
export function explainStartError(error: unknown, dirOption: '--data-dir' | '--state-dir' = '--data-dir'): unknown {
  if (error instanceof DirectoryNotWritableError) {
    const { what, fix } = error.reason;
    const { dir, wanted } = error;
    return new UserFacingError({
      en:
        `Cannot write to ${dir} (${what.en})${wanted === dir ? '' : `, so ${wanted} cannot be created`}.\n` +
        `The built-in endpoint keeps your buckets, functions and logs in ${wanted}, so it must be able to write there.\n` +
        `To fix: ${fix.en}, or use another directory with ${dirOption} DIR.`,
      ja:
        `${dir} に書き込めません (${what.ja})。${wanted === dir ? '' : `そのため ${wanted} を作成できません。`}\n` +
        `内蔵エンドポイントはバケット・関数・ログを ${wanted} に保存するので、そこに書き込める必要があります。\n` +
        `対処: ${fix.ja}か、${dirOption} DIR で別のディレクトリを指定してください。`,
    });
  }
  if (error instanceof PortInUseError) {
    return new UserFacingError({
      en:
        `Port ${error.port} on ${error.host} is already in use, so the built-in endpoint cannot start there.\n` +
        `LocalStack or another built-in endpoint may already be running: check with\n` +
        `  curl http://localhost:${error.port}/_localstack/health\n` +
        `or start on another port: ${runnerCommand(`endpoint --port ${error.port === 4566 ? 4567 : error.port + 1}`)}`,
      ja:
        `ポート ${error.port} (${error.host}) はすでに使われているため、内蔵エンドポイントを起動できません。\n` +
        `LocalStack か別の内蔵エンドポイントが動いているかもしれません。次で確認できます:\n` +
        `  curl http://localhost:${error.port}/_localstack/health\n` +
        `別のポートで起動する場合: ${runnerCommand(`endpoint --port ${error.port === 4566 ? 4567 : error.port + 1}`)}`,
    });
  }
  if (error instanceof DataDirLockedError) return explainLocked(error);
  return error;
}

/** One endpoint per data folder: name the other one, how to use it and how to stop it. */
function explainLocked(error: DataDirLockedError): UserFacingError {
  const { owner, dataDir } = error;
  const where = owner.url ?? (owner.port ? `port ${owner.port}` : undefined);
  const by = owner.role === 'endpoint' ? { en: '`serverless-tutorial endpoint`', ja: '`serverless-tutorial endpoint`' } : { en: 'a command run with --embedded', ja: '--embedded 付きのコマンド' };
  const use = owner.url
    ? { en: `To use that one, point your commands at it: --endpoint ${owner.url} without --embedded (or export AWS_ENDPOINT_URL=${owner.url}).\n`, ja: `それを使うには、コマンドの接続先をそこにしてください: --embedded なしで --endpoint ${owner.url} (または export AWS_ENDPOINT_URL=${owner.url})。\n` }
    : { en: '', ja: '' };
  return new UserFacingError({
    en:
      `The built-in endpoint's data in ${dataDir} is already served by process ${owner.pid}${where ? ` at ${where}` : ' (still starting)'}, started by ${by.en}.\n` +
      `Only one endpoint may use a data folder, so that they cannot drift apart.\n` +
      use.en +
      `Or stop it first: Ctrl+C in its terminal (or kill ${owner.pid}).`,
    ja:
      `内蔵エンドポイントのデータ ${dataDir} は、すでにプロセス ${owner.pid}${where ? ` (${where})` : ' (起動中)'} が使っています (${by.ja} で起動)。\n` +
      `ずれが生じないよう、1 つのデータフォルダーを使えるエンドポイントは 1 つだけです。\n` +
      use.ja +
      `または先にそれを止めてください: そのターミナルで Ctrl+C (または kill ${owner.pid})。`,
  });
}
