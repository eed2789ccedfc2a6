// The environment a function's process starts with: only what Lambda sets, then the function's own
// variables. Nothing of the runner's process.env is passed on, so real AWS credentials and other
// secrets of the machine never reach a function.
import type { EndpointContext } from '../../context.js';
import type { RunnableFunction } from './types.js';
import { RESERVED_ENV_KEYS } from '../validation.js';

export interface WorkerEnvInput {
  fn: RunnableFunction;
  context: EndpointContext;
  taskRoot: string;
  runtimeDir: string;
  logGroupName: string;
  logStreamName: string;
  /**
   * HOME for the process. Lambda sets none (the sandbox user's home is empty); without one, SDKs
   * would fall back to the real user's home and read ~/.aws of the machine.
   */
  home: string;
  /** host:port of the Runtime API, for custom runtimes. */
  runtimeApi?: string;
}

/** Lambda's reserved keys (AWS refuses them in Environment.Variables): never replaced here either. */
const RESERVED = new Set(RESERVED_ENV_KEYS);

export function workerEnvironment(input: WorkerEnvInput): Record<string, string> {
  const { fn, context } = input;
  const region = context.defaultRegion;
  const lambda: Record<string, string> = {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: fn.version,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: input.logGroupName,
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    LAMBDA_TASK_ROOT: input.taskRoot,
    LAMBDA_RUNTIME_DIR: input.runtimeDir,
    _HANDLER: fn.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_SESSION_TOKEN: 'test',
    // Back to this endpoint, as LocalStack does; an IP literal, so S3 clients go path-style.
    AWS_ENDPOINT_URL: context.url,
    TZ: ':UTC',
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    HOME: input.home,
    PWD: input.taskRoot,
    // Lambda puts the task root on NODE_PATH; the runner's own node_modules never is.
    NODE_PATH: input.taskRoot,
  };
  if (input.runtimeApi) lambda.AWS_LAMBDA_RUNTIME_API = input.runtimeApi;
  const own = Object.fromEntries(Object.entries(fn.environment ?? {}).filter(([key]) => !RESERVED.has(key)));
  return { ...lambda, ...own };
}
