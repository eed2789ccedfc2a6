// The command-line surface: help, version, exit codes and usage errors in both languages.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { buildProgram } from '../../src/program.js';
import { CLI, runCli } from '../helpers/cli.js';
import { modulesIn, staticClosure, fileHolding } from '../helpers/bundle-graph.js';

/** Packages --help and --version must not load: Ink and React, the AWS SDK, the lesson validator's. */
const HEAVY = /^(@aws-sdk\/|@smithy\/|ink$|react$|@inkjs\/|zod$|yaml$)/;

const commandNames = buildProgram({ stdout: () => {}, stderr: () => {} }, () => {}).commands.map((c) => c.name());
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('serverless-tutorial CLI basics', () => {
  it('prints help with exit 0, top level and for every command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^Usage: serverless-tutorial/);
    expect(commandNames.length).toBeGreaterThan(0);
    for (const name of commandNames) {
      const run = await runCli([name, '--help']);
      expect({ name, code: run.code }).toEqual({ name, code: 0 });
      expect(run.stdout).toContain(`Usage: serverless-tutorial ${name}`);
    }
  });

  it('prints the package version', async () => {
    for (const flag of ['--version', '-v']) {
      const run = await runCli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(version);
    }
  });

  it('exits 2 with a hint on an unknown command or option, in English and Japanese', async () => {
    const unknown = await runCli(['endpiont']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'endpiont'");
    expect(unknown.stderr).toContain('endpoint');
    expect(unknown.stderr).toContain('--help');

    const badOption = await runCli(['endpoint', '--frobnicate']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("unknown option '--frobnicate'");

    const ja = await runCli(['--lang', 'ja', 'endpoint', '--port', 'abc']);
    expect(ja.code).toBe(2);
    expect(ja.stderr).toContain('ポートは 0 から 65535 までの整数です');
    expect(ja.stderr).not.toMatch(/\n\s+at /);

    const jaFromEnv = await runCli(['endpiont'], { env: { LANG: 'ja_JP.UTF-8' } });
    expect(jaFromEnv.stderr).toContain("'endpiont' というコマンドはありません");
  });

  it('accepts common options before or after the command name', async () => {
    const before = await runCli(['--lang', 'xx', 'endpoint']);
    const after = await runCli(['endpoint', '--lang', 'xx']);
    expect(before.code).toBe(2);
    expect(after.code).toBe(2);
    expect(after.stderr).toContain('Allowed choices are ja, en');
  });

  it('ends quietly when its output pipe is closed early (as with | head)', async () => {
    const child = spawn(process.execPath, [CLI, 'list', '--state-dir', tmpdir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Close our end before the CLI writes anything: its first write meets a closed pipe.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('answers --version from the entry file alone', () => {
    // dist/cli.js and what it imports statically: what Node loads before --version prints. The
    // argument parser and everything else come by import() (main.ts) for the other commands.
    const { packages, sources } = modulesIn(staticClosure(CLI));
    expect([...packages]).toEqual([]);
    expect([...sources].sort()).toEqual(['src/cli.ts', 'src/package-root.ts', 'src/version.ts']);
  });

  it('keeps the AWS SDK and Ink off the start-up path of --help and every command', () => {
    // main.ts and the chunks it imports statically: what Node loads before a command's code runs.
    const startUp = staticClosure(CLI, fileHolding('src/main.ts'));
    const { packages, sources } = modulesIn(startUp);
    expect(packages.has('commander')).toBe(true);
    expect(sources.has('src/program.ts')).toBe(true);
    const heavy = [...packages].filter((name) => HEAVY.test(name));
    expect(heavy).toEqual([]);
    // Explaining a failure or writing a crash log (failures/) is loaded only when something fails.
    // The UI's line breaker (src/ui/text/: plain functions, no Ink) wraps the Japanese help, so it stays.
    const notForStartUp = /^src\/(ui\/(?!text\/)|endpoint|steps|checks|troubleshoot|failures)\/|^src\/lesson\/load\.ts$/;
    expect([...sources].filter((source) => notForStartUp.test(source))).toEqual([]);
  });

  it('draws the guided UI\'s first frame without the SDK, the endpoint or the lesson validator', () => {
    // start, then what it imports before rendering: Ink and the UI, and the services that wait for the session.
    const firstFrame = staticClosure(CLI, ...['src/main.ts', 'src/commands/start.ts', 'src/ui/render.tsx', 'src/ui/connecting-services.ts'].map(fileHolding));
    const { packages, sources } = modulesIn(firstFrame);
    expect(packages.has('ink')).toBe(true);
    expect(sources.has('src/ui/components/App.tsx')).toBe(true);
    expect([...packages].filter((name) => /^(@aws-sdk\/|@smithy\/|zod$|yaml$)/.test(name))).toEqual([]);
    // What start adds to what every command loads (the latter is the test above's business). Of
    // src/aws/, only errors.ts may come: it reads error objects and imports nothing (failure texts).
    const everyCommand = modulesIn(staticClosure(CLI, fileHolding('src/main.ts'))).sources;
    const added = [...sources].filter((source) => !everyCommand.has(source));
    expect(added.filter((source) => /^src\/endpoint\/|^src\/aws\/(?!errors\.ts$)|^src\/commands\/session\.ts$|^src\/lesson\/load\.ts$/.test(source))).toEqual([]);
  });
});
