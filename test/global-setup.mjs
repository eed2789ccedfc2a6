// Before any test: the system programs the suites drive must be here, or the run stops at once with
// what to install (instead of suites failing one by one minutes later). .ci/run installs them on CI.
// SKIP_TOOL_CHECK=1 lets a developer run part of the suite without them (those tests then skip or fail).
// `npm test` also runs this file first as a script, so a fresh machine hears it before the typecheck
// and the build, in its first seconds.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** program → Debian package */
const TOOLS = {
  tmux: 'tmux',
  zip: 'zip',
  unzip: 'unzip',
  curl: 'curl',
  zsh: 'zsh',
  fish: 'fish',
  setpriv: 'util-linux',
  chromium: 'chromium',
};

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(program) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => executable(join(dir, program)));
}

export default function checkTools() {
  if (process.env.SKIP_TOOL_CHECK === '1') return;
  const missing = Object.entries(TOOLS).filter(([program]) => !onPath(program)).map(([, pkg]) => pkg);
  // The learners' client is the AWS CLI v2 at /usr/bin/aws (another aws may come first on PATH).
  if (!executable('/usr/bin/aws')) missing.push('awscli');
  if (missing.length > 0) {
    throw new Error(
      `Missing system packages for the tests: ${[...new Set(missing)].join(' ')}\n` +
        `Install them (Debian): apt-get install -y ${[...new Set(missing)].join(' ')} — .ci/run does this on CI.\n` +
        'To run some tests without them anyway: SKIP_TOOL_CHECK=1 npm test',
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    checkTools();
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
}
