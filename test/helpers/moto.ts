// Starts moto_server (a third-party AWS emulator, Python) on a free loopback port, for tests and
// benchmarks that compare the built-in endpoint against it. Absent on some machines: callers skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { unusedPort } from './ports.js';

export const motoServerPath: string | undefined = (() => {
  const found = spawnSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
})();

export interface MotoServer {
  url: string;
  stop(): Promise<void>;
}


export async function startMoto(timeoutMs = 30_000): Promise<MotoServer> {
  if (!motoServerPath) throw new Error('moto_server is not installed');
  const port = await unusedPort();
  const child: ChildProcess = spawn(motoServerPath, ['-H', '127.0.0.1', '-p', String(port)], {
    // LocalStack's account, and AWS-managed policies loaded (see reference/aws-wire.md).
    env: { ...process.env, MOTO_ACCOUNT_ID: '000000000000', MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/moto-api/`);
      if (res.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('moto_server did not start in time');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
