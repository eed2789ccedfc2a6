#!/usr/bin/env node
// `npm run docs:cli`: writes the command-line reference (rendered from the argument parser in
// src/) into README.md between its markers. `--check` only reports drift.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importSource } from './lib/source-module.js';

const { readmeCliReference, renderCliReference, withCliReference } = await importSource('src/cli-reference.ts');

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const readme = readFileSync(readmePath, 'utf8');
const reference = renderCliReference();
if (process.argv.includes('--check')) {
  if (readmeCliReference(readme) !== reference) {
    process.stderr.write('README.md: the CLI reference differs from the argument parser; run npm run docs:cli\n');
    process.exit(1);
  }
  process.stdout.write('README.md: the CLI reference is up to date\n');
} else {
  writeFileSync(readmePath, withCliReference(readme, reference));
  process.stdout.write('README.md: CLI reference written\n');
}
