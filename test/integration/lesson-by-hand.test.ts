// The whole lesson typed by hand: every command of every step, exactly as lesson.yaml gives it, in
// one bash in a clean environment (env -i: PATH and HOME only; /usr/bin/aws, Debian's AWS CLI v2,
// first; no awslocal installed) in an empty folder, after eval "$(serverless-tutorial env …)",
// against the runner's built-in endpoint started as the learner starts it in a second terminal
// (`endpoint --port N`, a child process with its own state directory). Each must exit 0.
// A second shell with a pyenv AWS CLI v1 first on PATH proves env's awslocal runs the v2.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadDefaultLesson, type Lesson, type Step } from '../../src/lesson/index.js';
import { CLI, runCli, spawnCli, type SpawnedCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/endpoint.js';
import { unusedPort } from '../helpers/ports.js';
import { findAwsV1, hasAwsCli } from '../helpers/aws-cli.js';

const REPO = dirname(dirname(CLI));
const NODE_DIR = dirname(process.execPath);

interface Typed {
  step: string;
  command: string;
  code: number;
  output: string;
}

/** Commands not typed here, with the reason (printed, so a skip is never silent). */
function skipReason(command: Step['commands'][number]): string | undefined {
  if (command.variant === 'docker') return 'LocalStack in Docker (variant docker): no Docker engine here; the built-in endpoint stands in';
  if (/serverless-tutorial endpoint$/.test(command.run)) return 'runs in a second terminal: this test started it as a child process on its own port';
  return undefined;
}

/** Commands the step text says to run again until something shows up (asynchronous work). */
function waitsFor(step: Step, command: string): string | undefined {
  if (step.id === 'trigger' && /s3 ls s3:\/\/\S+\/processed\//.test(command)) return 'trigger-test.jpg';
  return undefined;
}

/**
 * One bash script for a list of commands: each runs as typed, with markers around its output
 * and its exit status, so a failure names the command and what it printed.
 */
function script(preamble: string[], commands: { step: Step; run: string }[]): string {
  const lines = [...preamble];
  commands.forEach(({ step, run }, index) => {
    lines.push(`echo "@@begin ${index}"`);
    const until = waitsFor(step, run);
    if (until) {
      lines.push(`for try in $(seq 1 90); do`, `  out=$(${run} 2>&1); rc=$?`, `  case "$out" in *${until}*) break ;; esac`, `  sleep 1`, `done`, `echo "$out"`, `(exit $rc)`);
    } else {
      lines.push(run);
    }
    lines.push(`echo "@@end ${index} $?"`);
  });
  return `${lines.join('\n')}\n`;
}

function parse(output: string, commands: { step: Step; run: string }[]): Typed[] {
  return commands.map(({ step, run }, index) => {
    const begin = output.indexOf(`@@begin ${index}\n`);
    const end = /@@end (\d+) (\d+)\n/g;
    end.lastIndex = begin;
    const match = begin >= 0 ? end.exec(output) : null;
    return {
      step: step.id,
      command: run,
      code: match && Number(match[1]) === index ? Number(match[2]) : -1,
      output: begin >= 0 ? output.slice(begin, match?.index ?? undefined) : '(never reached)',
    };
  });
}

function bash(text: string, cwd: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    execFile('/bin/bash', ['-c', text], { cwd, env, timeout: 900_000, maxBuffer: 64 * 1024 * 1024 }, (_error, stdout, stderr) => resolve(`${stdout}\n${stderr}`));
  });
}

const describeWithCli = hasAwsCli ? describe : describe.skip;
if (!hasAwsCli) console.warn('lesson-by-hand: /usr/bin/aws (AWS CLI v2) is missing, so the hand-typed lesson is not run (apt-get install awscli)');

