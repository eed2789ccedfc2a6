// The shop page: one self-contained HTML document (no CDN, no external file), in the learner's
// language. Values the script needs travel as JSON in a data block; the Content-Security-Policy
// lets the page talk only to its own server and the endpoint.
import type { Lang } from '../config/language.js';
import { say } from '../i18n/text.js';
import { asTyped } from '../config/invocation.js';
import { PAGE_SCRIPT } from './page-script.js';
import { PAGE_TEXTS, type PageTextId } from './page-texts.js';

export interface PageConfig {
  lang: Lang;
  /** The page's own origin, e.g. http://127.0.0.1:4570. */
  origin: string;
  /** The endpoint's origin, as the browser reaches it. */
  endpoint: string;
  bucket: string;
  /** Where processed copies go, e.g. `processed/`. */
  prefix: string;
  deadlineMs: number;
  /** Commands that fix each problem the page can report. */
  fixes: Record<'cors' | 'policy' | 'bucket' | 'endpoint' | 'trigger', string[]>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON that can sit inside <script> without ending it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `
:root { color-scheme: light dark; --accent: #d35400; --line: #8884; }
[hidden] { display: none !important; }
body { font: 16px/1.6 system-ui, "Hiragino Sans", "Noto Sans JP", sans-serif; margin: 0; }
header { padding: 1rem 1.5rem; border-bottom: 1px solid var(--line); }
header h1 { margin: 0; font-size: 1.4rem; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
.meta { font-size: .85rem; opacity: .75; }
form { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: 1.5rem 0; padding: 1rem; border: 1px solid var(--line); border-radius: .5rem; }
label { display: flex; flex-direction: column; gap: .25rem; }
button { font: inherit; padding: .5rem 1.25rem; border: 0; border-radius: .4rem; background: var(--accent); color: #fff; cursor: pointer; }
button:disabled { opacity: .5; cursor: wait; }
#status { min-height: 1.6em; }
#problem { border-left: .3rem solid #c0392b; padding: .5rem 1rem; background: #c0392b14; }
#problem h2 { margin: .2rem 0; font-size: 1.1rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #8882; padding: .5rem .75rem; border-radius: .3rem; }
#result { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
figure { margin: 0; }
figure img { max-width: 100%; border: 1px solid var(--line); }
figcaption { font-size: .85rem; overflow-wrap: anywhere; }
`;

export function renderShopPage(config: PageConfig, nonce: string): string {
  // Runner commands in the texts appear as this learner types the runner's name (npx or not).
  const t = (id: PageTextId) => escapeHtml(asTyped(say(config.lang, PAGE_TEXTS[id])));
  const texts = Object.fromEntries(Object.entries(PAGE_TEXTS).map(([id, text]) => [id, asTyped(say(config.lang, text))]));
  const intro = t('intro')
    .replace('{origin}', `<code>${escapeHtml(config.origin)}</code>`)
    .replace('{bucket}', `<code>${escapeHtml(config.bucket)}</code>`)
    .replace('{prefix}', `<code>${escapeHtml(config.prefix)}</code>`);
  const data = { texts, endpoint: config.endpoint, bucket: config.bucket, deadlineMs: config.deadlineMs, fixes: config.fixes };
  return `<!doctype html>
<html lang="${config.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('title')}</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header><h1>${t('title')}</h1></header>
<main id="app" data-state="loading">
<p>${intro}</p>
<p class="meta">${t('endpoint')}: <code>${escapeHtml(config.endpoint)}</code></p>
<form id="form">
<label>${t('choose')}<input id="file" type="file" accept="image/*"></label>
<button id="upload" type="submit">${t('upload')}</button>
</form>
<p id="status" role="status" aria-live="polite"></p>
<section id="problem" role="alert" hidden>
<h2 id="problem-title"></h2>
<p id="problem-text"></p>
<div id="problem-fix-block"><p>${t('fixHeading')}:</p><div id="problem-fixes"></div><p>${t('afterFix')}</p></div>
</section>
<section id="result" hidden>
<figure><img id="original-img" alt="${t('original')}"><figcaption><strong>${t('original')}</strong><br><span id="original-caption"></span></figcaption></figure>
<figure><img id="processed-img" alt="${t('processed')}"><figcaption><strong>${t('processed')}</strong><br><span id="processed-caption"></span><br><a id="processed-link" target="_blank" rel="noopener">${t('openLink')}</a></figcaption></figure>
</section>
</main>
<script type="application/json" id="shop-config">${scriptJson(data)}</script>
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** Only this page's server and the endpoint; images from the endpoint or a blob of the upload. */
export function pageSecurityPolicy(endpoint: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `img-src ${endpoint} blob:`,
    `connect-src 'self' ${endpoint}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
