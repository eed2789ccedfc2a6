// The 準備 checklist against stand-in tools: tiny shell scripts on a PATH of our own that print what
// the real tools print. Sources of the texts: AWS CLI v2 is Debian 12's awscli 2.9.19 and v1 the
// pyenv awscli 1.45.11 on the development machine (`aws --version`); the failing docker is the
// Docker 28.2.2 CLI on that machine, which has no compose plugin and no engine (`docker compose
// version`, `docker info`); the healthy docker's lines follow the same CLI's formats.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefaultLesson, runPreflight, type Lesson, type PreflightItem, type PreflightReport } from '../../src/lesson/index.js';

const AWS_V2 = 'aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off';
const AWS_V1 = 'aws-cli/1.45.11 Python/3.11.7 Linux/6.1.0 botocore/1.43.11';
const NO_DAEMON = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
const DENIED =
  'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/info": dial unix /var/run/docker.sock: connect: permission denied';

let root: string;
let lesson: Lesson;
let counter = 0;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'preflight-'));
  lesson = await loadDefaultLesson();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder of stand-in executables; returns its path. */
function bin(tools: Record<string, string>, folder = `bin-${++counter}`): string {
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(tools)) {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

const say = (line: string) => `echo '${line}'`;
const sayErr = (line: string) => `echo '${line}' >&2`;

const dockerScript = (cases: { version?: string; compose?: string; info?: string }) => `case "$1" in
  --version) ${cases.version ?? say('Docker version 28.2.2, build e6534b4')} ;;
  compose) ${cases.compose ?? `${sayErr('docker: unknown command: docker compose')}; echo >&2; ${sayErr("Run 'docker --help' for more information")}; exit 1`} ;;
  info) ${cases.info ?? `${sayErr(NO_DAEMON)}; exit 1`} ;;
  *) exit 2 ;;
esac`;

const HEALTHY_DOCKER = dockerScript({
  version: say('Docker version 27.3.1, build ce12230'),
  compose: `[ "$2" = version ] && ${say('Docker Compose version v2.29.7')}`,
  info: `[ "$2" = --format ] && ${say('27.3.1')}`,
});

async function preflight(env: NodeJS.ProcessEnv, options: { awsFallbackPaths?: string[]; timeoutMs?: number } = {}): Promise<PreflightReport> {
  return runPreflight(env, { entries: lesson.preflight, awsFallbackPaths: options.awsFallbackPaths ?? [], timeoutMs: options.timeoutMs });
}
const item = (report: PreflightReport, id: string): PreflightItem => report.items.find((candidate) => candidate.id === id)!;

describe('runPreflight', () => {
  it('passes on a machine with everything, taking how-to texts from the lesson', async () => {
    const path = bin({ aws: say(AWS_V2), awslocal: 'exit 0', docker: HEALTHY_DOCKER });
    const report = await preflight({ PATH: path, AWS_ENDPOINT_URL: 'http://localhost:4566' });

    expect(report.items.map((entry) => [entry.id, entry.ok])).toEqual([
      ['aws-cli', true],
      ['awslocal', true],
      ['docker', true],
      ['docker-compose', true],
      ['docker-engine', true],
      ['endpoint-variable', true],
    ]);
    expect(item(report, 'aws-cli').detail.en).toBe(`AWS CLI 2.9.19 at ${path}/aws`);
    expect(item(report, 'aws-cli').found).toEqual({ path: `${path}/aws`, version: '2.9.19' });
    expect(item(report, 'awslocal').detail.en).toBe(`awslocal at ${path}/awslocal`);
    expect(item(report, 'docker').detail.en).toBe(`Docker 27.3.1 at ${path}/docker`);
    expect(item(report, 'docker-compose').detail.en).toBe('Docker Compose 2.29.7 (docker compose)');
    expect(item(report, 'docker-engine').detail.en).toBe('the Docker engine 27.3.1 is running');
    expect(item(report, 'endpoint-variable').detail.en).toBe('AWS_ENDPOINT_URL=http://localhost:4566: awslocal and the runner use http://localhost:4566');
    for (const entry of report.items) {
      const declared = lesson.preflight.find((candidate) => candidate.id === entry.id)!;
      expect(entry.howTo).toEqual(declared.howTo);
      expect(entry.title).toEqual(declared.title);
    }
    expect([report.localstackReady, report.handReady, report.builtInReady]).toEqual([true, true, true]);
    expect(report.summary.en).toBe(
      'LocalStack can run here. You can type the lesson’s commands by hand. The built-in endpoint (--embedded) always works: it needs neither Docker nor awslocal.',
    );
  });

  it('catches the pyenv trap: a v1 aws first on PATH, with v2 installed elsewhere', async () => {
    const shims = bin({ aws: say(AWS_V1) }, '.pyenv/shims');
    const system = bin({ aws: say(AWS_V2) }, 'usr-bin');
    const report = await preflight({ PATH: `${shims}:${bin({ awslocal: 'exit 0' })}` }, { awsFallbackPaths: [join(system, 'aws')] });
    const aws = item(report, 'aws-cli');
    expect(aws.ok).toBe(false);
    expect(aws.found).toEqual({ path: `${shims}/aws`, version: '1.45.11' });
    expect(aws.detail.en).toContain(`the aws first on PATH (${shims}/aws) is AWS CLI 1.45.11, not version 2`);
    expect(aws.detail.en).toContain('--cli-binary-format');
    expect(aws.detail.en).toContain('It comes from pyenv');
    expect(aws.detail.en).toContain(`AWS CLI 2.9.19 is installed at ${system}/aws: put its folder first on PATH (export PATH=${system}:$PATH), or run eval "$(npx serverless-tutorial env)", whose awslocal runs that one.`);
    expect(aws.detail.ja).toContain('v2 ではありません');
    expect(aws.detail.ja).toContain(`${system}/aws に AWS CLI 2.9.19 があります`);
    expect(report.handReady).toBe(false);
    expect(report.summary.en).toContain('To type the commands by hand, see: aws-cli.');
  });

  it('reads a v1 version printed on stderr, as old v1 releases did, and says when nothing better exists', async () => {
    const path = bin({ aws: sayErr('aws-cli/1.18.69 Python/2.7.18 Linux/5.4.0 botocore/1.16.19') });
    const aws = item(await preflight({ PATH: path }), 'aws-cli');
    expect(aws.ok).toBe(false);
    expect(aws.found?.version).toBe('1.18.69');
    expect(aws.detail.en).not.toContain('is installed at');
    expect(aws.detail.en).not.toContain('pyenv');
  });

  it('reports an aws that gives no version, quoting what it said', async () => {
    const path = bin({ aws: `${sayErr('aws: error: the following arguments are required: command')}; exit 252` });
    const aws = item(await preflight({ PATH: path }), 'aws-cli');
    expect(aws.ok).toBe(false);
    expect(aws.detail.en).toBe(`${path}/aws --version did not report an AWS CLI version: aws: error: the following arguments are required: command.`);
  });

  it('reports this machine’s Docker: a CLI without the compose plugin and without an engine', async () => {
    const path = bin({ docker: dockerScript({}) });
    const report = await preflight({ PATH: path });
    expect(item(report, 'docker')).toMatchObject({ ok: true, found: { path: `${path}/docker`, version: '28.2.2' } });
    const compose = item(report, 'docker-compose');
    expect(compose.ok).toBe(false);
    expect(compose.detail.en).toBe('docker compose is not available: docker: unknown command: docker compose');
    const engine = item(report, 'docker-engine');
    expect(engine.ok).toBe(false);
    expect(engine.detail.en).toBe(
      `the Docker engine is not reachable: ${NO_DAEMON} Only LocalStack needs Docker; the built-in endpoint (--embedded) runs without it.`,
    );
    expect(engine.detail.ja).toContain('Docker エンジンにつながりません');
    expect(report.localstackReady).toBe(false);
    expect(report.builtInReady).toBe(true);
    expect(report.summary.en).toContain('LocalStack cannot run here yet (docker-compose, docker-engine).');
    expect(report.summary.ja).toContain('内蔵エンドポイント (--embedded) はいつでも使えます');
  });

  it('accepts the standalone docker-compose when the plugin is missing', async () => {
    const path = bin({
      docker: dockerScript({ info: say('28.2.2') }),
      'docker-compose': say('docker-compose version 1.29.2, build 5becea4c'),
    });
    const report = await preflight({ PATH: path });
    const compose = item(report, 'docker-compose');
    expect(compose.ok).toBe(true);
    expect(compose.found).toEqual({ path: `${path}/docker-compose`, version: '1.29.2' });
    expect(compose.detail.en).toContain('use docker-compose where the lesson says docker compose');
    expect(report.localstackReady).toBe(true);
  });

  it('tells a refused docker socket apart from a stopped engine', async () => {
    const path = bin({ docker: dockerScript({ info: `${sayErr(DENIED)}; exit 1` }) });
    const engine = item(await preflight({ PATH: path }), 'docker-engine');
    expect(engine.ok).toBe(false);
    expect(engine.detail.en).toBe(`docker info was refused: ${DENIED} (your user may not be in the docker group)`);
  });

  it('gives up on a docker info that never answers', async () => {
    const path = bin({ docker: dockerScript({ info: 'exec /bin/sleep 30' }) });
    const engine = item(await preflight({ PATH: path }, { timeoutMs: 500 }), 'docker-engine');
    expect(engine.ok).toBe(false);
    expect(engine.detail.en).toContain('the Docker engine is not reachable: no answer within 0.5 s');
  });

  it('with an empty PATH finds nothing but blocks nothing', async () => {
    const report = await preflight({ PATH: '' });
    expect(report.items.map((entry) => [entry.id, entry.ok])).toEqual([
      ['aws-cli', false],
      ['awslocal', false],
      ['docker', false],
      ['docker-compose', false],
      ['docker-engine', false],
      ['endpoint-variable', true],
    ]);
    expect(item(report, 'aws-cli').detail.en).toBe('aws is not on PATH.');
    expect(item(report, 'awslocal').detail.en).toContain('the runner and the built-in endpoint do not use it');
    expect(item(report, 'docker').detail.en).toBe(
      'docker is not on PATH. Only LocalStack needs Docker; the built-in endpoint (--embedded) runs without it.',
    );
    expect(item(report, 'docker-compose').detail.en).toMatch(/^no docker CLI, so no Docker Compose/);
    expect(item(report, 'docker-engine').detail.en).toMatch(/^no docker CLI to ask the engine with/);
    expect(item(report, 'endpoint-variable').detail.en).toContain('not set: awslocal and the runner use http://localhost:4566');
    expect([report.localstackReady, report.handReady, report.builtInReady]).toEqual([false, false, true]);
  });

  it('points to a v2 outside PATH when aws is not on PATH at all', async () => {
    const system = bin({ aws: say(AWS_V2) });
    const aws = item(await preflight({ PATH: '' }, { awsFallbackPaths: [join(system, 'aws')] }), 'aws-cli');
    expect(aws.ok).toBe(false);
    expect(aws.detail.en).toBe(`aws is not on PATH. AWS CLI 2.9.19 is installed at ${system}/aws: put its folder first on PATH (export PATH=${system}:$PATH), or run eval "$(npx serverless-tutorial env)", whose awslocal runs that one.`);
  });

  it('reads the endpoint variables as awslocal and the runner do', async () => {
    const endpoint = async (env: NodeJS.ProcessEnv) => item(await runPreflight({ PATH: '', ...env }, { entries: lesson.preflight.filter((e) => e.id === 'endpoint-variable') }), 'endpoint-variable');

    const host = await endpoint({ LOCALSTACK_HOST: 'localstack:4566' });
    expect(host).toMatchObject({ ok: true, detail: { en: 'LOCALSTACK_HOST=localstack:4566: awslocal and the runner use http://localstack:4566' } });

    const both = await endpoint({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4567', LOCALSTACK_HOST: 'localhost:4566' });
    expect(both.ok).toBe(true);
    expect(both.detail.en).toBe(
      'AWS_ENDPOINT_URL=http://127.0.0.1:4567: awslocal and the runner use http://127.0.0.1:4567 (LOCALSTACK_HOST=localhost:4566 is ignored: AWS_ENDPOINT_URL wins)',
    );

    const aws = await endpoint({ AWS_ENDPOINT_URL: 'https://s3.us-east-1.amazonaws.com' });
    expect(aws.ok).toBe(false);
    expect(aws.detail.en).toContain('does not look local: it may be real AWS, and the runner refuses it unless --allow-aws is given');

    const garbage = await endpoint({ AWS_ENDPOINT_URL: 'ftp://localhost:4566' });
    expect(garbage.ok).toBe(false);
    expect(garbage.detail.en).toContain('AWS_ENDPOINT_URL: "ftp://localhost:4566" must be an http:// or https:// URL');

    // A user:password in the variable is never echoed (doctor prints this line).
    const secret = await endpoint({ AWS_ENDPOINT_URL: 'http://admin:hunter2pw@127.0.0.1:4567' });
    expect(secret.detail.en).toContain('AWS_ENDPOINT_URL=http://***@127.0.0.1:4567');
    expect(JSON.stringify(secret.detail)).not.toContain('hunter2pw');
  });

  it('runs the default lesson’s list when no entries are given', async () => {
    const report = await runPreflight({ PATH: '' }, { awsFallbackPaths: [] });
    expect(report.items.map((entry) => entry.id)).toEqual(lesson.preflight.map((entry) => entry.id));
  });
});
