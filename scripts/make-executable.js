// tsc does not keep the executable bit: make the CLI entry runnable as `serverless-tutorial`.
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
