// `--embedded`: the built-in endpoint on the endpoint's own address (4566 unless --endpoint,
// AWS_ENDPOINT_URL or LOCALSTACK_HOST say another), never silently somewhere else. What already
// answers there decides: the built-in endpoint of another terminal or LocalStack is used (and the
// person is told), anything else stops the command with what it is (exit 2).
import type { ResolvedEndpoint } from '../config/endpoint.js';
import { readHealth } from '../aws/health.js';
import { startLockedEndpoint, type EmbeddedAccess } from '../endpoint/embedded.js';
import type { RunningEndpoint } from '../endpoint/server.js';
import { DataDirLockedError, liveLockOwner, type LockOwner } from '../endpoint/store/lock.js';
import { hostPortOf, loopbackBindHost, probeTcp } from '../troubleshoot/probes/tcp.js';
import { findPortOwner, type PortOwner } from '../troubleshoot/probes/port-owner.js';
import { describeWhoAnswers, probeWhoAnswers } from '../troubleshoot/probes/who-answers.js';
import { suggestFreePort } from '../troubleshoot/probes/free-port.js';
import { UserFacingError } from '../errors.js';
import type { Text } from '../i18n/text.js';
import { explainStartError } from './endpoint-errors.js';
import { runnerCommand } from '../config/invocation.js';

export type EmbeddedOutcome =
  /** Started in this process; close it when done. */
  | { kind: 'started'; url: string; running: RunningEndpoint; note: Text }
  /** Something compatible already answers at the address: used as it is. */
  | { kind: 'used'; url: string; note: Text };

export async function openEmbeddedEndpoint(address: ResolvedEndpoint, dataDir: string, access: EmbeddedAccess = {}): Promise<EmbeddedOutcome> {
  const { port } = hostPortOf(address.url);
  const host = loopbackBindHost(address.url);
  if (!host) {
    throw new UserFacingError({
      en:
        `--embedded serves the built-in endpoint on this machine, but the endpoint is ${address.url} (from ${address.source}), which is not this machine.\n` +
        `Leave out --embedded to use ${address.url}, or give a local address: --endpoint http://127.0.0.1:${port} --embedded`,
      ja:
        `--embedded はこのマシンで内蔵エンドポイントを動かしますが、接続先は ${address.url} (${address.source} より) で、このマシンではありません。\n` +
        `${address.url} を使うなら --embedded を外し、このマシンで動かすならローカルのアドレスを指定してください: --endpoint http://127.0.0.1:${port} --embedded`,
    });
  }

  // Our data is already served by another process: on this address, that one is used; elsewhere it is refused.
  const owner = liveLockOwner(dataDir);
  if (owner) {
    if (owner.port === port && owner.url) {
      const health = await readHealth(owner.url, 2000);
      if (health.kind === 'builtin') return { kind: 'used', url: address.url, note: sharedNote(address.url, owner, dataDir) };
    }
    throw explainStartError(new DataDirLockedError(dataDir, owner));
  }

  const tcp = await probeTcp(address.url, 1500);
  if (tcp.open) return useWhatAnswers(address, host, port, dataDir);

  try {
    const running = await startLockedEndpoint({ dataDir, host, port, role: 'embedded', ...access });
    return {
      kind: 'started',
      url: running.url,
      running,
      note: {
        en: `Built-in endpoint started at ${running.url} (data: ${running.dataDir}); awslocal in another terminal reaches it while this runs.`,
        ja: `内蔵エンドポイントを ${running.url} で起動しました (データ: ${running.dataDir})。実行中は別のターミナルの awslocal からも使えます。`,
      },
    };
  } catch (error) {
    // --embedded keeps its data under the state directory: that is the option to change.
    throw explainStartError(error, '--state-dir');
  }
}

function sharedNote(url: string, owner: LockOwner, dataDir: string): Text {
  const by = owner.role === 'endpoint' ? { en: 'serverless-tutorial endpoint', ja: 'serverless-tutorial endpoint' } : { en: 'another command run with --embedded', ja: '--embedded 付きの別のコマンド' };
  return {
    en: `The built-in endpoint at ${url} already serves this data (${dataDir}): process ${owner.pid}, started by ${by.en}. Using it; it keeps running when this command ends.`,
    ja: `${url} ではこのデータ (${dataDir}) を使う内蔵エンドポイントがすでに動いています (プロセス ${owner.pid}、${by.ja} で起動)。それを使います。このコマンドが終わっても止まりません。`,
  };
}

function ownerText(owner: PortOwner | undefined): Text {
  return owner ? { en: ` (process ${owner.pid}: ${owner.command})`, ja: ` (プロセス ${owner.pid}: ${owner.command})` } : { en: '', ja: '' };
}

export interface PortHolder {
  kind: 'localstack' | 'builtin' | 'other';
  version?: string;
  /** " (process 123: node …)" when this machine can tell. */
  process: Text;
  /** For `other`: what its health route and `GET /` said. */
  said?: string;
}

