// The README's command-line reference is rendered from the argument parser: this fails when the
// README's copy drifts from the real options (fix: npm run docs:cli). It also keeps the Quick
// start commands the README promises.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readmeCliReference, renderCliReference, withCliReference } from '../../src/cli-reference.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README command-line reference', () => {
  it('matches the argument parser exactly (run `npm run docs:cli` after changing options)', () => {
    expect(readmeCliReference(readme)).toBe(renderCliReference());
  });

  it('covers every command, including check --roster and init', () => {
    const reference = renderCliReference();
    for (const command of ['start', 'run', 'check', 'doctor', 'list', 'reset', 'endpoint', 'init']) {
      expect({ command, documented: reference.includes(`### \`serverless-tutorial ${command}\``) }).toEqual({ command, documented: true });
    }
    expect(reference).toContain('--roster <file>');
    expect(reference).toContain('--concurrency <n>');
    expect(reference).toContain('"html"');
  });

  it('notices drift: a README whose copy lacks an option no longer matches', () => {
    const drifted = withCliReference(readme, renderCliReference().replace(/^.*--read-only.*$/m, ''));
    expect(readmeCliReference(drifted)).not.toBe(renderCliReference());
    expect(() => withCliReference('# no markers here\n')).toThrow(/no <!-- cli-reference:start/);
  });

  it('keeps the Quick start commands and the test command', () => {
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## For learners'));
    expect(quickStart).toMatch(/^npm install\b/m);
    expect(quickStart).toMatch(/^npx serverless-tutorial\b/m);
    expect(quickStart).toMatch(/^npm test\b/m);
  });
});
