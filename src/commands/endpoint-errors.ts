// Why the built-in endpoint could not start, said for a person: a busy port. (System errors such as
// EACCES or ENOTFOUND are explained where every command's errors are: failures/system-error.ts.)
import { PortInUseError } from '../endpoint/server.js';
import { UserFacingError } from '../errors.js';

/** Turns the expected start-up failures into UserFacingErrors (exit 2); anything else is returned as is. */
export function explainStartError(error: unknown): unknown {
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
  return error;
}
