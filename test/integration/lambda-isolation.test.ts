// A function cannot read secrets from the endpoint's process, its ancestors or the learner's home.
// The endpoint runs as the learner runs it (`serverless-tutorial endpoint`, started from a shell),
// both with secret-looking variables in their environment at exec and a HOME holding
// ~/.aws/credentials. The function tries what a malicious dependency would: /proc/<ppid>/environ
// and up the ancestors, every /proc/<pid>/environ, the real home's credentials (even knowing the
// path), and starting a program to read them instead.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { CLI } from '../helpers/cli.js';
import { clientsFor, type Clients } from '../helpers/clients.js';
import { tempDir } from '../helpers/endpoint.js';
import { deployFunction } from '../fixtures/functions/deploy.js';
import { utf8 } from '../fixtures/functions/end-to-end.js';

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
const SECRETS = {
  AWS_SECRET_ACCESS_KEY: secret('SECRETKEY'),
  AWS_SESSION_TOKEN: secret('SESSIONTOKEN'),
  GITHUB_TOKEN: secret('ghp'),
};
const HOME_SECRET = secret('HOMECREDENTIAL');

// The function's attempts; it reports what it read (the test looks for the secrets in all of it).
const SNOOP = `const fs = require('fs');
const os = require('os');
exports.handler = async (event) => {
  const attempts = [];
  const tryRead = (path) => {
    try {
      const text = fs.readFileSync(path, 'latin1');
      attempts.push({ path, read: true, text });
      return text;
    } catch (error) {
      attempts.push({ path, read: false, code: error.code });
      return undefined;
    }
  };
  for (let pid = process.ppid, depth = 0; pid > 1 && depth < 12; depth++) {
    tryRead('/proc/' + pid + '/environ');
    tryRead('/proc/' + pid + '/cmdline');
    const status = tryRead('/proc/' + pid + '/status');
    const parent = status && /PPid:\\s+(\\d+)/.exec(status);
    pid = parent ? Number(parent[1]) : 0;
  }
  let pids = [];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\\d+$/.test(name));
  } catch (error) {
    attempts.push({ path: '/proc', read: false, code: error.code });
  }
  for (const pid of pids) tryRead('/proc/' + pid + '/environ');
  tryRead(event.credentialsPath);
  tryRead(os.userInfo().homedir + '/.aws/credentials');
  tryRead(os.homedir() + '/.aws/credentials');
  try {
    attempts.push({ program: require('child_process').execFileSync('cat', ['/proc/' + process.ppid + '/environ']).toString('latin1') });
  } catch (error) {
    attempts.push({ program: false, code: error.code });
  }
  return { attempts, ppid: process.ppid };
};`;

let scratch: string;
let shell: ChildProcess;
let clients: Clients;
let credentialsPath: string;
let stderr = '';

beforeAll(async () => {
  // Outside the system temp dir, which functions may use as Lambda's /tmp.
  mkdirSync(join(process.cwd(), 'node_modules', '.cache'), { recursive: true });
  scratch = mkdtempSync(join(process.cwd(), 'node_modules', '.cache', 'st-isolation-'));
  const home = join(scratch, 'home');
  mkdirSync(join(home, '.aws'), { recursive: true });
  credentialsPath = join(home, '.aws', 'credentials');
  writeFileSync(credentialsPath, `[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = ${HOME_SECRET}\n`);
  const dataDir = tempDir('st-isolation-data-');
  // A shell that stays the endpoint's parent (the trailing `; :` keeps it from exec'ing node).
  shell = spawn('/bin/sh', ['-c', `"${process.execPath}" "${CLI}" endpoint --port 0 --data-dir "${dataDir}"; :`], {
    env: { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', ...SECRETS },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that the shell and the endpoint below it end together.
    detached: true,
  });
  shell.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the endpoint did not start: ${out}${stderr}`)), 30_000);
    shell.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const found = /ready: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  clients = clientsFor(url);
  await deployFunction(clients.lambda, { name: 'snoop', files: { 'index.js': SNOOP } });
}, 60_000);

afterAll(async () => {
  for (const client of Object.values(clients ?? {})) client.destroy();
  // The shell's child is the endpoint: end the whole group the shell leads.
  if (shell?.pid) {
    const exited = new Promise((done) => shell.once('exit', done));
    try {
      process.kill(-shell.pid, 'SIGTERM');
    } catch {
      // gone already
    }
    await exited;
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('a function on the built-in endpoint', () => {
  it('reads no secret of the endpoint process, its ancestors or the real home', async () => {
    const out = await clients.lambda.send(new InvokeCommand({ FunctionName: 'snoop', Payload: Buffer.from(JSON.stringify({ credentialsPath })) }));
    expect(out.FunctionError).toBeUndefined();
    const text = utf8(out.Payload);
    const report = JSON.parse(text) as { attempts: { path?: string; read?: boolean; code?: string; program?: unknown }[]; ppid: number };
    // It did try (the endpoint is its parent), and was refused rather than finding nothing.
    expect(report.attempts).toContainEqual({ path: `/proc/${report.ppid}/environ`, read: false, code: 'ERR_ACCESS_DENIED' });
    expect(report.attempts).toContainEqual({ path: credentialsPath, read: false, code: 'ERR_ACCESS_DENIED' });
    expect(report.attempts).toContainEqual({ program: false, code: 'ERR_ACCESS_DENIED' });
    for (const value of [...Object.values(SECRETS), HOME_SECRET]) expect(text).not.toContain(value);
  });

  it('still runs: its own code, the SDK and /tmp are within reach', async () => {
    await deployFunction(clients.lambda, {
      name: 'ordinary',
      files: {
        'lib/data.json': '{"from":"its own code"}',
        'index.mjs': `import { readFileSync, writeFileSync } from 'node:fs';
import { STSClient } from '@aws-sdk/client-sts';
export const handler = async () => {
  writeFileSync('/tmp/st-isolation-' + process.pid, 'scratch');
  return { own: JSON.parse(readFileSync(new URL('./lib/data.json', import.meta.url), 'utf8')).from,
           tmp: readFileSync('/tmp/st-isolation-' + process.pid, 'utf8'), sdk: typeof STSClient };
};`,
      },
    });
    const out = await clients.lambda.send(new InvokeCommand({ FunctionName: 'ordinary' }));
    expect(JSON.parse(utf8(out.Payload))).toEqual({ own: 'its own code', tmp: 'scratch', sdk: 'function' });
    expect(stderr).not.toContain('unconfined');
  });
});
