// What a function's Node process may touch: Node's permission model confines the worker to its own
// code, the runtime's files, the SDK it may import, an empty HOME and /tmp. Everything else on the
// machine is out of reach for the function's JavaScript, in particular
//   /proc/<ppid>/environ (and every other process's environment: the endpoint's, the learner's
//   shell's with its AWS keys and tokens), the learner's home (~/.aws/credentials, ~/.ssh), the
//   endpoint's data dir (other functions' code, the objects behind S3's API).
// Starting programs (child_process), WASI and the inspector are refused too: a program started by
// the function would not be confined. Native addons stay allowed, because the lesson's sharp is one.
//
// Why this mechanism: it is the one that exists wherever the runner runs (Linux, macOS, Windows)
// with nothing but Node. Hiding the ancestors' environments otherwise needs a PID or mount namespace
// (bwrap/unshare: Linux only, and often refused to unprivileged users) or another user id (root).
// Scrubbing the endpoint's own environment would not help: /proc/<pid>/environ shows what a
// process was started with, and the learner's shell above it holds the same secrets.
//
// The flags changed across Node releases (a comma list became repeated flags during 20.x; later
// majors name the model --permission), so which spelling works is learnt once per process by
// starting Node with them (~50 ms, while the function's code is unpacked).
//
//   await permissionFlags({ readable, writable })  flags for `node`, or undefined when this Node
//                                                   has no usable permission model (learnt once;
//                                                   call it early to overlap the probe with other work)
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

interface Spelling {
  enable: string;
  extra: string[];
}

const STABLE: Spelling = { enable: '--permission', extra: [] };
const EXPERIMENTAL: Spelling = { enable: '--experimental-permission', extra: ['--disable-warning=ExperimentalWarning'] };
/** Node 20 knows only the experimental spelling: try it first there. */
const CANDIDATES: Spelling[] = Number(process.versions.node.split('.')[0]) <= 20 ? [EXPERIMENTAL, STABLE] : [STABLE, EXPERIMENTAL];

/** Both may be printed on every start otherwise, and would land in the function's log. */
const QUIET = ['--disable-warning=SecurityWarning'];

let probed: Promise<Spelling | undefined> | undefined;

/** The first spelling under which this Node confines reads to repeated --allow-fs-read paths and loads addons. */
function supportedSpelling(): Promise<Spelling | undefined> {
  probed ??= (async () => {
    for (const candidate of CANDIDATES) {
      if (await works(candidate)) return candidate;
    }
    return undefined;
  })();
  return probed;
}

function works(candidate: Spelling): Promise<boolean> {
  // Two allowed directories (existing ones: the model resolves paths) and one that is not: a Node
  // that takes only a comma list (early 20.x) or lacks --allow-addons fails.
  const a = dirname(process.execPath);
  const b = tmpdir();
  const outside = join(dirname(a), 'st-permission-probe-outside');
  const script = `const p=process.permission;process.exit(p&&p.has('fs.read',${JSON.stringify(join(a, 'x'))})&&p.has('fs.read',${JSON.stringify(join(b, 'x'))})&&!p.has('fs.read',${JSON.stringify(outside)})?0:3)`;
  const args = [candidate.enable, ...candidate.extra, ...QUIET, `--allow-fs-read=${a}`, `--allow-fs-read=${b}`, '--allow-addons', '-e', script];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: {}, timeout: 10_000 }, (error) => resolve(error === null));
  });
}

export interface PermissionPaths {
  /** Directories (with everything below) and files the function may read. */
  readable: string[];
  /** Directories it may write to (and read). */
  writable: string[];
}

/** Lambda code writes to /tmp by name; here /tmp is the machine's (on macOS /tmp → /private/tmp). */
export function temporaryDirectories(): string[] {
  const dirs = new Set<string>();
  for (const dir of process.platform === 'win32' ? [tmpdir()] : ['/tmp', tmpdir()]) {
    dirs.add(dir);
    try {
      dirs.add(realpathSync(dir));
    } catch {
      // missing: nothing to allow
    }
  }
  return [...dirs];
}

/** The permission flags for a worker, or undefined when this Node has no usable permission model. */
export async function permissionFlags(paths: PermissionPaths): Promise<string[] | undefined> {
  const spelling = await supportedSpelling();
  if (!spelling) return undefined;
  return [
    spelling.enable,
    ...spelling.extra,
    ...QUIET,
    ...[...paths.readable, ...paths.writable].map((path) => `--allow-fs-read=${path}`),
    ...paths.writable.map((path) => `--allow-fs-write=${path}`),
    // The lesson's function needs sharp, a native addon (see the header for what that leaves open).
    '--allow-addons',
    // Worker threads run inside the same confined process.
    '--allow-worker',
  ];
}
