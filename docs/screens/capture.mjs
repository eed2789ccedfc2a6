// Regenerates the text captures in this folder from the tmux test that drives the whole lesson at
// 80×24 in Japanese and English (test/e2e/tmux-lesson.test.ts): it writes every named screen here
// when SAVE_SCREENS is set. Usage (after npm run build): node docs/screens/capture.mjs
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
for (const file of readdirSync(here)) if (file.endsWith('.txt')) rmSync(join(here, file));
const run = spawnSync('npx', ['jest', '--maxWorkers=1', 'test/e2e/tmux-lesson.test.ts', '-t', 'Japanese|English'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SAVE_SCREENS: here, NODE_OPTIONS: '--experimental-vm-modules --no-warnings' },
});
process.exit(run.status ?? 1);
