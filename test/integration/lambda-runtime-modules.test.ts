// Module resolution inside functions: a project's node_modules above the data dir is never used
// (by require or import), the function's own node_modules is, and @aws-sdk/* v3 is importable
// without bundling, as on the real Node.js runtimes: its S3 client reaches AWS_ENDPOINT_URL
// path-style with the test credentials and no configuration of its own.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionRunner } from '../../src/endpoint/lambda/runtime/function-runner.js';
import type { InvokeOutcome, RunnableFunction } from '../../src/endpoint/lambda/runtime/types.js';
import { LogStore } from '../../src/endpoint/logs/log-store.js';
import { makeFunction, testContext } from '../fixtures/functions/make-function.js';

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let project: string;
let runner: FunctionRunner;
let s3Stand: Server;
const recorded: Recorded[] = [];

beforeAll(async () => {
  // A project with its own node_modules; the endpoint's data dir lives inside it.
  project = mkdtempSync(join(tmpdir(), 'st-project-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'learner-project', type: 'module' }));
  mkdirSync(join(project, 'node_modules', 'project-only-pkg'), { recursive: true });
  writeFileSync(join(project, 'node_modules', 'project-only-pkg', 'package.json'), JSON.stringify({ name: 'project-only-pkg', main: 'index.js' }));
  writeFileSync(join(project, 'node_modules', 'project-only-pkg', 'index.js'), 'module.exports = "LEAKED FROM THE PROJECT";');

  // Stands in for S3 at AWS_ENDPOINT_URL: records what the function's SDK sends.
  s3Stand = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      recorded.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(200, { etag: '"0123456789abcdef0123456789abcdef"', 'content-length': 0 });
      res.end();
    });
  });
  await new Promise<void>((done) => s3Stand.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(s3Stand.address() as AddressInfo).port}`;
  const dataDir = join(project, '.serverless-tutorial', 'endpoint');
  runner = new FunctionRunner({ context: testContext(dataDir, url), logs: new LogStore(dataDir) });
});

afterAll(async () => {
  await runner.close();
  await new Promise<void>((done) => s3Stand.close(() => done()));
  rmSync(project, { recursive: true, force: true });
});

let n = 0;
async function invoke(f: RunnableFunction, event: unknown = {}): Promise<InvokeOutcome> {
  return runner.invoke(f, Buffer.from(JSON.stringify(event)), { requestId: `modules-${++n}`, tail: true });
}
const json = (o: InvokeOutcome): any => JSON.parse(o.payload.toString()); // eslint-disable-line @typescript-eslint/no-explicit-any -- arbitrary JSON

describe("a project's node_modules above the data dir is not visible to functions", () => {
  it('require() does not find it (but the function\'s own node_modules works)', async () => {
    const f = makeFunction(join(project, 'zips'), {
      files: {
        'node_modules/own-pkg/index.js': 'module.exports = "own";',
        'index.js': `exports.handler = async () => {
          let project;
          try { project = require('project-only-pkg'); } catch (e) { project = { code: e.code, message: e.message.split('\\n')[0] }; }
          return { own: require('own-pkg'), project };
        };`,
      },
    });
    const out = json(await invoke(f));
    expect(out.own).toBe('own');
    expect(out.project).toEqual({ code: 'MODULE_NOT_FOUND', message: "Cannot find module 'project-only-pkg'" });
  });

  it('import does not find it', async () => {
    const f = makeFunction(join(project, 'zips'), {
      files: {
        'index.mjs': `export const handler = async () => {
          try { return { loaded: (await import('project-only-pkg')).default }; }
          catch (e) { return { code: e.code, message: e.message }; }
        };`,
      },
    });
    const out = json(await invoke(f));
    expect(out.code).toBe('ERR_MODULE_NOT_FOUND');
    expect(out.message).toMatch(/^Cannot find package 'project-only-pkg' imported from .*index\.mjs$/);
  });

  it('a top-level require of it is an init failure (Runtime.ImportModuleError), as on Lambda', async () => {
    const f = makeFunction(join(project, 'zips'), { files: { 'index.js': 'const p = require("project-only-pkg"); exports.handler = async () => p;' } });
    const out = await invoke(f);
    expect(out.functionError).toBe('Unhandled');
    expect(json(out).errorType).toBe('Runtime.ImportModuleError');
    expect(json(out).errorMessage).toMatch(/^Error: Cannot find module 'project-only-pkg'/);
  });

  it('a handler named after a project package does not load it', async () => {
    const f = makeFunction(join(project, 'zips'), { handler: 'project-only-pkg.handler', files: { 'index.js': 'exports.handler = async () => 1;' } });
    expect(json(await invoke(f)).errorType).toBe('Runtime.ImportModuleError');
  });
});

describe('@aws-sdk v3 is importable without bundling and talks to AWS_ENDPOINT_URL', () => {
  it('require("@aws-sdk/client-s3") from CommonJS', async () => {
    recorded.length = 0;
    const f = makeFunction(join(project, 'zips'), {
      files: {
        'index.js': `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
          const s3 = new S3Client({});
          exports.handler = async (event) => {
            const out = await s3.send(new PutObjectCommand({ Bucket: 'product-images', Key: event.key, Body: 'hello from cjs' }));
            return { etag: out.ETag };
          };`,
      },
    });
    const out = await invoke(f, { key: 'processed/a.jpg' });
    expect(out.functionError).toBeUndefined();
    expect(json(out)).toEqual({ etag: '"0123456789abcdef0123456789abcdef"' });
    const put = recorded.find((r) => r.method === 'PUT');
    expect(put).toBeDefined();
    // Path-style (the endpoint is an IP), signed for us-east-1 with the test credentials.
    expect(put!.url.split('?')[0]).toBe('/product-images/processed/a.jpg');
    expect(put!.headers.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(String(put!.headers.authorization)).toMatch(/Credential=test\/\d{8}\/us-east-1\/s3\/aws4_request/);
    expect(put!.body).toContain('hello from cjs');
  });

  it('import { S3Client } from "@aws-sdk/client-s3" in an ES module', async () => {
    recorded.length = 0;
    const f = makeFunction(join(project, 'zips'), {
      files: {
        'index.mjs': `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
          const s3 = new S3Client({});
          export const handler = async () => {
            const out = await s3.send(new GetObjectCommand({ Bucket: 'product-images', Key: 'photo 1.jpg' }));
            return { status: out.$metadata.httpStatusCode };
          };`,
      },
    });
    const out = await invoke(f);
    expect(out.functionError).toBeUndefined();
    expect(json(out)).toEqual({ status: 200 });
    const get = recorded.find((r) => r.method === 'GET');
    expect(get!.url.split('?')[0]).toBe('/product-images/photo%201.jpg');
  });

  it('a bundled @aws-sdk in the function wins over the runtime one', async () => {
    const f = makeFunction(join(project, 'zips'), {
      files: {
        'node_modules/@aws-sdk/client-s3/package.json': '{"name":"@aws-sdk/client-s3","main":"index.js"}',
        'node_modules/@aws-sdk/client-s3/index.js': 'module.exports = { bundled: true };',
        'index.js': 'exports.handler = async () => require("@aws-sdk/client-s3");',
      },
    });
    expect(json(await invoke(f))).toEqual({ bundled: true });
  });
});
