// Without a terminal (pipes, CI) `start`, and `serverless-tutorial` with no command, never enter
// raw mode or animate: they say the lesson needs a terminal and what to run instead (exit 2), and
// change nothing; with --yes they do the steps with the plain reporter of `run`. NO_COLOR and
// --no-color are honoured. Runs the built CLI (npm test builds it first).
import { afterAll, describe, expect, it } from '@jest/globals';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { unusedPort } from '../helpers/ports.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/endpoint.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function stateDir(): string {
  const dir = tempDir('st-notty-');
  dirs.push(dir);
  return dir;
}

describe('start without a terminal', () => {
  it('with no command name and no --yes: says it is not interactive and what to run instead (exit 2), and does nothing', async () => {
    const dir = stateDir();
    const en = await runCli(['--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', join(dir, 'state'), '--lang', 'en'], { cwd: dir });
    expect(en.code).toBe(2);
    expect(en.stdout).toBe('');
    expect(en.stderr).toContain('The guided lesson needs an interactive terminal, and this is not one');
    expect(en.stderr).toMatch(/^ {2}node \S+cli\.js run +do the steps/m);
    expect(en.stderr).toMatch(/^ {2}node \S+cli\.js check +only run the checklist/m);
    expect(existsSync(join(dir, 'state', 'progress.json'))).toBe(false);
    const ja = await runCli(['start', '--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', join(dir, 'state'), '--lang', 'ja'], { cwd: dir });
    expect(ja.code).toBe(2);
    expect(ja.stderr).toContain('ガイド付きのレッスンには対話できる端末が必要ですが、ここはそうではありません');
    expect(ja.stderr).toMatch(/^ {2}node \S+cli\.js run +ステップを順に実行/m);
  });

  it('with --yes and no command name, runs start, which prints the plain reporter of run (no escape sequences)', async () => {
    const dir = stateDir();
    const result = await runCli(['--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', join(dir, 'state'), '--step', '1', '--lang', 'en', '--yes'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[1/6] localstack — Start LocalStack and make sure it answers');
    expect(result.stdout).toMatch(/✓ localstack-running/);
    expect(result.stdout).toMatch(/1 passed, 0 failed\n$/);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stderr).toContain('Built-in endpoint started at');
  });

  it('start --yes --step in Japanese; FORCE_COLOR paints, NO_COLOR and --no-color win over it', async () => {
    const dir = stateDir();
    const state = join(dir, 'state');
    const painted = await runCli(['start', '--yes', '--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', state, '--step', 'localstack', '--lang', 'ja'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(painted.code).toBe(0);
    expect(painted.stdout).toContain('LocalStack を起動して動作を確認する');
    expect(painted.stdout).toContain('\u001b[');
    const noColor = await runCli(['start', '--yes', '--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', state, '--step', '1'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.code).toBe(0);
    expect(noColor.stdout).not.toContain('\u001b');
    const flag = await runCli(['start', '--yes', '--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', state, '--step', '1', '--no-color'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(flag.code).toBe(0);
    expect(flag.stdout).not.toContain('\u001b');
  });

  it('an unknown --step is a usage error (exit 2) naming the steps', async () => {
    const dir = stateDir();
    const result = await runCli(['--yes', '--embedded', '--endpoint', `http://127.0.0.1:${await unusedPort()}`, '--state-dir', join(dir, 'state'), '--step', '9', '--lang', 'en'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown step '9'");
  });
});
