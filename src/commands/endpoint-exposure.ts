// What the person running `endpoint` should know when it is open to more than their own tools:
// a non-loopback address lets anyone on the network drive it, and `--allow-origin *` lets every
// web page they open do the same.
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Text } from '../i18n/text.js';

function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/** URLs others on the network would use: every external address when bound to all of them. */
function networkUrls(host: string, port: number): string[] {
  const all = host === '0.0.0.0' || host === '::';
  const addresses = all
    ? Object.values(networkInterfaces())
        .flat()
        .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
        .map((a) => (a as { address: string }).address)
    : [host];
  return addresses.map((a) => `http://${a.includes(':') ? `[${a}]` : a}:${port}`);
}

export function exposureWarning(host: string, port: number, allowedOrigins: readonly string[]): Text | undefined {
  const parts: Text[] = [];
  if (!isLoopbackAddress(host)) {
    const urls = networkUrls(host, port);
    parts.push({
      en:
        `Warning: listening on ${host}, so anyone on your network who can reach this computer can use this endpoint.\n` +
        `There is no password (any keys work). They can:\n` +
        `  - create Lambda functions and run their code on this computer, under your user account;\n` +
        `  - read, change and delete every object in your buckets, and change the buckets' settings.\n` +
        (urls.length > 0 ? `Others reach it at: ${urls.join(', ')} (an instructor's class check can use this).\n` : '') +
        `Use this only on a network you trust, such as your classroom, and stop it with Ctrl+C when you are done.\n`,
      ja:
        `注意: ${host} で待ち受けているため、このコンピューターに届くネットワーク上の人なら誰でもこのエンドポイントを使えます。\n` +
        `パスワードはありません (どんなキーでも通ります)。次のことができてしまいます:\n` +
        `  - Lambda 関数を作り、そのコードをこのコンピューター上であなたのユーザー権限で実行する\n` +
        `  - バケットのオブジェクトをすべて読む・書き換える・削除する。バケットの設定も変える\n` +
        (urls.length > 0 ? `他の人が使う URL: ${urls.join(', ')} (講師のクラス確認はこの URL で行えます)\n` : '') +
        `教室のような信頼できるネットワークでだけ使い、終わったら Ctrl+C で止めてください。\n`,
    });
  }
  if (allowedOrigins.includes('*')) {
    parts.push({
      en: 'Warning: every web page you open may now use every API of this endpoint (--allow-origin * / EXTRA_CORS_ALLOWED_ORIGINS=*), including creating and running functions.\n',
      ja: '注意: --allow-origin * (または EXTRA_CORS_ALLOWED_ORIGINS=*) により、ブラウザーで開いたどの Web ページからも、関数の作成や実行を含むこのエンドポイントのすべての API を使えます。\n',
    });
  }
  if (parts.length === 0) return undefined;
  return { en: parts.map((p) => p.en).join(''), ja: parts.map((p) => p.ja).join('') };
}
