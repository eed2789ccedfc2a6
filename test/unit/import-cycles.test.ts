// The source tree has no import circles (type-only imports included): types live beside the code
// that owns them, and a command never imports the parser that loads it.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Relative imports of a file: static, type-only, re-exports and lazy `import()` alike. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s+'(\.[^']+)'/gm),
    ...text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g),
  ];
  for (const match of specifiers) {
    const base = resolve(dirname(file), match[1].replace(/\.js$/, ''));
    const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
    if (target) found.push(target);
  }
  return found;
}

function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('import graph of src/', () => {
  it('has no circles', () => {
    const graph = new Map(sourceFiles(SRC).map((f) => [f, importsOf(f)]));
    const cycles = findCycles(graph).map((cycle) => cycle.map((f) => relative(SRC, f)).join(' → '));
    expect(cycles).toEqual([]);
  });

  it('finds a circle when there is one (the detector itself works)', () => {
    const graph = new Map([
      ['program', ['commands/run', 'config']],
      ['commands/run', ['commands/options', 'program']],
      ['commands/options', []],
      ['config', []],
    ]);
    expect(findCycles(graph)).toEqual([['program', 'commands/run', 'program']]);
    // and the parser sees lazy imports: program.ts loads commands/run.ts with import().
    expect(importsOf(join(SRC, 'program.ts'))).toContain(join(SRC, 'commands', 'run.ts'));
  });
});
