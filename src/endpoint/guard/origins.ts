// Is a request coming from a web page, and from which origin? Browsers say so in `Origin` (every
// CORS request, every POST/PUT/DELETE), in the Fetch Metadata headers (`Sec-Fetch-Site`, sent by
// current browsers on every request, even `<img>` and `<script>` loads that carry no Origin) and,
// for older browsers, in `Referer`. Command-line tools and SDKs send none of them.
import { header, type EndpointRequest } from '../http.js';

/** Stands for "a web page whose origin the browser did not name" (Sec-Fetch-Site without Origin). */
export const UNNAMED_PAGE = '(a web page)';

/**
 * The origin of the page that made this request, or undefined when it was not made by a page:
 * a tool, or the person typing the URL / following a link (a top-level navigation, whose answer
 * no other page can read).
 */
export function pageOrigin(req: EndpointRequest): string | undefined {
  const origin = header(req, 'origin');
  if (origin !== undefined && origin.trim() !== '') return origin.trim();
  const mode = header(req, 'sec-fetch-mode');
  if (mode === 'navigate' && (req.method === 'GET' || req.method === 'HEAD')) return undefined;
  const referer = refererOrigin(header(req, 'referer'));
  if (referer !== undefined) return referer;
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'none') return UNNAMED_PAGE;
  return undefined;
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    const origin = new URL(referer).origin;
    return origin === 'null' ? 'null' : origin;
  } catch {
    return UNNAMED_PAGE;
  }
}

/** `HTTP://LocalHost:3000/` → `http://localhost:3000`: origins compare by scheme, host and port. */
export function normalizeOrigin(origin: string): string {
  const trimmed = origin.trim().replace(/\/+$/, '');
  try {
    const url = new URL(trimmed);
    return url.origin === 'null' ? trimmed.toLowerCase() : url.origin;
  } catch {
    return trimmed.toLowerCase();
  }
}

/** `*` in the list allows every page (as LocalStack's EXTRA_CORS_ALLOWED_ORIGINS=* does). */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true;
  if (origin === UNNAMED_PAGE) return false;
  const wanted = normalizeOrigin(origin);
  return allowed.some((a) => normalizeOrigin(a) === wanted);
}
