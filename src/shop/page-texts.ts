// Every sentence on the shop page, in both languages. `{name}` placeholders are filled in by the
// page's script (values it only knows at run time) or by page-html.ts (values known up front).
import type { Text } from '../i18n/text.js';

export const PAGE_TEXTS = {
  title: { en: 'Shop: upload a product photo', ja: 'ショップ: 商品写真のアップロード' },
  intro: {
    en:
      'This page plays the shop’s frontend from the next lessons. It runs on its own origin ({origin}), ' +
      'uploads a photo from your browser straight to the bucket {bucket} (with a presigned URL), and shows the copy ' +
      'your function makes in {prefix} by its public URL — the way a shop visitor’s browser would.',
    ja:
      'このページは次回以降のレッスンで作るショップの画面の代わりです。独自のオリジン ({origin}) で動き、' +
      'ブラウザーから写真をバケット {bucket} へ直接アップロードし (署名付き URL を使います)、' +
      '関数が {prefix} に作ったコピーを公開 URL で表示します。ショップを訪れた人のブラウザーと同じやり方です。',
  },
  choose: { en: 'Photo (JPEG or PNG; other images are converted to JPEG)', ja: '写真 (JPEG か PNG。ほかの形式の画像は JPEG に変換します)' },
  upload: { en: 'Upload', ja: 'アップロード' },
  endpoint: { en: 'Endpoint', ja: 'エンドポイント' },
  converting: { en: 'Converting the photo to JPEG…', ja: '写真を JPEG に変換しています…' },
  uploading: { en: 'Uploading {key} to {bucket}…', ja: '{key} を {bucket} にアップロードしています…' },
  readingBack: { en: 'Uploaded. Opening it by its public URL (no signature)…', ja: 'アップロードしました。公開 URL (署名なし) で開いています…' },
  waiting: { en: 'Waiting for your function to make {processed}… {seconds} s', ja: '関数が {processed} を作るのを待っています… {seconds} 秒' },
  done: {
    en: 'Done: your function made a {width}×{height} copy of the {originalWidth}×{originalHeight} photo, {seconds} s after the upload.',
    ja: '完了: 関数が {originalWidth}×{originalHeight} の写真から {width}×{height} のコピーを作りました (アップロードから {seconds} 秒)。',
  },
  original: { en: 'Original (uploaded from this page)', ja: '元の写真 (このページからアップロード)' },
  processed: { en: 'Processed copy, opened by its public URL', ja: '処理後のコピー (公開 URL で表示)' },
  openLink: { en: 'Open the processed copy by its URL', ja: '処理後のコピーを URL で開く' },
  fixHeading: { en: 'How to fix it', ja: '直し方' },
  afterFix: { en: 'Then upload again.', ja: '直したら、もう一度アップロードしてください。' },
  problemCorsTitle: { en: 'The bucket’s CORS setting is missing (or does not allow this page)', ja: 'バケットの CORS 設定がありません (または、このページを許可していません)' },
  problemCorsPut: {
    en:
      'Your browser refused to send the photo. Before uploading, it asked the bucket whether a page on {origin} may PUT ' +
      'there (a CORS preflight), and the answer was no. Allowing that is the job of the bucket’s CORS rules (cors.json).',
    ja:
      'ブラウザーが写真の送信を止めました。アップロードの前に、{origin} のページが PUT してよいかをバケットに問い合わせ ' +
      '(CORS のプリフライト)、許可されなかったためです。これを許可するのがバケットの CORS 設定 (cors.json) です。',
  },
  problemCorsGet: {
    en:
      'The upload worked, but your browser would not let this page read the photo back: the answer from the bucket ' +
      'carried no Access-Control-Allow-Origin for {origin}. The bucket’s CORS rules (cors.json) must allow GET.',
    ja:
      'アップロードはできましたが、ブラウザーがこのページに写真を読ませませんでした。バケットの応答に {origin} 向けの ' +
      'Access-Control-Allow-Origin がなかったためです。バケットの CORS 設定 (cors.json) で GET を許可する必要があります。',
  },
  problemPolicyTitle: { en: 'The bucket policy is missing: the photo cannot be opened by its URL', ja: 'バケットポリシーがありません: 写真を URL で開けません' },
  problemPolicy: {
    en:
      'The upload worked, but opening the photo by its public URL — without a signature, as a shop visitor’s browser ' +
      'does — was answered {status} {code}. Letting everyone read the images is the job of the bucket policy ' +
      '(policy.json, statement PublicReadGetObject).',
    ja:
      'アップロードはできましたが、公開 URL で写真を開く (ショップを訪れた人のブラウザーと同じく署名なしで) と ' +
      '{status} {code} が返りました。誰でも画像を読めるようにするのがバケットポリシー (policy.json の PublicReadGetObject) です。',
  },
  problemEndpointTitle: { en: 'The endpoint does not answer', ja: 'エンドポイントが応答しません' },
  problemEndpoint: {
    en: 'Nothing answers at {endpoint}. Start LocalStack (docker compose up -d) or the built-in endpoint (npx serverless-tutorial endpoint) and try again.',
    ja: '{endpoint} で何も応答しません。LocalStack (docker compose up -d) か内蔵エンドポイント (npx serverless-tutorial endpoint) を起動して、もう一度試してください。',
  },
  problemBucketTitle: { en: 'The bucket does not exist', ja: 'バケットがありません' },
  problemBucket: { en: 'There is no bucket {bucket} at {endpoint}. Step 2 creates it.', ja: '{endpoint} にバケット {bucket} がありません。ステップ 2 で作成します。' },
  problemTriggerTitle: { en: 'No processed copy appeared', ja: '処理後のコピーができません' },
  problemTrigger: {
    en:
      'The photo is in the bucket and opens by its URL, but {processed} did not appear within {seconds} s. Either the ' +
      'S3 trigger (step 6) is not set up or the function failed. The runner can tell which:',
    ja:
      '写真はバケットにあり、URL でも開けますが、{seconds} 秒待っても {processed} ができませんでした。S3 トリガー (ステップ 6) ' +
      'が設定されていないか、関数が失敗しています。どちらかは次で確かめられます:',
  },
  problemUploadTitle: { en: 'The upload was refused', ja: 'アップロードが拒否されました' },
  problemUpload: { en: 'The bucket answered {status} {code}: {message}', ja: 'バケットの応答は {status} {code} でした: {message}' },
  problemNotImageTitle: { en: 'This file is not an image', ja: 'このファイルは画像ではありません' },
  problemNotImage: { en: 'Your browser could not open {name} as an image. Choose a photo (JPEG or PNG).', ja: 'ブラウザーが {name} を画像として開けませんでした。写真 (JPEG か PNG) を選んでください。' },
  problemPageTitle: { en: 'The page server did not answer', ja: 'ページのサーバーが応答しません' },
  problemPage: {
    en: 'The shop page’s own server stopped ({message}). Start it again: npx serverless-tutorial shop',
    ja: 'ショップページのサーバーが止まっています ({message})。もう一度起動してください: npx serverless-tutorial shop',
  },
  noFile: { en: 'Choose a photo first.', ja: '先に写真を選んでください。' },
} satisfies Record<string, Text>;

export type PageTextId = keyof typeof PAGE_TEXTS;
