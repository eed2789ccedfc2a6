// Why the built-in endpoint could not start, said for a person: a busy port or a damaged state file.
import { PortInUseError } from '../endpoint/server.js';
import { CorruptStateError } from '../endpoint/store/atomic.js';
import { DirectoryNotWritableError } from '../endpoint/store/writable.js';
import { UserFacingError } from '../errors.js';

/**
 * Turns the expected start-up failures into UserFacingErrors (exit 2); anything else is returned
 * as is. `dirOption` is the option that chooses the directory (`endpoint`: --data-dir; the
 * lesson commands with --embedded: --state-dir).
 */
export function explainStartError(error: unknown, dirOption: '--data-dir' | '--state-dir' = '--data-dir'): unknown {
  if (error instanceof DirectoryNotWritableError) {
    const { what, fix } = error.reason;
    return new UserFacingError({
      en:
        `Cannot write to ${error.dir} (${what.en}).\n` +
        `The built-in endpoint keeps your buckets, functions and logs there, so it must be able to write to it.\n` +
        `To fix: ${fix.en}, or use another directory with ${dirOption} DIR.`,
      ja:
        `${error.dir} に書き込めません (${what.ja})。\n` +
        `内蔵エンドポイントはバケット・関数・ログをここに保存するので、書き込める必要があります。\n` +
        `対処: ${fix.ja}か、${dirOption} DIR で別のディレクトリを指定してください。`,
    });
  }
  if (error instanceof PortInUseError) {
    return new UserFacingError({
      en:
        `Port ${error.port} on ${error.host} is already in use, so the built-in endpoint cannot start there.\n` +
        `LocalStack or another built-in endpoint may already be running: check with\n` +
        `  curl http://localhost:${error.port}/_localstack/health\n` +
        `or start on another port: serverless-tutorial endpoint --port ${error.port === 4566 ? 4567 : error.port + 1}`,
      ja:
        `ポート ${error.port} (${error.host}) はすでに使われているため、内蔵エンドポイントを起動できません。\n` +
        `LocalStack か別の内蔵エンドポイントが動いているかもしれません。次で確認できます:\n` +
        `  curl http://localhost:${error.port}/_localstack/health\n` +
        `別のポートで起動する場合: serverless-tutorial endpoint --port ${error.port === 4566 ? 4567 : error.port + 1}`,
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
