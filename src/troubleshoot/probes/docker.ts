// Probes through the learner's own `docker` CLI (found on PATH, run without a shell): is it there,
// does the engine answer (`docker info`), what does compose know about the LocalStack container
// (`docker compose ps -a --format json`), and what did that container print before it stopped.
import { findExecutable, firstLine, runTool } from '../../lesson/tools.js';
import type { ResolvedOptions } from '../options.js';

export interface DockerContainer {
  name: string;
  service?: string;
  image?: string;
  /** running, exited, created, restarting… */
  state: string;
  exitCode?: number;
  status?: string;
}

export interface DockerProbe {
  /** Path of the docker CLI, when on PATH. */
  cli?: string;
  version?: string;
  engine: { reachable: boolean; version?: string; error?: string };
  /** The LocalStack container, from compose (or `docker ps -a` when compose knows none). */
  container?: DockerContainer;
  /** How the container was found, or why compose could not be asked. */
  composeNote?: string;
  /** The container's last log lines, when it is not running. */
  logs?: string;
  /** The commands run and their first line of output, for evidence. */
  transcript: string[];
}

/** Exit code of the LocalStack image that needs an account and has none (reference/localstack.md). */
export const REQUIRES_ACCOUNT_EXIT_CODE = 55;
export const REQUIRES_ACCOUNT_PATTERN = /requires an account/i;

export async function probeDocker(options: ResolvedOptions): Promise<DockerProbe> {
  const transcript: string[] = [];
  const cli = findExecutable('docker', options.env.PATH);
  if (!cli) return { engine: { reachable: false, error: 'docker is not on PATH' }, transcript: ['docker: not found on PATH'] };
  const run = async (args: string[]) => {
    const result = await runTool(cli, args, options.env, options.toolTimeoutMs);
    const said = result.timedOut ? `no answer within ${options.toolTimeoutMs / 1000} s` : firstLine(result.stderr) || firstLine(result.stdout) || `exit ${result.code}`;
    transcript.push(`$ docker ${args.join(' ')} → exit ${result.code ?? '-'}: ${said}`);
    return result;
  };
  const versionRun = await run(['--version']);
  const version = /Docker version ([^\s,]+)/.exec(versionRun.stdout)?.[1];
  const info = await run(['info', '--format', '{{.ServerVersion}}']);
  if (info.code !== 0) {
    return { cli, ...(version ? { version } : {}), engine: { reachable: false, error: firstLine(info.stderr) || firstLine(info.stdout) || `exit code ${info.code}` }, transcript };
  }
  const engine = { reachable: true, ...(info.stdout.trim() ? { version: info.stdout.trim() } : {}) };

  let container: DockerContainer | undefined;
  let composeNote: string | undefined;
  const ps = await run(['compose', '-f', options.composeFile, 'ps', '-a', '--format', 'json']);
  if (ps.code === 0) {
    container = pickLocalStack(parseContainers(ps.stdout));
    composeNote = container ? `compose (${options.composeFile})` : `compose (${options.composeFile}) has no container yet`;
  } else {
    composeNote = `docker compose failed: ${firstLine(ps.stderr) || `exit ${ps.code}`}`;
  }
  if (!container) {
    // Started without compose (docker run localstack/localstack)?
    const plain = await run(['ps', '-a', '--filter', 'name=localstack', '--format', 'json']);
    if (plain.code === 0) container = pickLocalStack(parseContainers(plain.stdout));
  }
  let logs: string | undefined;
  if (container && container.state !== 'running') {
    const fromCompose = container.service ? await run(['compose', '-f', options.composeFile, 'logs', '--no-color', '--tail', '40', container.service]) : undefined;
    const result = fromCompose?.code === 0 ? fromCompose : await run(['logs', '--tail', '40', container.name]);
    // LocalStack writes its messages to both streams; keep both.
    logs = `${result.stdout}${result.stderr}`.trim() || undefined;
  }
  return { cli, ...(version ? { version } : {}), engine, ...(container ? { container } : {}), ...(composeNote ? { composeNote } : {}), ...(logs ? { logs } : {}), transcript };
}

interface PsLine {
  Name?: string;
  Names?: string;
  Service?: string;
  Image?: string;
  State?: string;
  ExitCode?: number;
  Status?: string;
}

/** `--format json` prints one object per line (Compose v2.21+, docker ps) or one array (older Compose). */
export function parseContainers(stdout: string): DockerContainer[] {
  const text = stdout.trim();
  if (!text) return [];
  let rows: PsLine[] = [];
  try {
    const parsed = JSON.parse(text) as PsLine | PsLine[];
    rows = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    rows = text.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as PsLine];
      } catch {
        return [];
      }
    });
  }
  return rows.map((row) => {
    const exitFromStatus = /Exited \((\d+)\)/.exec(row.Status ?? '')?.[1];
    const exitCode = typeof row.ExitCode === 'number' ? row.ExitCode : exitFromStatus !== undefined ? Number(exitFromStatus) : undefined;
    return {
      name: row.Name ?? row.Names ?? '?',
      ...(row.Service ? { service: row.Service } : {}),
      ...(row.Image ? { image: row.Image } : {}),
      state: (row.State ?? '').toLowerCase() || (/^Up/.test(row.Status ?? '') ? 'running' : 'unknown'),
      ...(exitCode !== undefined ? { exitCode } : {}),
      ...(row.Status ? { status: row.Status } : {}),
    };
  });
}

function pickLocalStack(containers: DockerContainer[]): DockerContainer | undefined {
  return containers.find((c) => c.service === 'localstack') ?? containers.find((c) => /localstack/i.test(`${c.name} ${c.image ?? ''}`));
}

/** The container exited because its image needs an account (exit 55 or the log line). */
export function requiresAccount(probe: DockerProbe): boolean {
  const c = probe.container;
  if (!c || c.state === 'running') return false;
  return c.exitCode === REQUIRES_ACCOUNT_EXIT_CODE || REQUIRES_ACCOUNT_PATTERN.test(probe.logs ?? '');
}

export function describeContainer(c: DockerContainer): string {
  return `${c.name}${c.service ? ` (service ${c.service})` : ''}: ${c.state}${c.exitCode !== undefined ? `, exit code ${c.exitCode}` : ''}${c.image ? `, image ${c.image}` : ''}${c.status ? ` — ${c.status}` : ''}`;
}
