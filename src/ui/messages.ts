// The guided UI's own words, in both languages, in one place: the screens, keys, notices and
// questions. Texts that take values are functions with an `example`, so a test can render every
// entry (test/ui/line-breaking.test.ts wraps each at widths 40–120). Texts that come from the lesson
// (lesson.yaml, pages, step pages) or from the checks and the troubleshooter live there, not here.
import type { Text } from '../i18n/text.js';

/** A text that takes values, with values to show it with. */
export type Message<A extends unknown[]> = ((...args: A) => Text) & { example: A };

function message<A extends unknown[]>(example: A, make: (...args: A) => Text): Message<A> {
  return Object.assign(make, { example });
}

export const KEYS_TEXT = {
  begin: { short: { en: 'start', ja: 'はじめる' }, description: { en: 'leave the opening page for the step to do', ja: '最初のページを閉じて、取り組むステップへ進む' } },
  yes: { short: { en: 'apply', ja: '実行する' }, description: { en: 'apply the fix you were asked about', ja: '確認中の修正を実行する' } },
  no: { short: { en: 'cancel', ja: 'やめる' }, description: { en: 'do not apply it', ja: '修正を実行しない' } },
  run: { short: { en: 'run it for me', ja: '自動で実行' }, description: { en: 'do this step for me, then run its checks', ja: 'このステップをランナーが実行し、続けて確認する' } },
  check: { short: { en: 'check', ja: '確認' }, description: { en: 'check now (after doing the step by hand)', ja: '今すぐ確認する (手で実行したあとに)' } },
  watch: {
    short: { en: 'watch', ja: '監視' },
    description: {
      en: 'watch: check every few seconds while you work in another terminal; stops once all pass (w again stops it)',
      ja: '監視: 別のターミナルで作業している間、数秒ごとに確認する。すべて通れば止まる (もう一度 w で停止)',
    },
  },
  next: { short: { en: 'next', ja: '次へ' }, description: { en: 'next step', ja: '次のステップへ' } },
  previous: { short: { en: 'previous', ja: '前へ' }, description: { en: 'previous step (from the closing page: the last step)', ja: '前のステップへ (最後のページからは最後のステップへ)' } },
  troubleshoot: { short: { en: 'troubleshoot', ja: '診断' }, description: { en: 'show or hide the troubleshooting panel (cause and fixes)', ja: 'トラブルシューティング (原因と直し方) を表示/非表示' } },
  fix: {
    short: { en: 'apply fix', ja: '修正を実行' },
    description: { en: 'apply the fix marked › (asks first when it changes or deletes something), then check again', ja: '› の付いた修正を実行して確認し直す (変更や削除を伴うときは先に確認)' },
  },
  nextFix: { short: { en: 'other fix', ja: '別の修正' }, description: { en: 'mark the next fix', ja: '次の修正に › を移す' } },
  detail: {
    short: { en: 'details', ja: '詳細' },
    description: { en: 'show a check or a diagnosis whole: its full message, evidence and log lines (Tab: the next one)', ja: '確認や診断をすべて表示する: メッセージ全文、調べた結果、ログ (Tab で次の項目)' },
  },
  nextDetail: { short: { en: 'next item', ja: '次の項目' }, description: { en: 'in the details: the next check or diagnosis', ja: '詳細の表示中: 次の確認や診断へ' } },
  opening: { short: { en: 'intro', ja: 'はじめに' }, description: { en: 'open the opening page again (what serverless is, today’s plan, preparation)', ja: '最初のページをもう一度開く (サーバーレスとは、今日の進め方、準備)' } },
  closing: { short: { en: 'wrap-up', ja: 'まとめ' }, description: { en: 'open the closing page again (time, what you built, what comes next)', ja: '最後のページをもう一度開く (かかった時間、作ったもの、次回の準備)' } },
  shop: {
    short: { en: 'shop page', ja: 'ショップ' },
    description: { en: 'open the shop page in your browser: upload a photo and see the copy your function makes', ja: 'ブラウザーでショップのページを開く (写真をアップロードし、関数が作るコピーを見る)' },
  },
  language: { short: { en: '日本語', ja: 'English' }, description: { en: 'switch language (日本語 / English)', ja: '表示言語を切り替える (日本語 / English)' } },
  help: { short: { en: 'help', ja: 'ヘルプ' }, description: { en: 'show or hide this help', ja: 'このヘルプを表示/非表示' } },
  quit: { short: { en: 'quit', ja: '終了' }, description: { en: 'quit (progress is saved: start again to continue)', ja: '終了 (進み具合は保存済み。もう一度起動すると続きから)' } },
  scrollUp: { short: { en: 'scroll', ja: 'スクロール' }, description: { en: 'scroll up', ja: '上へスクロール' } },
  scrollDown: { short: { en: 'scroll', ja: 'スクロール' }, description: { en: 'scroll down', ja: '下へスクロール' } },
  pageUp: { short: { en: 'page up', ja: '前のページ' }, description: { en: 'scroll up a screenful', ja: '1 画面分上へ' } },
  pageDown: { short: { en: 'page down', ja: '次のページ' }, description: { en: 'scroll down a screenful', ja: '1 画面分下へ' } },
  close: { short: { en: 'close', ja: '閉じる' }, description: { en: 'close the help, the details or the troubleshooting panel', ja: 'ヘルプ・詳細・トラブルシューティングを閉じる' } },
  closeDetail: { short: { en: 'close', ja: '閉じる' }, description: { en: 'in the details: close them', ja: '詳細の表示中: 詳細を閉じる' } },
} satisfies Record<string, { short: Text; description: Text }>;

