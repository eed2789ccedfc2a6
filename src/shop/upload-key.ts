// The key a photo from the shop page is stored under: `shop/<time>-<name>.jpg`. Always `.jpg`
// (the page sends JPEG, and the lesson's trigger reacts to that suffix only), plain ASCII, unique
// per upload, and never under the output prefix (which the function skips).
import { randomBytes } from 'node:crypto';

const UPLOAD_PREFIX = 'shop/';

export function uploadKeyFor(fileName: string, now = new Date()): string {
  const base = fileName
    .replace(/\.[^.]*$/, '')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .toLowerCase();
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').replace('T', '-');
  return `${UPLOAD_PREFIX}${stamp}-${randomBytes(3).toString('hex')}-${base || 'photo'}.jpg`;
}
