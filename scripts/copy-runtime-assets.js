// tsc compiles only TypeScript: the function runtime's plain-JS bootstrap (it runs inside each
// function's worker process) is copied beside the compiled runner in dist/.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';

const from = new URL('../src/endpoint/lambda/runtime/bootstrap/', import.meta.url);
const to = new URL('../dist/endpoint/lambda/runtime/bootstrap/', import.meta.url);
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) {
  if (name.endsWith('.cjs') || name.endsWith('.mjs')) cpSync(new URL(name, from), new URL(name, to));
}
