// Custom runtimes (provided.al2023): the zip's shell `bootstrap` talks to the Lambda Runtime API
// with curl, as a Go or Rust bootstrap would: next → response, next → error, init/error, and a
// missing bootstrap.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionRunner } from '../../src/endpoint/lambda/runtime/function-runner.js';
import type { InvokeOutcome, RunnableFunction } from '../../src/endpoint/lambda/runtime/types.js';
import { LogStore } from '../../src/endpoint/logs/log-store.js';
import { makeFunction, testContext } from '../fixtures/functions/make-function.js';
import { BOOTSTRAP } from '../fixtures/functions/shell-bootstrap.js';

const hasCurl = existsSync('/usr/bin/curl');
if (!hasCurl) console.warn('SKIPPED: provided.al2023 tests need /usr/bin/curl (apt-get install -y curl)');
const maybe = hasCurl ? describe : describe.skip;

const INIT_FAILS = `#!/bin/sh
echo "cannot start: missing config"
curl -sS -X POST -H 'Lambda-Runtime-Function-Error-Type: Runtime.ConfigError' \\
  -d '{"errorType":"Runtime.ConfigError","errorMessage":"CONFIG is not set"}' \\
  "http://\${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/init/error" > /dev/null
exit 1
`;

let dir: string;
let logs: LogStore;
let runner: FunctionRunner;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'st-provided-'));
  logs = new LogStore(join(dir, 'data'));
  runner = new FunctionRunner({ context: testContext(join(dir, 'data')), logs });
});

afterAll(async () => {
  await runner.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
async function invoke(f: RunnableFunction, event: unknown, tail = true): Promise<InvokeOutcome & { requestId: string }> {
  const requestId = `provided-${++n}-${Date.now()}`;
  return { ...(await runner.invoke(f, Buffer.from(JSON.stringify(event)), { requestId, tail })), requestId };
}
const json = (o: InvokeOutcome): any => JSON.parse(o.payload.toString()); // eslint-disable-line @typescript-eslint/no-explicit-any -- arbitrary JSON
const tail = (o: InvokeOutcome): string => Buffer.from(o.logResultBase64 ?? '', 'base64').toString();

maybe('provided.al2023 shell bootstrap', () => {
  it('answers an invoke through the Runtime API, warm on the next one', async () => {
    const f = makeFunction(join(dir, 'zips'), {
      name: 'shell-fn',
      runtime: 'provided.al2023',
      handler: 'function.handler',
      timeoutSeconds: 10,
      files: { bootstrap: { content: BOOTSTRAP, mode: 0o755 } },
    });
    const before = Date.now();
    const out = await invoke(f, { greeting: 'hello' });
    expect(out.functionError).toBeUndefined();
    const body = json(out);
    expect(body).toMatchObject({
      echo: { greeting: 'hello' },
      requestId: out.requestId,
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:shell-fn',
    });
    expect(body.deadline).toBeGreaterThan(before);
    expect(body.deadline).toBeLessThanOrEqual(Date.now() + 10_000);
    expect(body.trace).toMatch(/^Root=1-/);
    const log = tail(out);
    expect(log).toContain(`START RequestId: ${out.requestId} Version: $LATEST`);
    expect(log).toContain(`handling ${out.requestId}: {"greeting":"hello"}`);
    expect(log).toMatch(/END RequestId: .*\nREPORT RequestId: .*Init Duration/);
    const streams = logs.streams(logs.group('/aws/lambda/shell-fn')!);
    expect(streams.flatMap((s) => s.events.map((e) => e.message))).toContain('bootstrap up, handler=function.handler');

    const again = await invoke(f, { greeting: 'again' });
    expect(json(again).pid).toBe(body.pid);
    expect(tail(again)).not.toContain('Init Duration');
  });

  it('reports an invocation error posted to /error as FunctionError Unhandled', async () => {
    const f = makeFunction(join(dir, 'zips'), { runtime: 'provided.al2023', files: { bootstrap: { content: BOOTSTRAP, mode: 0o755 } } });
    const out = await invoke(f, { fail: true });
    expect(out.functionError).toBe('Unhandled');
    expect(json(out)).toEqual({ errorType: 'Custom.Failure', errorMessage: 'asked to fail' });
    // The environment survives a handled error.
    expect(json(await invoke(f, { ok: 1 })).echo).toEqual({ ok: 1 });
  });

  it('works when the zip carries no executable bit (as zips made on Windows)', async () => {
    const f = makeFunction(join(dir, 'zips'), { runtime: 'provided.al2', files: { bootstrap: { content: BOOTSTRAP, mode: 0o644 } } });
    expect(json(await invoke(f, { x: 1 })).echo).toEqual({ x: 1 });
  });

  it('reports an init error posted to /init/error', async () => {
    const f = makeFunction(join(dir, 'zips'), { runtime: 'provided.al2023', files: { bootstrap: { content: INIT_FAILS, mode: 0o755 } } });
    const out = await invoke(f, {});
    expect(out.functionError).toBe('Unhandled');
    expect(json(out)).toEqual({ errorType: 'Runtime.ConfigError', errorMessage: 'CONFIG is not set' });
    expect(tail(out)).toContain('cannot start: missing config');
    expect(tail(out)).toContain('Status: error\tError Type: Runtime.ConfigError');
  });

  it('a zip without bootstrap: Runtime.InvalidEntrypoint', async () => {
    const f = makeFunction(join(dir, 'zips'), { runtime: 'provided.al2023', files: { 'main.sh': 'echo hi' } });
    const out = await invoke(f, {});
    expect(out.functionError).toBe('Unhandled');
    expect(json(out).errorType).toBe('Runtime.InvalidEntrypoint');
    expect(json(out).errorMessage).toMatch(new RegExp(`^RequestId: ${out.requestId} Error: Couldn't find valid bootstrap\\(s\\): \\[.*/bootstrap /opt/bootstrap\\]$`));
  });

  it('a bootstrap that exits: Runtime.ExitError', async () => {
    const f = makeFunction(join(dir, 'zips'), { runtime: 'provided.al2023', files: { bootstrap: { content: '#!/bin/sh\necho "giving up"\nexit 2\n', mode: 0o755 } } });
    const out = await invoke(f, {});
    expect(json(out)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${out.requestId} Error: Runtime exited with error: exit status 2` });
    expect(tail(out)).toContain('giving up');
  });
});
