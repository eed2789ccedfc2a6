// Runs every benchmark in bench/ in turn (each writes its own bench/results/<name>.{json,md}), then
// the README's performance table from those results (bench/readme.mjs). `-- --test-suite` adds
// bench/test-suite.mjs (the whole `npm test`).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
// test-suite.mjs runs all of `npm test` (minutes): only with --test-suite; otherwise the README
// keeps its last stored result.
const withTestSuite = process.argv.includes('--test-suite');
const benches = readdirSync(dir).filter(
  (f) => f.endsWith('.mjs') && !['lib.mjs', 'run-all.mjs', 'goals.mjs', 'readme.mjs'].includes(f) && (withTestSuite || f !== 'test-suite.mjs'),
);
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n== ${file}\n`);
  const run = spawnSync(process.execPath, [`${dir}${file}`], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
const readme = spawnSync(process.execPath, [`${dir}readme.mjs`], { stdio: 'inherit' });
process.exitCode = failed || readme.status !== 0 ? 1 : 0;
