// `serverless-tutorial endpoint`: the built-in endpoint in the foreground, until Ctrl+C.
import { relative } from 'node:path';
import type { EndpointCommandOptions, ProgramIo } from '../program.js';
import { resolveLang } from '../config/language.js';
import { endpointDataDir, resolveStateDir } from '../config/state-dir.js';
import { startEndpoint, PortInUseError, type RequestLogEntry } from '../endpoint/server.js';
import { CorruptStateError } from '../endpoint/store/atomic.js';
import { UserFacingError, EXIT_OK } from '../errors.js';
import { say } from '../i18n/text.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function endpointCommand(options: EndpointCommandOptions, io: ProgramIo): Promise<number> {
  const lang = resolveLang(options.lang);
  const dataDir = options.dataDir ?? endpointDataDir(resolveStateDir(options.stateDir));
  let endpoint;
  try {
    endpoint = await startEndpoint({
      dataDir,
      host: options.host,
      port: options.port,
      onRequest: (entry) => io.stdout(formatRequest(entry)),
    });
  } catch (error) {
    if (error instanceof PortInUseError) {
      throw new UserFacingError({
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
      throw new UserFacingError({
        en: `${error.message}`,
        ja:
          `内蔵エンドポイントの保存ファイル ${error.file} が読めません (${error.reason})。\n` +
          `このファイルを別の場所へ移すか削除すると、空の状態から始められます。ほかのファイルには触れていません。`,
      });
    }
    throw error;
  }

  const fromHere = relative(process.cwd(), endpoint.dataDir) || '.';
  const shownDir = fromHere.startsWith('..') ? endpoint.dataDir : fromHere;
  io.stdout(
    say(lang, {
      en:
        `Built-in endpoint ready: ${endpoint.url}\n` +
        `  data: ${shownDir}\n` +
        `  use it from another terminal: export AWS_ENDPOINT_URL=${endpoint.url}\n` +
        `  (awslocal and the AWS SDKs read AWS_ENDPOINT_URL; or aws --endpoint-url ${endpoint.url} …)\n` +
        `Press Ctrl+C to stop.\n`,
      ja:
        `内蔵エンドポイントを起動しました: ${endpoint.url}\n` +
        `  データ: ${shownDir}\n` +
        `  別のターミナルから使うには: export AWS_ENDPOINT_URL=${endpoint.url}\n` +
        `  (awslocal と AWS SDK は AWS_ENDPOINT_URL を読みます。または aws --endpoint-url ${endpoint.url} …)\n` +
        `止めるには Ctrl+C を押してください。\n`,
    }),
  );
  if (!LOOPBACK.has(endpoint.host)) {
    io.stderr(
      say(lang, {
        en: `Warning: listening on ${endpoint.host}, so other machines on your network can reach this endpoint.\n`,
        ja: `注意: ${endpoint.host} で待ち受けているため、同じネットワークの他のマシンからも接続できます。\n`,
      }),
    );
  }

  await waitForStopSignal();
  await endpoint.close();
  io.stdout(say(lang, { en: 'Stopped. Your data is kept for next time.\n', ja: '停止しました。データは次回のために保存されています。\n' }));
  return EXIT_OK;
}

function waitForStopSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function formatRequest(entry: RequestLogEntry): string {
  const what = entry.operation ? `${entry.service}.${entry.operation}` : entry.service;
  return `${new Date().toISOString().slice(11, 19)} ${what} ${entry.method} ${entry.path} → ${entry.status} (${Math.round(entry.durationMs)} ms)\n`;
}
