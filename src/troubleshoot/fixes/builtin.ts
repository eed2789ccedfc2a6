// Fixes that move the lesson to another endpoint: start the built-in one in this process (where
// Docker is missing), or use the place the endpoint variable should have pointed at.
import { endpointDataDir } from '../../config/state-dir.js';
import type { RunningEndpoint } from '../../endpoint/server.js';
import { repairText } from '../../endpoint/store/repairs.js';
import { explainStartError } from '../../commands/endpoint-errors.js';
import type { Lesson } from '../../lesson/index.js';
import type { Fix, FixResult } from '../types.js';
import { lessonCommand } from './lesson-commands.js';

const started: RunningEndpoint[] = [];

/** Stops the built-in endpoints the fixes started (the command calls this before it exits). */
export async function closeStartedEndpoints(): Promise<void> {
  while (started.length > 0) await started.pop()?.close();
}

export function startBuiltinEndpointFix(lesson: Lesson): Fix {
  return {
    id: 'start-builtin-endpoint',
    title: { en: 'Start the built-in endpoint (no Docker needed)', ja: '内蔵エンドポイントを起動する (Docker 不要)' },
    command: lessonCommand(lesson, 'npx serverless-tutorial endpoint'),
    impact: 'none',
    apply: async (ctx): Promise<FixResult> => {
      const { startEmbeddedEndpoint } = await import('../../endpoint/embedded.js');
      const running = await startEmbeddedEndpoint(endpointDataDir(ctx.stateDir)).catch((error: unknown) => {
        throw explainStartError(error);
      });
      started.push(running);
      // Damaged state the endpoint set aside on its way up is said with the result.
      const repairs = running.repairs.map(repairText);
      return {
        endpoint: running.url,
        message: {
          en: `started the built-in endpoint at ${running.url} (data: ${running.dataDir}) for this command; keep one running with: serverless-tutorial endpoint${running.port === 4566 ? '' : ` --port ${running.port}`}${repairs.map((r) => `\n${r.en}`).join('')}`,
          ja: `このコマンドの間だけ内蔵エンドポイントを ${running.url} で起動しました (データ: ${running.dataDir})。動かし続けるには: serverless-tutorial endpoint${running.port === 4566 ? '' : ` --port ${running.port}`}${repairs.map((r) => `\n${r.ja}`).join('')}`,
        },
      };
    },
  };
}

export function setEndpointFix(url: string): Fix {
  return {
    id: 'set-endpoint',
    title: { en: `Use ${url} as the endpoint`, ja: `接続先を ${url} にする` },
    command: `export AWS_ENDPOINT_URL=${url}`,
    impact: 'none',
    apply: async (): Promise<FixResult> => {
      // A program cannot change its parent shell: this sets it for this command only.
      process.env.AWS_ENDPOINT_URL = url;
      return {
        endpoint: url,
        message: {
          en: `using ${url} for this command. Your shell still has the old value: run  export AWS_ENDPOINT_URL=${url}  (and put it in ~/.bashrc or ~/.zshrc to keep it)`,
          ja: `このコマンドでは ${url} を使います。シェルの設定は元のままなので、export AWS_ENDPOINT_URL=${url} を実行してください (~/.bashrc や ~/.zshrc に書けば次回以降も有効です)`,
        },
      };
    },
  };
}