export const SCREEN = {
  step: message([2, 6, 'Create the S3 bucket for images'] as [number, number, string], (n, total, title) => ({ en: `Step ${n}/${total}: ${title}`, ja: `ステップ ${n}/${total}: ${title}` })),
  help: { en: 'Help', ja: 'ヘルプ' },
  detail: message([2, 5, '✗ trigger-fires'] as [number, number, string], (n, total, what) => ({ en: `Details (${n}/${total}): ${what}`, ja: `詳細 (${n}/${total}): ${what}` })),
  more: message([27] as [number], (n) => ({ en: `↓ ${n} more lines (j / Space)`, ja: `↓ 続きが ${n} 行 (j / Space)` })),
  keys: { en: 'Keys', ja: 'キー操作' },
  helpNote: {
    en: 'The bottom line shows the keys that work at that moment; the others are listed here. When asked about a fix, answer with y or n.',
    ja: '画面の一番下には、その場で使えるキーを表示しています (入りきらないものはこの一覧にあります)。修正の確認を求められたら y か n で答えてください。',
  },
  byHand: { en: 'To do it by hand (in another terminal):', ja: '手で実行する場合 (別のターミナルで):' },
  variantDocker: { en: '(LocalStack in Docker)', ja: '(Docker の LocalStack)' },
  variantBuiltin: { en: '(built-in endpoint)', ja: '(内蔵エンドポイント)' },
  filesUsed: message([['cors.json', 'policy.json'], 'npx serverless-tutorial init'] as [string[], string], (files, init) => ({
    en: `Files these use: ${files.join(', ')} (${init} writes them into your folder)`,
    ja: `使うファイル: ${files.join('、')} (${init} で作業フォルダーに書き出せます)`,
  })),
  endpointKind: {
    builtin: { en: 'built-in endpoint', ja: '内蔵エンドポイント' },
    localstack: { en: 'LocalStack', ja: 'LocalStack' },
    unknown: { en: 'not answering', ja: '応答なし' },
  },
  /** In the header while the endpoint and the SDK are being set up (the first frame comes before them). */
  connecting: { en: 'connecting…', ja: '接続中…' },
};

