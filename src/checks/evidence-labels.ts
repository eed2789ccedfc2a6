// Names of what the checks and the troubleshooter looked at, in both languages, for the labels of
// their evidence. API operations and fields (GetFunction, CodeSha256, StateReason…) stay as AWS
// names them: they are what a learner searches for.
import type { Text } from '../i18n/text.js';

export const LABEL = {
  endpoint: { en: 'endpoint', ja: '接続先' },
  bucketPolicy: { en: 'policy', ja: 'バケットポリシー' },
  error: { en: 'error', ja: 'エラー' },
  result: { en: 'result', ja: '結果' },
  payload: { en: 'payload', ja: '戻り値' },
  logTail: { en: 'log tail', ja: 'ログの末尾' },
  notification: { en: 'notification', ja: 'イベント通知' },
  lessonWants: { en: 'lesson wants', ja: 'レッスンの設定' },
  functionPolicy: { en: 'function policy', ja: '関数のポリシー' },
  newest: { en: 'newest', ja: '最新の処理済み画像' },
  original: { en: 'original', ja: '元の画像' },
  metadata: { en: 'metadata', ja: 'メタデータ' },
  container: { en: 'container', ja: 'コンテナ' },
  containerLog: { en: 'container log (last lines)', ja: 'コンテナのログ (末尾)' },
  variables: { en: 'variables', ja: '環境変数' },
  deployedZip: { en: 'deployed zip', ja: 'デプロイされた zip' },
  waitedFor: { en: 'waited for', ja: '待っていたオブジェクト' },
  build: { en: 'build', ja: 'ビルド' },
  health: { en: 'health', ja: 'ヘルスチェック' },
  function: { en: 'function', ja: '関数' },
  establishedFrom: { en: 'established from', ja: '根拠' },
  lastChecked: { en: 'last checked', ja: '前回の確認' },
} satisfies Record<string, Text>;

export const VALUE = {
  none: { en: 'none', ja: 'なし' },
  noneParen: { en: '(none)', ja: '(なし)' },
  noAnswer: { en: 'no answer', ja: '応答なし' },
  noOutput: { en: '(no output)', ja: '(出力なし)' },
  open: { en: 'open', ja: '接続できる' },
} satisfies Record<string, Text>;

/** "label (detail)" in both languages, e.g. the Lambda log group a tail was read from. */
export function logsOf(functionName: string): Text {
  return { en: `logs /aws/lambda/${functionName}`, ja: `ログ /aws/lambda/${functionName}` };
}
