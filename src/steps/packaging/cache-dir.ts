// Where downloads for other platforms are kept between runs: the OS's per-user cache directory,
// so every project and state dir shares one copy of sharp per platform/arch.
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CACHE_DIR_ENV = 'SERVERLESS_TUTORIAL_CACHE_DIR';

/**
 * `$SERVERLESS_TUTORIAL_CACHE_DIR`, else `$XDG_CACHE_HOME` or `~/.cache` (Linux),
 * `~/Library/Caches` (macOS), `%LOCALAPPDATA%` (Windows), each + `/serverless-tutorial`.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform, home: string = safeHomedir()): string {
  const explicit = env[CACHE_DIR_ENV];
  if (explicit) return explicit;
  let base: string;
  if (platform === 'darwin') base = join(home, 'Library', 'Caches');
  else if (platform === 'win32') base = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
  else base = env.XDG_CACHE_HOME || join(home, '.cache');
  return join(base, 'serverless-tutorial');
}

function safeHomedir(): string {
  try {
    return homedir() || tmpdir();
  } catch {
    return tmpdir(); // no home directory (some CI users): fall back to the temp dir
  }
}
