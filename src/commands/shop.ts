// `serverless-tutorial shop`: the lesson's payoff in a real browser. Serves the shop page (src/shop)
// on its own origin, opens it, and keeps serving until Ctrl+C. With --embedded the built-in
// endpoint runs in this process as long as the page does.
import type { ProgramIo } from './options.js';
import { openSession, type SessionOptions } from './session.js';
import { say } from '../i18n/text.js';
import { EXIT_OK, UserFacingError } from '../errors.js';
import { waitForStopSignal } from '../process/stop-signal.js';
import { openInBrowser } from '../shop/open-browser.js';
import { ShopPortInUseError, startShopPage, startShopPageAnyPort, type ShopPage } from '../shop/page-server.js';
import { runnerCommand } from '../config/invocation.js';

export interface ShopOptions extends SessionOptions {
  /** Unset: 4570, or a free port when that is taken. */
  port?: number;
  /** `--no-open` sets false. */
  open: boolean;
}


export async function shopCommand(options: ShopOptions, io: ProgramIo): Promise<number> {
  const session = await openSession(options, io.stderr);
  const { lang, lesson } = session;
  let page: ShopPage;
  try {
    const pageOptions = { lesson, aws: session.aws.settings, lang };
    page = options.port === undefined
      ? await startShopPageAnyPort(pageOptions)
      : await startShopPage({ ...pageOptions, port: options.port }).catch((error: unknown) => {
          if (!(error instanceof ShopPortInUseError)) throw error;
          throw new UserFacingError({
            en: `Port ${error.port} is already in use. Choose another one with --port, or leave --port out to take a free one.`,
            ja: `ポート ${error.port} はすでに使われています。--port で別のポートを指定するか、--port を外すと空いているポートを使います。`,
          });
        });
  } catch (error) {
    await session.close();
    throw error;
  }

  const opened = options.open && openInBrowser(page.url);
  io.stdout(
    say(lang, {
      en:
        `Shop page: ${page.url}${opened ? ' (opened in your browser)' : ''}\n` +
        `  It uploads a photo from the browser to ${lesson.resources.bucket.name} at ${session.endpoint.url} and shows the copy your function makes.\n` +
        `  It works once the lesson's six steps are done (${runnerCommand('check')}).\n` +
        `Press Ctrl+C to stop.\n`,
      ja:
        `ショップページ: ${page.url}${opened ? ' (ブラウザーで開きました)' : ''}\n` +
        `  ブラウザーから ${session.endpoint.url} のバケット ${lesson.resources.bucket.name} に写真をアップロードし、関数が作ったコピーを表示します。\n` +
        `  レッスンの 6 つのステップが終わっていれば動きます (確認: ${runnerCommand('check')})。\n` +
        `止めるには Ctrl+C を押してください。\n`,
    }),
  );
  await waitForStopSignal();
  await page.close();
  await session.close();
  io.stdout(say(lang, { en: 'Stopped the shop page.\n', ja: 'ショップページを止めました。\n' }));
  return EXIT_OK;
}
