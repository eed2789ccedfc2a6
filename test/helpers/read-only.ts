// Read-only directories that are really read-only for the CLI under test. chmod alone does not
// stop root (CI runs as root), so as root the CLI is run without the capabilities that let root
// ignore permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, dropped from its bounding
// set with setpriv), or else as the user nobody. Where neither works, the tests that need it are
// skipped with the reason printed.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './cli.js';

export interface ReadOnlyMode {
  /** Set when read-only directories cannot be made real here. */
  skipReason?: string;
  /** How the CLI must be started for protected directories to be read-only to it (argv before node). */
  wrapper: string[];
  /** Makes `dir` and everything under it read-only (for the CLI started with `wrapper`). */
  protect(dir: string): void;
  /** Gives write permission back, so the test can clean up. */
  release(dir: string): void;
}

// By full path: the CLI may be run with a PATH that finds nothing.
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv', '/usr/sbin/setpriv'].find((p) => existsSync(p)) ?? 'setpriv';
const DROP_DAC = [SETPRIV, '--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable', '--'];
const AS_NOBODY = [SETPRIV, '--reuid=65534', '--regid=65534', '--clear-groups', '--'];

function walk(dir: string, visit: (path: string, isDir: boolean) => void): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, visit);
    visit(path, entry.isDirectory());
  }
  visit(dir, true);
}

/** chmod: directories r-x, files r-- for everyone (the owner too). */
function protect(dir: string): void {
  walk(dir, (path, isDir) => chmodSync(path, isDir ? 0o555 : 0o444));
}

function release(dir: string): void {
  walk(dir, (path, isDir) => chmodSync(path, isDir ? 0o755 : 0o644));
}

/** True when a process started with `wrapper` can run the CLI and cannot write into a protected directory. */
function works(wrapper: string[]): boolean {
  const probe = mkdtempSync(join(tmpdir(), 'st-readonly-probe-'));
  chmodSync(probe, 0o755);
  try {
    protect(probe);
    const run = (args: string[]) => {
      const [command, ...rest] = [...wrapper, process.execPath, ...args];
      return execFileSync(command, rest, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    };
    run([CLI, '--version']);
    const outcome = run(['-e', `try { require('fs').mkdirSync(${JSON.stringify(join(probe, 'x'))}); console.log('wrote') } catch (e) { console.log(e.code) }`]);
    return outcome.trim() === 'EACCES';
  } catch {
    return false;
  } finally {
    release(probe);
    rmSync(probe, { recursive: true, force: true });
  }
}

let cached: ReadOnlyMode | undefined;

export function readOnlyMode(): ReadOnlyMode {
  if (cached) return cached;
  const base = { protect, release };
  if (process.getuid?.() !== 0) {
    cached = works([]) ? { ...base, wrapper: [] } : { ...base, wrapper: [], skipReason: 'chmod did not make a directory read-only here' };
  } else if (works(DROP_DAC)) {
    cached = { ...base, wrapper: DROP_DAC };
  } else if (works(AS_NOBODY)) {
    cached = { ...base, wrapper: AS_NOBODY };
  } else {
    cached = {
      ...base,
      wrapper: [],
      skipReason:
        'running as root, and neither setpriv --bounding-set (needs CAP_SETPCAP) nor setpriv as nobody (needs the checkout and node readable by nobody) made a directory read-only',
    };
  }
  return cached;
}

/** A directory the CLI can enter whichever way it is started (mkdtemp makes 0700 ones). */
export function openTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}