export const NOTICES = {
  diagnosing: { en: 'Looking for the cause…', ja: '原因を調べています…' },
  watching: { en: '◉ watching', ja: '◉ 監視中' },
  watchOn: { en: 'checking every few seconds while you work in another terminal (w stops)', ja: '別のターミナルでの作業を数秒ごとに確認します (w で停止)' },
  watchOff: { en: 'Stopped watching.', ja: '監視を止めました。' },
  shopOpened: message(['http://127.0.0.1:4570/', true] as [string, boolean], (url, opened) => ({
    en: `Shop page: ${url}${opened ? ' (opened in your browser)' : ' (open it in your browser)'}. It is served while this screen is open.`,
    ja: `ショップページ: ${url}${opened ? ' (ブラウザーで開きました)' : ' (ブラウザーで開いてください)'}。この画面を開いている間、表示できます。`,
  })),
  stepDone: message([2] as [number], (n) => ({ en: `Step ${n} done. Press n for the next step.`, ja: `ステップ ${n} が完了しました。n で次のステップへ進めます。` })),
  stillFailing: { en: 'Some checks still fail: t shows why.', ja: 'まだ通らない確認があります。t で原因を確認してください。' },
  troubleshooterFailed: message([{ en: 'Nothing answers at http://localhost:4566.', ja: 'http://localhost:4566 から応答がありません。' }] as [Text], (detail) => ({
    en: `The troubleshooter could not finish: ${detail.en}`,
    ja: `原因の調査を最後まで実行できませんでした: ${detail.ja}`,
  })),  failedOnOpening: { en: 'Step 1’s check failed: press n to see the cause and how to fix it.', ja: 'ステップ 1 の確認が通りませんでした。n で進むと原因と直し方を表示します。' },
  elapsed: message([12, 48] as [number, number | undefined], (seconds, left) => ({
    en: left === undefined ? `(${seconds} s)` : `(${seconds} s, up to ${left} s left)`,
    ja: left === undefined ? `(${seconds} 秒)` : `(${seconds} 秒、残り最大 ${left} 秒)`,
  })),
};

export const CHECKS_TEXT = {
  alreadyDone: { en: '(already done)', ja: '(実行済み)' },
  moreChanges: message([2] as [number], (n) => ({ en: `… ${n} more`, ja: `… ほか ${n} 件` })),
  passed: message([5, 1, ['localstack-running', 'bucket-created', 'function-deployed', 'function-invocable', 'processed-saved', 'scripts-clean']] as [number, number, string[]], (passed, skipped, ids) => ({
    en: `${passed} passed${skipped ? `, ${skipped} skipped` : ''}: ${ids.join(', ')}`,
    ja: `${passed} 件 OK${skipped ? `・${skipped} 件スキップ` : ''}: ${ids.join('、')}`,
  })),
};

export const PANEL = {
  heading: { en: 'Troubleshooting', ja: 'トラブルシューティング' },
  stepStopped: { en: 'The step stopped: ', ja: 'ステップが途中で止まりました: ' },
  problem: { en: 'Problem: ', ja: '問題: ' },
  cause: { en: 'Cause: ', ja: '原因: ' },
  fixes: { en: 'Fixes (f applies the one marked ›):', ja: '直し方 (› の付いたものを f で実行):' },
  noFix: { en: 'No automatic fix: follow the explanation above.', ja: '自動で直す方法はありません。上の説明に沿って直してください。' },
  evidence: { en: 'What was found:', ja: '調べた結果:' },
  byHand: { en: 'by hand:', ja: '手で行う場合:' },
  couldNotCheck: { en: '(could not be checked: not necessarily a mistake of yours)', ja: '(確認できませんでした。あなたの誤りとは限りません)' },
  commonProblem: { en: 'Common problem: ', ja: 'よくある問題: ' },
  alsoCan: { en: 'You can also:', ja: 'ほかにできること:' },
  nothingFailing: { en: 'Nothing is failing right now.', ja: '今は失敗しているものはありません。' },
  moreLines: message([14] as [number], (n) => ({ en: `… ${n} more lines (d shows them all)`, ja: `… ほか ${n} 行 (d ですべて表示)` })),
};

