// Makes the process of one execution environment: unpacks the code (CodeCache), learns the
// permission flags that confine a Node worker (node-permissions.ts; probed while the code is
// unpacked), and creates the worker for the runtime (NodeWorker or ProvidedWorker) with the
// Lambda environment. Failures become InitProblems, reported as Lambda reports init errors.
//
//   const { taskRoot, permissionFlags } = await prepareEnvironment(input)
//   const worker = createWorker(input, taskRoot, permissionFlags)
import type { EndpointContext } from '../../context.js';
import type { CodeCache } from './code-cache.js';
import { workerEnvironment } from './lambda-env.js';
import { permissionFlags as confinedFlags, temporaryDirectories } from './node-permissions.js';
import { BOOTSTRAP_DIR, NodeWorker } from './node-worker.js';
import { ProvidedWorker } from './provided-worker.js';
import { sdkPackageDirs } from './sdk-packages.js';
import { NODE_RUNTIMES, PROVIDED_RUNTIMES, type RunnableFunction } from './types.js';
import { InitFailure, type InitProblem, type ProcessSpec, type ProcessWorker } from './worker.js';

export interface EnvironmentInput {
  fn: RunnableFunction;
  context: EndpointContext;
  codeCache: CodeCache;
  /** Where the runner's @aws-sdk packages can be resolved from. */
  sdkRoot: string;
  /** HOME given to workers: an empty directory, never the real user's. */
  homeDir: string;
  logGroupName: string;
  logStreamName: string;
  onLog: ProcessSpec['onLog'];
}

export interface PreparedEnvironment {
  taskRoot: string;
  /** Node permission-model flags; undefined for custom runtimes or a Node without the model. */
  permissionFlags?: string[];
}

export async function prepareEnvironment(input: EnvironmentInput): Promise<PreparedEnvironment> {
  const isNode = NODE_RUNTIMES.has(input.fn.runtime);
  // The permission probe (first time only) runs while the code is unpacked.
  const [taskRoot] = await Promise.all([input.codeCache.taskRootFor(input.fn), isNode ? confinedFlags({ readable: [], writable: [] }) : undefined]);
  if (!isNode) return { taskRoot };
  const permissionFlags = await confinedFlags({
    readable: [taskRoot, BOOTSTRAP_DIR, ...sdkPackageDirs(input.sdkRoot), input.homeDir],
    writable: temporaryDirectories(),
  });
  if (!permissionFlags) warnUnconfinedOnce();
  return { taskRoot, permissionFlags };
}

export function createWorker(input: EnvironmentInput, prepared: PreparedEnvironment): ProcessWorker {
  const { fn, onLog } = input;
  const { taskRoot, permissionFlags } = prepared;
  const env = workerEnvironment({
    fn,
    context: input.context,
    taskRoot,
    runtimeDir: BOOTSTRAP_DIR,
    logGroupName: input.logGroupName,
    logStreamName: input.logStreamName,
    home: input.homeDir,
  });
  if (NODE_RUNTIMES.has(fn.runtime)) {
    return new NodeWorker({ cwd: taskRoot, env, memorySizeMb: fn.memorySizeMb, sdkRoot: input.sdkRoot, permissionFlags, onLog });
  }
  if (PROVIDED_RUNTIMES.has(fn.runtime)) {
    return new ProvidedWorker({ taskRoot, env, onLog });
  }
  throw new InitFailure({
    kind: 'platform',
    errorType: 'Runtime.InvalidRuntime',
    message: `The built-in endpoint runs ${[...NODE_RUNTIMES, ...PROVIDED_RUNTIMES].join(', ')}; runtime ${fn.runtime} cannot run here.`,
  });
}

export function toInitProblem(error: unknown): InitProblem {
  if (error instanceof InitFailure) return error.problem;
  return {
    kind: 'platform',
    errorType: 'Runtime.Unknown',
    message: `The built-in endpoint could not prepare the function's code: ${(error as Error)?.message ?? String(error)}`,
  };
}

let warnedUnconfined = false;

function warnUnconfinedOnce(): void {
  if (warnedUnconfined) return;
  warnedUnconfined = true;
  process.stderr.write(
    `built-in endpoint: Node ${process.version} has no usable permission model, so functions run unconfined ` +
      `(they can read your files and other processes' environments). The latest Node 20, 22 or 24 confines them.\n`,
  );
}
