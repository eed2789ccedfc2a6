// Fixes through Docker, for learners who run LocalStack with the repository's compose file:
// start it, restart it, pin the image that runs without an account.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../endpoint/store/atomic.js';
import { readHealth, USABLE_STATES } from '../../aws/health.js';
import { findExecutable, firstLine, runTool } from '../../lesson/tools.js';
import { UserFacingError } from '../../errors.js';
import type { CheckContext } from '../../checks/context.js';
import type { Fix, FixResult } from '../types.js';
import type { ResolvedOptions } from '../options.js';

/** The last LocalStack community release that starts without an account (reference/localstack.md). */
export const ACCOUNT_FREE_IMAGE = 'localstack/localstack:4.14.0';
/** LocalStack pulls its image and boots in tens of seconds; the first start after a pull is the slowest. */
export const HEALTH_WAIT_MS = 120_000;

async function docker(options: ResolvedOptions, args: string[], timeoutMs = 300_000): Promise<string> {
  const cli = findExecutable('docker', options.env.PATH);
  if (!cli) {
    throw new UserFacingError({ en: 'docker is not on PATH: this fix needs Docker. Use the built-in endpoint instead (--embedded).', ja: 'PATH に docker がないため、この修正には Docker が必要です。代わりに内蔵エンドポイント (--embedded) を使ってください。' });
  }
  const run = await runTool(cli, args, options.env, timeoutMs);
  if (run.code !== 0) {
    const said = run.timedOut ? `no answer within ${timeoutMs / 1000} s` : firstLine(run.stderr) || firstLine(run.stdout) || `exit code ${run.code}`;
    throw new UserFacingError({ en: `docker ${args.join(' ')} failed: ${said}`, ja: `docker ${args.join(' ')} が失敗しました: ${said}` });
  }
  return run.stdout;
}

