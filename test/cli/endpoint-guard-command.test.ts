// `serverless-tutorial endpoint` and its guard, as the person running it sees them: what listening
// on the network means, --allow-host, and a log line for every refused request.
import { describe, expect, it } from '@jest/globals';
import { rmSync } from 'node:fs';
import { spawnCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/endpoint.js';
import { rawHttp } from '../helpers/raw-http.js';

describe('endpoint command: who may use it', () => {
  it('on 0.0.0.0 it says plainly, in Japanese, what others on the network can do, and how they reach it', async () => {
    const dataDir = tempDir();
    const cli = spawnCli(['endpoint', '--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir, '--lang', 'ja']);
    try {
      await cli.waitFor(/起動しました: (http:\/\/127\.0\.0\.1:\d+)/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { stderr } = cli.output();
      expect(stderr).toContain('0.0.0.0 で待ち受けているため');
      expect(stderr).toContain('Lambda 関数を作り、そのコードをこのコンピューター上であなたのユーザー権限で実行する');
      expect(stderr).toContain('バケットのオブジェクトをすべて読む・書き換える・削除する');
      expect(stderr).toContain('Ctrl+C');
    } finally {
      cli.child.kill('SIGINT');
      await cli.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('serves --allow-host names, and logs each refusal with its reason', async () => {
    const dataDir = tempDir();
    const cli = spawnCli(['endpoint', '--port', '0', '--data-dir', dataDir, '--allow-host', 'classroom.test', '--allow-origin', 'http://tools.example']);
    try {
      const [, url] = await cli.waitFor(/ready: (http:\/\/127\.0\.0\.1:\d+)/);
      expect(cli.output().stderr).not.toContain('Warning');
      expect((await rawHttp(`${url}/_localstack/health`, { headers: { host: 'classroom.test' } })).status).toBe(200);
      expect((await rawHttp(`${url}/_localstack/health`, { headers: { host: 'rebind.attacker.example' } })).status).toBe(403);
      expect((await rawHttp(`${url}/2015-03-31/functions`, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
      expect((await rawHttp(`${url}/2015-03-31/functions`, { headers: { origin: 'http://tools.example' } })).status).toBe(200);
      await cli.waitFor(/refused: request from a web page on http:\/\/evil\.example/);
      expect(cli.output().stdout).toMatch(/health GET \/_localstack\/health → 403 \(\d+ ms\) refused: unknown host name rebind\.attacker\.example \(add it with --allow-host\)/);
    } finally {
      cli.child.kill('SIGINT');
      await cli.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