describeWithCli('the lesson typed by hand in a clean shell', () => {
  let lesson: Lesson;
  let endpoint: SpawnedCli;
  let url: string;
  let project: string;
  let home: string;
  let runnerBin: string;

  beforeAll(async () => {
    lesson = await loadDefaultLesson();
    const root = tempDir('st-by-hand-');
    project = join(root, 'project');
    home = join(root, 'home');
    runnerBin = join(root, 'bin');
    for (const dir of [project, home, runnerBin]) mkdirSync(dir);
    // The runner as a learner has it: on PATH (a global install) and for `npx serverless-tutorial`
    // in the project (an installed copy, so npx does not go to the registry for an unpublished name).
    symlinkSync(CLI, join(runnerBin, 'serverless-tutorial'));
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(REPO, join(project, 'node_modules', 'serverless-tutorial'));
    symlinkSync(CLI, join(project, 'node_modules', '.bin', 'serverless-tutorial'));
    // A learner who has used npm before: its cache (no second download of sharp), no update nag.
    const cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
    writeFileSync(join(home, '.npmrc'), `cache=${cache}\nupdate-notifier=false\nfund=false\naudit=false\n`);

    const port = await unusedPort();
    url = `http://127.0.0.1:${port}`;
    endpoint = spawnCli(['endpoint', '--port', String(port), '--state-dir', join(root, 'endpoint-state')], { cwd: root });
    await endpoint.waitFor(/Press Ctrl\+C/, 60_000);
  }, 120_000);

  afterAll(async () => {
    if (!endpoint) return;
    endpoint.child.kill('SIGINT');
    await endpoint.exited;
  });

  /**
   * A machine may reach the npm registry through a proxy whose CA comes from NODE_EXTRA_CA_CERTS
   * rather than npm's global config, so that and any proxy settings pass through: plumbing of the
   * machine, not part of a learner's setup.
   */
  const network = Object.fromEntries(
    ['NODE_EXTRA_CA_CERTS', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'].flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])),
  );
  const cleanPath = (first: string[] = []) => [...first, '/usr/bin', '/bin', ...(NODE_DIR === '/usr/bin' ? [] : [NODE_DIR]), runnerBin].join(':');

  it('runs every command of every step, in order, each exiting 0', async () => {
    const commands: { step: Step; run: string }[] = [];
    for (const step of lesson.steps) {
      for (const command of step.commands) {
        const reason = skipReason(command);
        if (reason) console.log(`lesson-by-hand: skipped in step ${step.number}: ${command.run} — ${reason}`);
        else commands.push({ step, run: command.run });
      }
    }
    expect(commands.some((c) => c.run.includes('zip -r'))).toBe(true);
    const text = script([`eval "$(serverless-tutorial env --endpoint ${url})"`], commands);
    const output = await bash(text, project, { PATH: cleanPath(), HOME: home, SHELL: '/bin/bash', ...network });
    const typed = parse(output, commands);
    const failed = typed.filter((t) => t.code !== 0);
    expect(failed).toEqual([]);
    // What the commands made is what the lesson's checklist looks for.
    expect(typed.find((t) => t.command.startsWith('unzip -l'))?.output).toMatch(/^ +\d+ +[\d-]+ [\d:]+ +index\.js$/m);
    expect(typed.find((t) => t.command === 'cat out.json')?.output).toContain('processed/test.jpg');
    expect(typed.find((t) => t.step === 'trigger' && /s3 ls .*processed\//.test(t.command))?.output).toContain('trigger-test.jpg');
    const check = await runCli(['check', '--read-only', '--endpoint', url, '--state-dir', join(project, '.serverless-tutorial')], { cwd: project, timeoutMs: 300_000 });
    expect(check.stdout.trim().split('\n').at(-1)).toBe('4 passed, 0 failed, 3 skipped');
  }, 900_000);

  it('with a pyenv AWS CLI v1 first on PATH, env’s awslocal runs /usr/bin/aws, so step 5 works as typed', async () => {
    const v1 = findAwsV1();
    if (!v1) {
      console.warn('lesson-by-hand: no AWS CLI v1 on this PATH, so the pyenv variant is skipped');
      return;
    }
    const step1 = lesson.steps[0].commands.filter((c) => !skipReason(c) && !/ init$/.test(c.run)).map((c) => ({ step: lesson.steps[0], run: c.run }));
    const step5 = lesson.steps[4].commands.map((c) => ({ step: lesson.steps[4], run: c.run }));
    const commands = [...step1, ...step5];
    const text = script([`eval "$(serverless-tutorial env --endpoint ${url})"`, 'echo "@@aws $(aws --version 2>&1)"', 'echo "@@awslocal $(type awslocal | grep -- --endpoint-url)"'], commands);
    const output = await bash(text, project, { PATH: cleanPath([dirname(v1)]), HOME: home, SHELL: '/bin/bash', ...network });
    expect(output).toMatch(/@@aws aws-cli\/1\./);
    expect(output).toContain('@@awslocal     /usr/bin/aws --endpoint-url "$AWS_ENDPOINT_URL" "$@"');
    expect(parse(output, commands).filter((t) => t.code !== 0)).toEqual([]);
  }, 600_000);
});
