// `serverless-tutorial endpoint`: the built-in endpoint in the foreground, until Ctrl+C.
import { relative } from 'node:path';
import type { CommonOptions, ProgramIo } from './options.js';
import { resolveLang } from '../config/language.js';
import { endpointDataDir, resolveStateDir } from '../config/state-dir.js';
import { requireDirectoryPath } from '../config/paths.js';
import { startEndpoint, type RequestLogEntry } from '../endpoint/server.js';
import { EXIT_OK, UserFacingError } from '../errors.js';
import { explainStartError } from './endpoint-errors.js';
import { repairText } from '../endpoint/store/repairs.js';
import { say } from '../i18n/text.js';

export interface EndpointOptions extends CommonOptions {
  host: string;
  port: number;
  dataDir?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function endpointCommand(options: EndpointOptions, io: ProgramIo): Promise<number> {
  const lang = resolveLang(options.lang);
  if (options.host.trim() === '') {
    throw new UserFacingError({
      en: '--host is empty: give the address to listen on, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every network).',
      ja: '--host が空です。待ち受けるアドレスを指定してください (例: 127.0.0.1 はこのマシンのみ、0.0.0.0 はすべてのネットワーク)。',
    });
  }
  const dataDir =
    options.dataDir !== undefined
      ? requireDirectoryPath(options.dataDir, { en: '--data-dir', ja: '--data-dir' })
      : endpointDataDir(resolveStateDir(options.stateDir));
  let endpoint;
  try {
    endpoint = await startEndpoint({
      dataDir,
      host: options.host,
      port: options.port,
      onRequest: (entry) => io.stdout(formatRequest(entry)),
    });
  } catch (error) {
    throw explainStartError(error);
  }

  // Listen for Ctrl+C before saying "ready": a signal that came between the two would kill the
  // process without stopping the endpoint cleanly.
  const stopped = waitForStopSignal();
  for (const repair of endpoint.repairs) io.stderr(`${say(lang, repairText(repair))}\n`);
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

  await stopped;
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
