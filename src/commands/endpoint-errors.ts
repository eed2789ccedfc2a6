// Why the built-in endpoint could not start, said for a person: a busy port or a damaged state file.
import { PortInUseError } from '../endpoint/server.js';
import { CorruptStateError } from '../endpoint/store/atomic.js';
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
  if (error instanceof CorruptStateError) {
    return new UserFacingError({
      en: `${error.message}`,
      ja:
        `内蔵エンドポイントの保存ファイル ${error.file} が読めません (${error.reason})。\n` +
        `このファイルを別の場所へ移すか削除すると、空の状態から始められます。ほかのファイルには触れていません。`,
    });
  }
  return error;
}