/** Who holds a local port that answers: LocalStack, a built-in endpoint, or something else (and what). */
async function describePortHolder(url: string): Promise<PortHolder> {
  const { port } = hostPortOf(url);
  const health = await readHealth(url, 3000);
  const holder = ownerText(findPortOwner(port));
  if (health.kind === 'localstack' || health.kind === 'builtin') return { kind: health.kind, ...(health.version ? { version: health.version } : {}), process: holder };
  const who = describeWhoAnswers(await probeWhoAnswers(url, 2000));
  return { kind: 'other', process: holder, said: `${health.problem ?? 'no health answer'}; ${who}` };
}

/** Something listens on the address: use it when it is LocalStack or a built-in endpoint, else say what it is and stop. */
async function useWhatAnswers(address: ResolvedEndpoint, host: string, port: number, dataDir: string): Promise<EmbeddedOutcome> {
  const holder = await describePortHolder(address.url);
  if (holder.kind === 'localstack') {
    const version = holder.version ? ` ${holder.version}` : '';
    return {
      kind: 'used',
      url: address.url,
      note: {
        en: `LocalStack${version} already answers at ${address.url}${holder.process.en}: using it instead of starting the built-in endpoint.`,
        ja: `${address.url} ではすでに LocalStack${version} が応答しています${holder.process.ja}。内蔵エンドポイントは起動せず、LocalStack を使います。`,
      },
    };
  }
  if (holder.kind === 'builtin') {
    // Our own data would hold a lock naming this port (handled before): this one keeps its data elsewhere.
    return {
      kind: 'used',
      url: address.url,
      note: {
        en: `A built-in endpoint already answers at ${address.url}${holder.process.en}, but its data is not ${dataDir} (it was started in another folder or with --data-dir). Using it: what you make goes to its data.`,
        ja: `${address.url} ではすでに内蔵エンドポイントが応答しています${holder.process.ja}。ただしデータは ${dataDir} ではありません (別のフォルダーか --data-dir で起動されたもの)。それを使うので、作ったものはそちらのデータに入ります。`,
      },
    };
  }
  const free = await suggestFreePort(host, port);
  const other = `http://127.0.0.1:${free}`;
  throw new UserFacingError({
    en:
      `Port ${port} (${address.url}) is taken by something that is neither LocalStack nor the built-in endpoint${holder.process.en}: ${holder.said}.\n` +
      `The built-in endpoint is not started elsewhere on its own, because your commands would still go to ${address.url}.\n` +
      `Stop that program, or serve the built-in endpoint on a free port, e.g. ${free}:\n` +
      `  ${runnerCommand(`--endpoint ${other} --embedded`)}\n` +
      `and in the terminal where you type commands: export AWS_ENDPOINT_URL=${other}`,
    ja:
      `ポート ${port} (${address.url}) は LocalStack でも内蔵エンドポイントでもないものが使っています${holder.process.ja}: ${holder.said}\n` +
      `コマンドの接続先は ${address.url} のままなので、内蔵エンドポイントを勝手に別のポートで起動することはしません。\n` +
      `そのプログラムを止めるか、空いているポート (例: ${free}) で内蔵エンドポイントを動かしてください:\n` +
      `  ${runnerCommand(`--endpoint ${other} --embedded`)}\n` +
      `コマンドを入力するターミナルでは: export AWS_ENDPOINT_URL=${other}`,
  });
}

/** `serverless-tutorial endpoint` on a taken port: who holds it, and a free port to use instead. */
export async function explainBusyPort(host: string, port: number): Promise<UserFacingError> {
  const reach = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`;
  const holder = await describePortHolder(url);
  const free = await suggestFreePort(reach, port);
  const what: Text =
    holder.kind === 'localstack' ? { en: `LocalStack${holder.version ? ` ${holder.version}` : ''} answers there`, ja: `LocalStack${holder.version ? ` ${holder.version}` : ''} が応答しています` }
    : holder.kind === 'builtin' ? { en: 'another built-in endpoint answers there (with other data: this data folder is not locked by it)', ja: '別の内蔵エンドポイントが応答しています (このデータフォルダーとは別のデータを使うもの)' }
    : { en: `something that is neither LocalStack nor the built-in endpoint holds it: ${holder.said}`, ja: `LocalStack でも内蔵エンドポイントでもないものが使っています: ${holder.said}` };
  return new UserFacingError({
    en:
      `Port ${port} on ${host} is already in use, so the built-in endpoint cannot start there: ${what.en}${holder.process.en}.\n` +
      `${holder.kind === 'other' ? 'Stop that program, or' : `Use it (export AWS_ENDPOINT_URL=${url}), or`} start on a free port: ${runnerCommand(`endpoint --port ${free}`)}`,
    ja:
      `ポート ${port} (${host}) はすでに使われているため、内蔵エンドポイントを起動できません: ${what.ja}${holder.process.ja}。\n` +
      `${holder.kind === 'other' ? 'そのプログラムを止めるか、' : `それを使う (export AWS_ENDPOINT_URL=${url}) か、`}空いているポートで起動してください: ${runnerCommand(`endpoint --port ${free}`)}`,
  });
}
