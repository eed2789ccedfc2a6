// `serverless-tutorial endpoint`: the built-in endpoint in the foreground, until Ctrl+C.
import { relative } from 'node:path';
import type { CommonOptions, ProgramIo } from './options.js';
import { resolveLang, type Lang } from '../config/language.js';
import { endpointAccess } from '../config/endpoint-access.js';
import { endpointDataDir, resolveStateDir } from '../config/state-dir.js';
import { requireDirectoryPath } from '../config/paths.js';
import { PortInUseError, type RequestLogEntry } from '../endpoint/server.js';
import { startLockedEndpoint } from '../endpoint/embedded.js';
import { EXIT_OK, UserFacingError } from '../errors.js';
import { explainStartError } from './endpoint-errors.js';
import { explainBusyPort } from './endpoint-address.js';
import { repairText } from '../endpoint/store/repairs.js';
import { say } from '../i18n/text.js';
import { envApplyLine } from '../config/shell-env.js';
import { exposureWarning } from './endpoint-exposure.js';
import { waitForStopSignal } from '../process/stop-signal.js';

export interface EndpointOptions extends CommonOptions {
  host: string;
  port: number;
  dataDir?: string;
}

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
    // One endpoint per data folder: a second one on the same data refuses, naming the first.
    endpoint = await startLockedEndpoint({
      dataDir,
      host: options.host,
      port: options.port,
      role: 'endpoint',
      onRequest: (entry) => io.stdout(formatRequest(entry, lang)),
      ...endpointAccess(options),
    });
  } catch (error) {
    if (error instanceof PortInUseError) throw await explainBusyPort(error.host, error.port);
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
        `  set up another terminal for it with:\n` +
        `    ${envApplyLine({ endpoint: endpoint.url })}\n` +
        `  (AWS_ENDPOINT_URL, LocalStack's test keys, the region, and an awslocal if you have none)\n` +
        `Press Ctrl+C to stop.\n`,
      ja:
        `内蔵エンドポイントを起動しました: ${endpoint.url}\n` +
        `  データ: ${shownDir}\n` +
        `  別のターミナルから使うには、そのターミナルで次を実行します:\n` +
        `    ${envApplyLine({ endpoint: endpoint.url })}\n` +
        `  (AWS_ENDPOINT_URL、LocalStack のテスト用キー、リージョン、awslocal がなければ代わりの関数を設定します)\n` +
        `止めるには Ctrl+C を押してください。\n`,
    }),
  );
  const warning = exposureWarning(endpoint.host, endpoint.port, endpointAccess(options).allowedOrigins);
  if (warning) io.stderr(say(lang, warning));

  await stopped;
  await endpoint.close();
  io.stdout(say(lang, { en: 'Stopped. Your data is kept for next time.\n', ja: '停止しました。データは次回のために保存されています。\n' }));
  return EXIT_OK;
}

function formatRequest(entry: RequestLogEntry, lang: Lang): string {
  const what = entry.operation ? `${entry.service}.${entry.operation}` : entry.service;
  const note = entry.note ? ` ${say(lang, entry.note)}` : '';
  return `${new Date().toISOString().slice(11, 19)} ${what} ${entry.method} ${entry.path} → ${entry.status} (${Math.round(entry.durationMs)} ms)${note}\n`;
}
