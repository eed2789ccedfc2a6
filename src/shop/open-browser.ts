// Opens a URL in the person's browser, best effort: `open` on macOS, `start` on Windows,
// `xdg-open` elsewhere when there is a display. Never waits for the browser and never fails the
// command — the URL is always printed as well.
import { spawn } from 'node:child_process';

export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  let command: string;
  let args: string[];
  if (process.platform === 'darwin') [command, args] = ['open', [url]];
  else if (process.platform === 'win32') [command, args] = ['cmd', ['/c', 'start', '""', url]];
  else if (env.DISPLAY || env.WAYLAND_DISPLAY) [command, args] = ['xdg-open', [url]];
  else return false;
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
