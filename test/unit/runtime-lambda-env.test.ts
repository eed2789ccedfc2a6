// The worker environment: Lambda's variables, then the function's own; reserved keys stay Lambda's.
import { describe, it, expect } from '@jest/globals';
import { workerEnvironment } from '../../src/endpoint/lambda/runtime/lambda-env.js';
import { memoryFlags } from '../../src/endpoint/lambda/runtime/node-worker.js';
import type { RunnableFunction } from '../../src/endpoint/lambda/runtime/types.js';

const fn: RunnableFunction = {
  name: 'image-processor', arn: 'arn:aws:lambda:us-east-1:000000000000:function:image-processor', runtime: 'nodejs20.x',
  handler: 'index.handler', timeoutSeconds: 3, memorySizeMb: 512, codeSha256: 'x', zipPath: '/nowhere.zip', version: '$LATEST',
  environment: { BUCKET_NAME: 'product-images', AWS_ACCESS_KEY_ID: 'AKIAREAL', _HANDLER: 'evil.handler', AWS_ENDPOINT_URL: 'http://custom:4566', LANG: 'ja_JP.UTF-8' },
};

describe('workerEnvironment', () => {
  const env = workerEnvironment({
    fn,
    context: { dataDir: '/d', accountId: '000000000000', defaultRegion: 'us-east-1', url: 'http://127.0.0.1:4566' },
    taskRoot: '/d/lambda/runtime-code/abc',
    runtimeDir: '/runtime',
    logGroupName: '/aws/lambda/image-processor',
    logStreamName: '2026/01/01/[$LATEST]0123',
    home: '/d/lambda/runtime-home',
  });

  it('sets what Lambda sets', () => {
    expect(env).toMatchObject({
      AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1', AWS_LAMBDA_FUNCTION_NAME: 'image-processor', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST', LAMBDA_TASK_ROOT: '/d/lambda/runtime-code/abc', LAMBDA_RUNTIME_DIR: '/runtime', TZ: ':UTC',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x', AWS_SECRET_ACCESS_KEY: 'test',
    });
    expect(env.AWS_LAMBDA_RUNTIME_API).toBeUndefined();
  });

  it("lets the function's variables override, except Lambda's reserved keys", () => {
    expect(env.BUCKET_NAME).toBe('product-images');
    expect(env.AWS_ENDPOINT_URL).toBe('http://custom:4566');
    expect(env.LANG).toBe('ja_JP.UTF-8');
    expect(env.AWS_ACCESS_KEY_ID).toBe('test');
    expect(env._HANDLER).toBe('index.handler');
  });
});

describe('memoryFlags', () => {
  it('caps the heap below MemorySize', () => {
    const old = (mb: number) => Number(/--max-old-space-size=(\d+)/.exec(memoryFlags(mb).join(' '))![1]);
    expect(old(128)).toBeLessThan(128);
    expect(old(1024)).toBeGreaterThan(512);
    expect(old(1024)).toBeLessThan(1024);
  });
});
