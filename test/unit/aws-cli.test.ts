// One answer to "which aws does the shell run, and where is a v2": doctor's preparation checklist
// and `env`'s awslocal must name the same AWS CLI. Stand-in tools print what the real ones print
// (Debian 12's awscli 2.9.19, a pyenv awscli 1.45.11).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectAwsCli } from '../../src/lesson/aws-cli.js';
import { loadDefaultLesson, runPreflight, type Lesson } from '../../src/lesson/index.js';
import { planAwsCommands } from '../../src/config/shell-env.js';

const AWS_V2 = 'aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12 prompt/off';
const AWS_V1 = 'aws-cli/1.45.11 Python/3.11.7 Linux/6.1.0 botocore/1.43.11';

let root: string;
let lesson: Lesson;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'aws-cli-'));
  lesson = await loadDefaultLesson();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function bin(folder: string, tools: Record<string, string>): string {
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  for (const [name, line] of Object.entries(tools)) {
    writeFileSync(join(dir, name), `#!/bin/sh\necho '${line}'\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

describe('inspectAwsCli', () => {
  it('finds a v2 later on PATH behind a v1, and doctor and env both name that one', async () => {
    const shims = bin('.pyenv/shims', { aws: AWS_V1 });
    const system = bin('usr/bin', { aws: AWS_V2 });
    const env = { PATH: `${shims}:${system}` };
    const report = await inspectAwsCli(env, { fallbackPaths: [] });
    expect(report.first).toEqual({ path: `${shims}/aws`, version: '1.45.11', major: 1 });
    expect(report.v2).toEqual({ path: `${system}/aws`, version: '2.9.19' });

    const preflight = await runPreflight(env, { entries: lesson.preflight, awsFallbackPaths: [] });
    const aws = preflight.items.find((item) => item.id === 'aws-cli')!;
    expect(aws.ok).toBe(false);
    expect(aws.detail.en).toContain(`AWS CLI 2.9.19 is installed at ${system}/aws`);
    expect(aws.detail.en).toContain('eval "$(npx serverless-tutorial env)", whose awslocal runs that one');
    expect(planAwsCommands(report, { en: '', ja: '' }).awslocalFunction).toEqual({ aws: `${system}/aws`, v2: true });
  });

  it('asks an installed awslocal which AWS CLI it runs when told to', async () => {
    const tools = bin('local/bin', { aws: AWS_V2, awslocal: AWS_V1 });
    const quick = await inspectAwsCli({ PATH: tools }, { fallbackPaths: [] });
    expect(quick.awslocal).toEqual({ path: `${tools}/awslocal` });
    const asked = await inspectAwsCli({ PATH: tools }, { fallbackPaths: [], awslocalVersion: true });
    expect(asked.awslocal?.runs).toMatchObject({ version: '1.45.11', major: 1 });
    // That awslocal would run a v1: env replaces it with one that runs the v2.
    expect(planAwsCommands(asked, { en: '', ja: '' }).awslocalFunction).toEqual({ aws: 'aws', v2: true });
  });

  it('reports nothing when there is no aws at all', async () => {
    expect(await inspectAwsCli({ PATH: bin('empty', {}) }, { fallbackPaths: [] })).toEqual({});
  });
});