export const CONFIRM = {
  question: message(['Apply notification.json to the bucket again', 'changes'] as [string, 'changes' | 'deletes'], (title, impact) =>
    impact === 'deletes'
      ? { en: `${title}? This deletes something.`, ja: `「${title}」を実行しますか？ 一部を削除します。` }
      : { en: `${title}? This changes your setup.`, ja: `「${title}」を実行しますか？ 設定を変更します。` },
  ),
};

export const CLOSING = {
  time: message(['12 min 5 s'] as [string], (duration) => ({ en: `Time taken: ${duration}`, ja: `かかった時間: ${duration}` })),
  latency: message([1834] as [number], (ms) => ({ en: `Trigger latency (upload → processed copy): ${ms} ms`, ja: `トリガーの遅延 (アップロードから処理済み画像まで): ${ms} ms` })),
  latencyNotMeasured: { en: 'Trigger latency: not measured (step 6 was done by hand)', ja: 'トリガーの遅延: 計測なし (ステップ 6 を手で実行したため)' },
  built: { en: 'What you built', ja: '今日作ったもの' },
  bucket: message(['product-images'] as [string], (name) => ({ en: `S3 bucket ${name}, with CORS rules and a public-read policy`, ja: `S3 バケット ${name} (CORS 設定と公開読み取りのポリシー付き)` })),
  role: message(['lambda-image-processor-role'] as [string], (name) => ({ en: `IAM role ${name}, which the function runs as`, ja: `関数が使う IAM ロール ${name}` })),
  function: message(['image-processor', 'nodejs20.x', 'index.handler'] as [string, string, string], (name, runtime, handler) => ({
    en: `Lambda function ${name} (${runtime}, ${handler}), which resizes images with sharp`,
    ja: `sharp で画像を縮小する Lambda 関数 ${name} (${runtime}、${handler})`,
  })),
  trigger: message(['.jpg', 'processed/'] as [string, string], (suffix, prefix) => ({
    en: `an S3 trigger: every ${suffix} upload runs the function, which saves a copy under ${prefix}`,
    ja: `S3 トリガー: ${suffix} をアップロードするたびに関数が動き、${prefix} に縮小版を保存する`,
  })),
  checklist: message([7, 7] as [number, number], (passed, total) => ({ en: `Checklist: ${passed} of ${total} passed`, ja: `確認ポイント: ${total} 項目中 ${passed} 項目 OK` })),
};

export const OPENING = {
  checking: { en: 'Checking the tools on this computer…', ja: 'このパソコンの道具を確認しています…' },
  neededFor: {
    hand: { en: 'to type the commands yourself', ja: 'コマンドを手で打つとき' },
    localstack: { en: 'to run LocalStack in Docker', ja: 'Docker で LocalStack を動かすとき' },
  },
  neededWhen: { en: 'Needed ', ja: '必要になるのは: ' },
  howTo: { en: 'How to get it: ', ja: '入れ方: ' },
  begin: message([1] as [number], (n) => ({
    en: n === 1 ? 'Press n to begin with step 1.' : `Press n to continue with step ${n}.`,
    ja: n === 1 ? 'n を押すとステップ 1 から始まります。' : `n を押すとステップ ${n} の続きから始まります。`,
  })),
};

export const DETAIL = {
  evidence: { en: 'What was found', ja: '調べた結果' },
  latest: { en: 'Latest message', ja: '最新のメッセージ' },
  stepStopped: { en: 'The step stopped', ja: 'ステップの中断' },
  artifact: { en: 'Build artefact', ja: 'ビルドの成果物' },
  status: {
    pass: { en: 'passed', ja: 'OK' },
    fail: { en: 'failed', ja: '失敗' },
    skip: { en: 'skipped', ja: 'スキップ' },
    error: { en: 'could not be checked', ja: '確認できず' },
    pending: { en: 'running', ja: '確認中' },
  },
};
