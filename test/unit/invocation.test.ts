// Runner commands in the form the learner started the runner with. The probes below are what npm
// 11 and a shell really give the CLI (seen on the development machine with a packed tarball):
// `npx ./serverless-tutorial-0.1.0.tgz` runs ~/.npm/_npx/<hash>/node_modules/.bin/serverless-tutorial
// with npm_command=exec and npm_lifecycle_event=npx; a global install runs <prefix>/bin/serverless-tutorial
// (a symlink) with no npm variables; `node dist/cli.js` in a clone gives that path.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asTyped, detectInvocation, endpointStartCommand, runnerCommand, type Invocation } from '../../src/config/invocation.js';

let root: string;
let clone: string;
let ownCli: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'invocation-'));
  clone = join(root, 'serverless-tutorial');
  mkdirSync(join(clone, 'dist'), { recursive: true });
  ownCli = join(clone, 'dist', 'cli.js');
  writeFileSync(ownCli, '#!/usr/bin/env node\n', { mode: 0o755 });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A symlink to the runner at `path` (as npm makes bin links). */
function linkTo(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  symlinkSync(ownCli, path);
  return path;
}

describe('detectInvocation', () => {
  it('is npx when npm ran it (npx or npm exec), from its _npx cache', () => {
    const script = linkTo(join(root, '.npm/_npx/906cdea4fb9635aa/node_modules/.bin/serverless-tutorial'));
    const cwd = join(root, 'empty');
    expect(detectInvocation({ env: { npm_command: 'exec', npm_lifecycle_event: 'npx' }, script, cwd, ownCli })).toEqual({ kind: 'npx', prefix: 'npx serverless-tutorial' });
    // An older npm that sets neither variable: the _npx cache in the path says the same.
    expect(detectInvocation({ env: {}, script, cwd, ownCli }).prefix).toBe('npx serverless-tutorial');
  });

  it('is the bare name when that name on PATH is this runner (a global install)', () => {
    const bin = join(root, 'global/bin');
    const script = linkTo(join(bin, 'serverless-tutorial'));
    expect(detectInvocation({ env: { PATH: `/usr/bin:${bin}` }, script, cwd: root, ownCli })).toEqual({ kind: 'path', prefix: 'serverless-tutorial' });
  });

  it('is npx for a copy installed in the project the learner is in (or a folder below it)', () => {
    const project = join(root, 'project');
    const script = linkTo(join(project, 'node_modules/.bin/serverless-tutorial'));
    expect(detectInvocation({ env: {}, script, cwd: join(project, 'lambda/image-processor'), ownCli }).prefix).toBe('npx serverless-tutorial');
  });

  it('is node with the path from a clone: relative inside it, absolute (quoted when needed) elsewhere', () => {
    expect(detectInvocation({ env: {}, script: ownCli, cwd: clone, ownCli })).toEqual({ kind: 'node', prefix: 'node dist/cli.js' });
    expect(detectInvocation({ env: {}, script: ownCli, cwd: join(root, 'elsewhere'), ownCli }).prefix).toBe(`node ${ownCli}`);
    const spaced = join(root, 'my clone');
    mkdirSync(spaced);
    const spacedCli = join(spaced, 'cli.js');
    writeFileSync(spacedCli, '');
    expect(detectInvocation({ env: {}, script: spacedCli, cwd: root, ownCli: spacedCli }).prefix).toBe(`node 'my clone/cli.js'`);
  });

  it('is the documented npx form when the runner is loaded by something else (a test runner)', () => {
    expect(detectInvocation({ env: { npm_command: 'run-script' }, script: join(root, 'node_modules/jest/bin/jest.js'), cwd: root, ownCli }).prefix).toBe('npx serverless-tutorial');
  });
});

describe('commands as the learner types them', () => {
  const node: Invocation = { kind: 'node', prefix: 'node dist/cli.js' };

  it('builds runner commands from one prefix', () => {
    expect(runnerCommand('run --step deploy', node)).toBe('node dist/cli.js run --step deploy');
    expect(runnerCommand('check', { kind: 'path', prefix: 'serverless-tutorial' })).toBe('serverless-tutorial check');
    expect(endpointStartCommand('http://127.0.0.1:4566', node)).toBe('node dist/cli.js endpoint');
    expect(endpointStartCommand('http://127.0.0.1:4571', node)).toBe('node dist/cli.js endpoint --port 4571');
  });

  it("rewrites the lesson's npx form wherever it stands, and nothing else", () => {
    expect(asTyped('eval "$(npx serverless-tutorial env)"', node)).toBe('eval "$(node dist/cli.js env)"');
    expect(asTyped('npx serverless-tutorial endpoint', node)).toBe('node dist/cli.js endpoint');
    expect(asTyped('run `npx serverless-tutorial endpoint` in a second terminal', node)).toBe('run `node dist/cli.js endpoint` in a second terminal');
    expect(asTyped('awslocal s3 ls', node)).toBe('awslocal s3 ls');
    expect(asTyped('npx serverless-tutorials', node)).toBe('npx serverless-tutorials');
    expect(asTyped('npx esbuild src/index.ts', node)).toBe('npx esbuild src/index.ts');
    expect(asTyped('eval "$(npx serverless-tutorial env)"', { kind: 'npx', prefix: 'npx serverless-tutorial' })).toBe('eval "$(npx serverless-tutorial env)"');
  });
});
