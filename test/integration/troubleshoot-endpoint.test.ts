// localstack-not-starting, each cause made to happen for real: the built-in endpoint stopped, a
// plain HTTP server on the port, the endpoint variables pointing at different places, Docker
// missing. Causes that need Docker run against test/fixtures/docker/docker, a stand-in `docker`
// first on PATH that prints what the real CLI prints (see that script for where each output
// comes from), since no Docker engine runs here.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDefaultLesson, type Lesson, type CheckId } from '../../src/lesson/index.js';
import { STEP_ACTIONS } from '../../src/steps/index.js';
import { runChecks } from '../../src/checks/run-checks.js';
import type { CheckContext } from '../../src/checks/context.js';
import { startEndpoint, type RunningEndpoint } from '../../src/endpoint/server.js';
import { applyFixes, closeStartedEndpoints, diagnose, fixesInOrder, type Diagnosis } from '../../src/troubleshoot/index.js';
import { contextFor } from '../helpers/lesson-context.js';
import { tempDir } from '../helpers/endpoint.js';
import { unusedPort } from '../helpers/ports.js';

const STANDIN_DIR = fileURLToPath(new URL('../fixtures/docker/', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ENDPOINT_CHECKS: CheckId[] = ['localstack-running', 'bucket-created'];


async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('localstack-not-starting: every cause for real, diagnosed and fixed', () => {
  let lesson: Lesson;
  const contexts: CheckContext[] = [];
  const servers: Server[] = [];
  const ctxAt = async (url: string, stateDir = tempDir('st-doctor-ep-')) => {
    const ctx = await contextFor(lesson, url, stateDir);
    contexts.push(ctx);
    return ctx;
  };
  const switchTo = (base: CheckContext) => async (url: string) => ctxAt(url, base.stateDir);
  const causes = (diagnoses: Diagnosis[]) => diagnoses.map((d) => `${d.problem}/${d.cause}`);
  const standinEnv = (scenario: string, extra: Record<string, string> = {}) => ({ PATH: `${STANDIN_DIR}:/usr/bin:/bin`, STANDIN_DOCKER_SCENARIO: scenario, ...extra });

  beforeAll(async () => {
    lesson = await loadDefaultLesson();
  });
  afterEach(async () => closeStartedEndpoints());
  afterAll(async () => {
    for (const ctx of contexts) ctx.aws.destroy();
    for (const server of servers) server.close();
  });

  it('nothing-listening: the built-in endpoint used here was stopped; the fix starts it again on the same data', async () => {
    const stateDir = tempDir('st-doctor-ep-');
    const first: RunningEndpoint = await startEndpoint({ dataDir: join(stateDir, 'endpoint'), host: '127.0.0.1', port: 0 });
    const ctx = await ctxAt(first.url, stateDir);
    await STEP_ACTIONS['create-bucket'](ctx);
    await first.close();

    const results = await runChecks(ctx, ENDPOINT_CHECKS);
    expect(results.map((r) => r.status)).toEqual(['fail', 'error']);
    const diagnoses = await diagnose(ctx, results, { env: standinEnv('engine-down') });
    expect(causes(diagnoses)).toEqual(['localstack-not-starting/nothing-listening']);
    expect(diagnoses[0].checks).toEqual(['localstack-running']);
    expect(diagnoses[0].evidence.find((e) => e.label.startsWith('TCP'))?.value).toBe('closed (ECONNREFUSED)');
    // Restarted on the same address (finding 4 of issue 10): the learner's port, not 4566.
    expect(diagnoses[0].vars).toEqual({ port: String(first.port) });
    expect(diagnoses[0].fixes.map((f) => [f.id, f.command, f.impact])).toEqual([['start-builtin-endpoint', `npx serverless-tutorial endpoint --port ${first.port}`, 'none']]);

    const { applied, ctx: moved } = await applyFixes(ctx, fixesInOrder(diagnoses), { switchEndpoint: switchTo(ctx) });
    expect(applied[0]).toMatchObject({ id: 'start-builtin-endpoint', outcome: 'applied', endpoint: first.url });
    expect(moved.endpoint.url).toBe(first.url);
    // The bucket made before the stop is still there: the fix used the same data dir.
    expect((await runChecks(moved, ENDPOINT_CHECKS)).map((r) => r.status)).toEqual(['pass', 'pass']);
  }, 120_000);

  it('docker-missing: nothing listening and no docker on PATH; the fix starts the built-in endpoint', async () => {
    const ctx = await ctxAt(`http://127.0.0.1:${await unusedPort()}`);
    const results = await runChecks(ctx, ['localstack-running']);
    const diagnoses = await diagnose(ctx, results, { env: { PATH: '/nonexistent' } });
    expect(causes(diagnoses)).toEqual(['localstack-not-starting/docker-missing']);
    expect(diagnoses[0].message.en).toContain('Docker is not installed here');
    expect(diagnoses[0].evidence.find((e) => e.label === 'docker')?.value).toBe('docker: not found on PATH');
    const { ctx: moved } = await applyFixes(ctx, fixesInOrder(diagnoses), { switchEndpoint: switchTo(ctx) });
    expect((await runChecks(moved, ['localstack-running']))[0].status).toBe('pass');
  }, 60_000);

  it('docker-missing: the docker CLI is there but the engine does not answer (stand-in docker)', async () => {
    const ctx = await ctxAt(`http://127.0.0.1:${await unusedPort()}`);
    const results = await runChecks(ctx, ['localstack-running']);
    const diagnoses = await diagnose(ctx, results, { env: standinEnv('engine-down') });
    expect(causes(diagnoses)).toEqual(['localstack-not-starting/docker-missing']);
    expect(diagnoses[0].message.en).toContain('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
    expect(diagnoses[0].fixes.map((f) => f.id)).toEqual(['start-builtin-endpoint']);
  }, 60_000);

  it('requires-account: the container exited with code 55; the fixes pin 4.14.0 in the compose file and start it again', async () => {
    const dir = tempDir('st-doctor-compose-');
    const composeFile = join(dir, 'docker-compose.yml');
    writeFileSync(composeFile, 'services:\n  localstack:\n    # the image\n    image: localstack/localstack:latest  # newest\n    ports:\n      - "127.0.0.1:4566:4566"\n');
    const port = await unusedPort();
    const dataDir = tempDir('st-doctor-standin-data-');
    const log = join(dir, 'docker.log');
    const pidFile = join(dir, 'standin.pid');
    // What `docker compose up -d` starts here: the built-in endpoint, standing in for LocalStack on the port.
    const env = standinEnv('exited-55', {
      STANDIN_DOCKER_LOG: log,
      STANDIN_DOCKER_PIDFILE: pidFile,
      STANDIN_DOCKER_UP_CMD: `exec "${process.execPath}" "${CLI}" endpoint --port ${port} --data-dir "${dataDir}"`,
    });
    const ctx = await ctxAt(`http://127.0.0.1:${port}`);
    try {
      const results = await runChecks(ctx, ['localstack-running']);
      const diagnoses = await diagnose(ctx, results, { env, composeFile });
      expect(causes(diagnoses)).toEqual(['localstack-not-starting/requires-account']);
      expect(diagnoses[0].message.en).toContain('exited with code 55');
      expect(diagnoses[0].evidence.find((e) => e.label === 'container')?.value).toContain('localstack-main (service localstack): exited, exit code 55, image localstack/localstack:latest');
      expect(diagnoses[0].evidence.find((e) => e.label === 'container log (last lines)')?.value).toContain('LocalStack requires an account to run');
      expect(diagnoses[0].fixes.map((f) => [f.id, f.impact])).toEqual([['pin-localstack-image', 'changes'], ['start-localstack', 'changes']]);
      expect(diagnoses[0].fixes[1].command).toBe(`docker compose -f ${composeFile} up -d`);

      const { applied } = await applyFixes(ctx, fixesInOrder(diagnoses));
      expect(applied.map((a) => a.outcome)).toEqual(['applied', 'applied']);
      expect(applied[0].message.en).toContain('image localstack/localstack:latest → localstack/localstack:4.14.0');
      // Only the image changed; the comments stay.
      expect(readFileSync(composeFile, 'utf8')).toBe('services:\n  localstack:\n    # the image\n    image: localstack/localstack:4.14.0  # newest\n    ports:\n      - "127.0.0.1:4566:4566"\n');
      expect(readFileSync(log, 'utf8').split('\n')).toEqual(expect.arrayContaining([
        'info --format {{.ServerVersion}}',
        `compose -f ${composeFile} ps -a --format json`,
        `compose -f ${composeFile} logs --no-color --tail 40 localstack`,
        `compose -f ${composeFile} up -d`,
      ]));
      expect((await runChecks(ctx, ['localstack-running']))[0].status).toBe('pass');
    } finally {
      if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
    }
  }, 120_000);

  it('not-localstack: a plain HTTP server holds the port; the Server header and body say who; the fix starts the built-in endpoint elsewhere', async () => {
    const { server, url } = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', server: 'vite-dev-server' });
      res.end('<html><body>Hello from my app</body></html>');
    });
    servers.push(server);
    const ctx = await ctxAt(url);
    const results = await runChecks(ctx, ENDPOINT_CHECKS);
    expect(results[0].status).toBe('fail');
    const diagnoses = await diagnose(ctx, results, { env: standinEnv('engine-down') });
    expect(causes(diagnoses)).toEqual(['localstack-not-starting/not-localstack']);
    expect(diagnoses[0].evidence.find((e) => e.label === `GET ${url}/`)?.value).toBe('HTTP 200; Server: vite-dev-server; Content-Type: text/html; body: <html><body>Hello from my app</body></html>');
    // The server runs in this test's own process: /proc names it.
    if (process.platform === 'linux') {
      expect(diagnoses[0].evidence.find((e) => e.label.startsWith('listening on port'))?.value).toMatch(new RegExp(`^pid ${process.pid}: \\S*node`));
    }
    // The fix names the other port it serves on, and the learner is told to point their shell there.
    const fix = diagnoses[0].fixes[0];
    const other = /on port (\d+) instead/.exec(fix.title.en)?.[1];
    expect(fix.command).toBe(`npx serverless-tutorial endpoint --port ${other}`);
    const { ctx: moved, applied } = await applyFixes(ctx, fixesInOrder(diagnoses), { switchEndpoint: switchTo(ctx) });
    expect(moved.endpoint.url).toBe(`http://127.0.0.1:${other}`);
    expect(applied[0].message.en).toContain(`export AWS_ENDPOINT_URL=http://127.0.0.1:${other}`);
    expect((await runChecks(moved, ['localstack-running']))[0].status).toBe('pass');
  }, 60_000);

  it('endpoint-variable: AWS_ENDPOINT_URL points at nothing while LOCALSTACK_HOST names the running endpoint; the fix uses that one', async () => {
    const running = await startEndpoint({ dataDir: tempDir('st-doctor-var-'), host: '127.0.0.1', port: 0 });
    const saved = process.env.AWS_ENDPOINT_URL;
    try {
      const wrong = `http://127.0.0.1:${await unusedPort()}`;
      const ctx = await ctxAt(wrong);
      const results = await runChecks(ctx, ['localstack-running']);
      const env = { PATH: '/nonexistent', AWS_ENDPOINT_URL: wrong, LOCALSTACK_HOST: `127.0.0.1:${running.port}` };
      const diagnoses = await diagnose(ctx, results, { env });
      expect(causes(diagnoses)).toEqual(['localstack-not-starting/endpoint-variable']);
      expect(diagnoses[0].message.en).toContain(`the built-in endpoint answers at ${running.url} (LOCALSTACK_HOST)`);
      expect(diagnoses[0].fixes.map((f) => [f.id, f.command, f.impact])).toEqual([['set-endpoint', `eval "$(npx serverless-tutorial env --endpoint ${running.url})"`, 'none']]);
      const { ctx: moved } = await applyFixes(ctx, fixesInOrder(diagnoses), { switchEndpoint: switchTo(ctx) });
      expect(process.env.AWS_ENDPOINT_URL).toBe(running.url);
      expect((await runChecks(moved, ['localstack-running']))[0].status).toBe('pass');
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
      await running.close();
    }
  }, 60_000);

  it('service-unavailable: health lists lambda as disabled (a stand-in answering as LocalStack started with SERVICES=s3)', async () => {
    const { server, url } = await listen((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/_localstack/health' ? JSON.stringify({ services: { s3: 'running', lambda: 'disabled' }, edition: 'community', version: '4.14.0' }) : '{}');
    });
    servers.push(server);
    const ctx = await ctxAt(url);
    const results = await runChecks(ctx, ['localstack-running']);
    const diagnoses = await diagnose(ctx, results, { env: standinEnv('engine-down') });
    expect(causes(diagnoses)).toEqual(['localstack-not-starting/service-unavailable']);
    expect(diagnoses[0].message.en).toContain('lambda is "disabled"');
    // The engine does not answer, so there is nothing to restart: no fix, the message says what to do.
    expect(diagnoses[0].fixes).toEqual([]);
  }, 60_000);

  /**
   * A stand-in for LocalStack's Lambda API, answering GetFunction/ListFunctions with a state the
   * built-in endpoint never reaches: Failed "Docker not available" is what LocalStack reports
   * when /var/run/docker.sock is not mounted (shared/reference/localstack.md).
   */
  const lambdaStandIn = async (state: Record<string, string>) => {
    const config = {
      FunctionName: 'image-processor', FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:image-processor', Runtime: 'nodejs20.x',
      Handler: 'index.handler', Timeout: 30, Architectures: ['x86_64'], Environment: { Variables: { BUCKET_NAME: 'product-images' } }, ...state,
    };
    const { server, url } = await listen((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/_localstack/health') return send(200, { services: { s3: 'running', lambda: 'running' }, edition: 'community', version: '4.14.0' });
      if (req.url?.startsWith('/2015-03-31/functions/image-processor')) return send(200, { Configuration: config, Code: { RepositoryType: 'S3', Location: `${url}/no-such-zip` } });
      if (req.url?.startsWith('/2015-03-31/functions')) return send(200, { Functions: [config] });
      return send(404, { message: 'not in this stand-in' });
    });
    servers.push(server);
    return url;
  };

  it('docker-socket-missing: LocalStack reports the function Failed "Docker not available"; the fix recreates it from the compose file', async () => {
    const url = await lambdaStandIn({ State: 'Failed', StateReason: 'Docker not available', StateReasonCode: 'InternalError', LastUpdateStatus: 'Failed' });
    const ctx = await ctxAt(url);
    const results = await runChecks(ctx, ['function-deployed']);
    expect(results[0]).toMatchObject({ status: 'fail', problem: 'lambda-not-executing' });
    const composeFile = join(tempDir('st-doctor-compose-'), 'docker-compose.yml');
    writeFileSync(composeFile, 'services:\n  localstack:\n    image: localstack/localstack:4.14.0\n');
    const diagnoses = await diagnose(ctx, results, { env: standinEnv('no-container'), composeFile });
    expect(causes(diagnoses)).toEqual(['localstack-not-starting/docker-socket-missing']);
    expect(diagnoses[0].message.en).toContain('"Docker not available"');
    expect(diagnoses[0].fixes.map((f) => [f.id, f.command])).toEqual([
      ['recreate-localstack', `docker compose -f ${composeFile} up -d --force-recreate`],
      ['rebuild-redeploy', 'npx serverless-tutorial run --step function && npx serverless-tutorial run --step deploy'],
    ]);
  }, 60_000);

  it('state-not-active: the function is still Pending; the fix waits for Active', async () => {
    const url = await lambdaStandIn({ State: 'Pending', StateReason: 'The function is being created.', StateReasonCode: 'Creating', LastUpdateStatus: 'InProgress' });
    const ctx = await ctxAt(url);
    const results = await runChecks(ctx, ['function-deployed']);
    const diagnoses = await diagnose(ctx, results, { env: standinEnv('engine-down') });
    expect(causes(diagnoses)).toEqual(['lambda-not-executing/state-not-active']);
    expect(diagnoses[0].message.en).toContain('is Pending');
    expect(diagnoses[0].fixes.map((f) => [f.id, f.command, f.impact])).toEqual([['wait-function-active', 'awslocal lambda wait function-active-v2 --function-name image-processor', 'none']]);
  }, 60_000);

  it('never blames the learner for checks that could not run: only error results give no diagnosis', async () => {
    const ctx = await ctxAt(`http://127.0.0.1:${await unusedPort()}`);
    const results = await runChecks(ctx, ['localstack-running', 'bucket-created', 'function-deployed']);
    expect(results.map((r) => r.status)).toEqual(['fail', 'error', 'error']);
    expect(await diagnose(ctx, results.slice(1), { env: { PATH: '/nonexistent' } })).toEqual([]);
  }, 60_000);
});
