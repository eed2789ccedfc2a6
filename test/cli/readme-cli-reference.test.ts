// The README's command-line reference is rendered from the argument parser: this fails when the
// README's copy drifts from the real options (fix: npm run docs:cli). It also keeps the Quick
// start commands the README promises.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readmeCliReference, renderCliReference, withCliReference } from '../../src/cli-reference.js';
import { loadDefaultLesson } from '../../src/lesson/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README command-line reference', () => {
  it('matches the argument parser exactly (run `npm run docs:cli` after changing options)', () => {
    expect(readmeCliReference(readme)).toBe(renderCliReference());
  });

  it('covers every command, including check --roster and init', () => {
    const reference = renderCliReference();
    for (const command of ['start', 'run', 'check', 'doctor', 'list', 'env', 'reset', 'endpoint', 'init']) {
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

  it("walks the hand-typed path: the endpoint, then env, then every step's commands as lesson.yaml gives them, then check", async () => {
    const lesson = await loadDefaultLesson();
    const section = readme.slice(readme.indexOf('### Typing the lesson yourself'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const typed = block.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
    const builtin = lesson.steps.flatMap((step) => step.commands).filter((c) => c.variant === 'builtin').map((c) => c.run);
    const inOrder = lesson.steps.flatMap((step) => step.commands).filter((c) => !c.variant).map((c) => c.run);
    expect(typed).toEqual([...builtin, ...inOrder, 'npx serverless-tutorial check']);
    expect(inOrder.indexOf('eval "$(npx serverless-tutorial env)"')).toBe(1);
    // The Japanese walk says the same.
    expect(section).toContain('**日本語** — 画面に出るコマンドは、`env` で端末を設定すれば');
  });
});
