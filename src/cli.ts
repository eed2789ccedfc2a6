#!/usr/bin/env node
// Entry point. `--version` answers here, before anything else loads: it is the one command people
// run to see whether the runner works at all, and it should cost little more than starting Node.
// Every other command (the argument parser, help, the guided UI) is main.ts, loaded on demand.
import { RUNNER_VERSION } from './version.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${RUNNER_VERSION}\n`);
} else {
  await import('./main.js');
}
