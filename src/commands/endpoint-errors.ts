// Why the built-in endpoint could not start, said for a person: a busy port, or its data already
// served by another process. (System errors such as EACCES or ENOTFOUND are explained where every
// command's errors are: failures/system-error.ts.)
import { PortInUseError } from '../endpoint/server.js';
import { DataDirLockedError } from '../endpoint/store/lock.js';
import { UserFacingError } from '../errors.js';
import { runnerCommand } from '../config/invocation.js';

/** Turns the expected start-up failures into UserFacingErrors (exit 2); anything else is returned as is. */
export function explainStartError(error: unknown): unknown {
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
