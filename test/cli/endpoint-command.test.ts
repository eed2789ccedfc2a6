// `serverless-tutorial endpoint`: starts, serves, stops on signals, and explains a busy port.
import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { runCli, spawnCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/endpoint.js';

describe('endpoint command', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`prints its URL once ready, answers health, and stops cleanly on ${signal}`, async () => {
      const dataDir = tempDir();
      const cli = spawnCli(['endpoint', '--port', '0', '--data-dir', dataDir]);
      try {
        const [, url] = await cli.waitFor(/ready: (http:\/\/127\.0\.0\.1:\d+)/);
        const health = (await (await fetch(`${url}/_localstack/health`)).json()) as { services: Record<string, string> };
        expect(health.services.s3).toMatch(/available|running/);
        expect(health.services.lambda).toMatch(/available|running/);
        cli.child.kill(signal);
        expect(await cli.exited).toBe(0);
        expect(cli.output().stdout).toContain('Stopped');
        await expect(fetch(`${url}/_localstack/health`)).rejects.toThrow();
      } finally {
        cli.child.kill('SIGKILL');
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }

  it('names the port and what to do when it is already in use (no stack trace, exit 2)', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    const dataDir = tempDir();
    try {
      const en = await runCli(['endpoint', '--port', String(port), '--data-dir', dataDir]);
      expect(en.code).toBe(2);
      expect(en.stderr).toContain(`Port ${port}`);
      expect(en.stderr).toContain('already in use');
      expect(en.stderr).toContain('--port');
      expect(en.stderr).not.toMatch(/\n\s+at /);

      const ja = await runCli(['endpoint', '--lang', 'ja', '--port', String(port), '--data-dir', dataDir]);
      expect(ja.code).toBe(2);
      expect(ja.stderr).toContain(`ポート ${port}`);
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