/** Polls health until the lesson's services are usable, bounded. */
export async function waitForHealth(ctx: CheckContext, timeoutMs = HEALTH_WAIT_MS): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    const health = await readHealth(ctx.endpoint.url, 2000);
    if (!health.unreachable && !health.problem) {
      const unusable = ctx.lesson.resources.services.filter((s) => !USABLE_STATES.has(health.services[s] ?? 'missing'));
      if (unusable.length === 0) return `${health.kind === 'builtin' ? 'built-in endpoint' : `LocalStack ${health.version ?? ''}`.trim()} answers at ${ctx.endpoint.url}`;
      last = unusable.map((s) => `${s} ${health.services[s] ?? 'missing'}`).join(', ');
    } else {
      last = health.problem ?? 'no answer';
    }
    if (Date.now() >= deadline) {
      throw new UserFacingError({
        en: `Started, but ${ctx.endpoint.url} was not healthy within ${timeoutMs / 1000} s (${last}). Watch it with: docker compose logs -f localstack`,
        ja: `起動しましたが、${timeoutMs / 1000} 秒以内に ${ctx.endpoint.url} が使える状態になりませんでした (${last})。docker compose logs -f localstack で様子を見てください。`,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

export function startLocalStackFix(options: ResolvedOptions, healthWaitMs = HEALTH_WAIT_MS): Fix {
  return {
    id: 'start-localstack',
    title: { en: "Start LocalStack with the repository's compose file", ja: 'リポジトリの compose ファイルで LocalStack を起動する' },
    command: `docker compose -f ${options.composeFile} up -d`,
    impact: 'changes',
    apply: async (ctx): Promise<FixResult> => {
      await docker(options, ['compose', '-f', options.composeFile, 'up', '-d']);
      const seen = await waitForHealth(ctx, healthWaitMs);
      return { message: { en: `started the localstack service; ${seen}`, ja: `localstack サービスを起動しました。${seen}` } };
    },
  };
}

/** Recreates the container from the compose file (its settings changed, e.g. the Docker socket mount). */
export function recreateLocalStackFix(options: ResolvedOptions, healthWaitMs = HEALTH_WAIT_MS): Fix {
  return {
    id: 'recreate-localstack',
    title: { en: "Recreate LocalStack from the repository's compose file (it mounts the Docker socket)", ja: 'リポジトリの compose ファイル (Docker ソケットをマウントする) で LocalStack を作り直す' },
    command: `docker compose -f ${options.composeFile} up -d --force-recreate`,
    impact: 'changes',
    apply: async (ctx): Promise<FixResult> => {
      await docker(options, ['compose', '-f', options.composeFile, 'up', '-d', '--force-recreate']);
      const seen = await waitForHealth(ctx, healthWaitMs);
      return { message: { en: `recreated the localstack service; ${seen}`, ja: `localstack サービスを作り直しました。${seen}` } };
    },
  };
}

export function restartLocalStackFix(options: ResolvedOptions, healthWaitMs = HEALTH_WAIT_MS): Fix {
  return {
    id: 'restart-localstack',
    title: { en: 'Restart the LocalStack container', ja: 'LocalStack のコンテナを再起動する' },
    command: `docker compose -f ${options.composeFile} restart localstack`,
    impact: 'changes',
    apply: async (ctx): Promise<FixResult> => {
      await docker(options, ['compose', '-f', options.composeFile, 'restart', 'localstack']);
      const seen = await waitForHealth(ctx, healthWaitMs);
      return { message: { en: `restarted the localstack service; ${seen}`, ja: `localstack サービスを再起動しました。${seen}` } };
    },
  };
}

const IMAGE_LINE = /^(\s*image:\s*)(["']?)(localstack\/localstack(?:-pro)?(?::[^\s"'#]+)?)\2(.*)$/m;

/** The LocalStack image a compose file names, if any. */
export function composeImage(text: string): string | undefined {
  return IMAGE_LINE.exec(text)?.[3];
}

/** The compose text with the LocalStack image line set to `image` (comments and the rest kept). */
export function pinComposeImage(text: string, image = ACCOUNT_FREE_IMAGE): string {
  return text.replace(IMAGE_LINE, (_all, lead: string, quote: string, _old: string, rest: string) => `${lead}${quote}${image}${quote}${rest}`);
}

export function pinImageFix(options: ResolvedOptions): Fix {
  return {
    id: 'pin-localstack-image',
    title: { en: `Pin ${ACCOUNT_FREE_IMAGE}, the last release that runs without an account`, ja: `アカウントなしで動く最後のリリース ${ACCOUNT_FREE_IMAGE} に固定する` },
    command: `sed -i 's#image: localstack/localstack.*#image: ${ACCOUNT_FREE_IMAGE}#' ${options.composeFile}`,
    impact: 'changes',
    apply: async (): Promise<FixResult> => {
      let text: string;
      try {
        text = readFileSync(options.composeFile, 'utf8');
      } catch (error) {
        throw new UserFacingError({ en: `Cannot read ${options.composeFile}: ${(error as Error).message}`, ja: `${options.composeFile} を読めません: ${(error as Error).message}` });
      }
      const before = composeImage(text);
      if (!before) {
        throw new UserFacingError({ en: `${options.composeFile} names no localstack/localstack image to pin.`, ja: `${options.composeFile} に固定できる localstack/localstack のイメージ指定がありません。` });
      }
      if (before === ACCOUNT_FREE_IMAGE) {
        return {
          message: {
            en: `${options.composeFile} already pins ${ACCOUNT_FREE_IMAGE}; nothing changed. The container that exited was made from another image: starting it with this file recreates it from ${ACCOUNT_FREE_IMAGE}.`,
            ja: `${options.composeFile} はすでに ${ACCOUNT_FREE_IMAGE} に固定されているので、何も変えていません。終了したコンテナは別のイメージから作られたものです。このファイルで起動すると ${ACCOUNT_FREE_IMAGE} から作り直されます。`,
          },
        };
      }
      writeFileAtomic(options.composeFile, pinComposeImage(text));
      return {
        message: {
          en: `changed one line of ${options.composeFile}: image ${before} → ${ACCOUNT_FREE_IMAGE} (to use latest again later, set LOCALSTACK_AUTH_TOKEN and change it back)`,
          ja: `${options.composeFile} の 1 行を変更しました: image ${before} → ${ACCOUNT_FREE_IMAGE} (あとで latest に戻すには LOCALSTACK_AUTH_TOKEN を設定して元に戻してください)`,
        },
      };
    },
  };
}
