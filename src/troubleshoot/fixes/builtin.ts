// Fixes that move the lesson to another endpoint: start the built-in one in this process (where
// Docker is missing) on the learner's own address, or use the place the endpoint variable should
// have pointed at.
import { endpointDataDir } from '../../config/state-dir.js';
import type { RunningEndpoint } from '../../endpoint/server.js';
import { repairText } from '../../endpoint/store/repairs.js';
import { explainStartError } from '../../commands/endpoint-errors.js';
import type { Lesson } from '../../lesson/index.js';
import type { Fix, FixResult } from '../types.js';
import { hostPortOf } from '../probes/tcp.js';
import { lessonCommand } from './lesson-commands.js';
import { asTyped } from '../../config/invocation.js';
import { envApplyLine } from '../../config/shell-env.js';

const started: RunningEndpoint[] = [];

/** Stops the built-in endpoints the fixes started (the command calls this before it exits). */
export async function closeStartedEndpoints(): Promise<void> {
  while (started.length > 0) await started.pop()?.close();
}

/** The foreground command that serves the built-in endpoint on this address. */
export function endpointCommandFor(lesson: Lesson, url: string): string {
  const { host, port } = hostPortOf(url);
  const base = asTyped(lessonCommand(lesson, 'npx serverless-tutorial endpoint'));
  const hostFlag = host === 'localhost' || host === '127.0.0.1' ? '' : ` --host ${host}`;
  return `${base}${hostFlag}${port === 4566 ? '' : ` --port ${port}`}`;
}

/**
 * Starts the built-in endpoint on `at` (the learner's endpoint address, where nothing listens),
 * with the data of this state dir. `instead` is set when `at` is another address than the
 * learner's (theirs is taken): the title and message say so, and how to follow it.
 */
export function startBuiltinEndpointFix(lesson: Lesson, at: string, instead?: { of: string }): Fix {
  const { host, port } = hostPortOf(at);
  const bindHost = host === 'localhost' ? '127.0.0.1' : host;
  return {
    id: 'start-builtin-endpoint',
    title: instead
      ? { en: `Start the built-in endpoint on port ${port} instead (no Docker needed)`, ja: `代わりにポート ${port} で内蔵エンドポイントを起動する (Docker 不要)` }
      : { en: `Start the built-in endpoint on port ${port} (no Docker needed)`, ja: `ポート ${port} で内蔵エンドポイントを起動する (Docker 不要)` },
    command: endpointCommandFor(lesson, at),
    impact: 'none',
    apply: async (ctx): Promise<FixResult> => {
      const { startLockedEndpoint } = await import('../../endpoint/embedded.js');
      const running = await startLockedEndpoint({ dataDir: endpointDataDir(ctx.stateDir), host: bindHost, port, role: 'embedded' }).catch((error: unknown) => {
        throw explainStartError(error);
      });
      started.push(running);
      const keep = endpointCommandFor(lesson, at);
      const follow = instead
        ? { en: ` Your shell still points at ${instead.of}: run  export AWS_ENDPOINT_URL=${at}`, ja: ` シェルの接続先は ${instead.of} のままなので、export AWS_ENDPOINT_URL=${at} を実行してください。` }
        : { en: '', ja: '' };
      // Damaged state the endpoint set aside on its way up is said with the result.
      const repairs = running.repairs.map(repairText);
      return {
        endpoint: instead ? at : ctx.endpoint.url,
        message: {
          en: `started the built-in endpoint at ${running.url} (data: ${running.dataDir}) for this command; keep one running with: ${keep}.${follow.en}${repairs.map((r) => `\n${r.en}`).join('')}`,
          ja: `このコマンドの間だけ内蔵エンドポイントを ${running.url} で起動しました (データ: ${running.dataDir})。動かし続けるには: ${keep}${follow.ja}${repairs.map((r) => `\n${r.ja}`).join('')}`,
        },
      };
    },
  };
}

export function setEndpointFix(url: string): Fix {
  return {
    id: 'set-endpoint',
    title: { en: `Use ${url} as the endpoint`, ja: `接続先を ${url} にする` },
    command: envApplyLine({ endpoint: url }),
    impact: 'none',
    apply: async (): Promise<FixResult> => {
      // A program cannot change its parent shell: this sets it for this command only.
      process.env.AWS_ENDPOINT_URL = url;
      return {
        endpoint: url,
        message: {
          en: `using ${url} for this command. Your shell still has the old value: run  ${envApplyLine({ endpoint: url })}  in it`,
          ja: `このコマンドでは ${url} を使います。シェルの設定は元のままなので、シェルで ${envApplyLine({ endpoint: url })} を実行してください`,
        },
      };
    },
  };
}
