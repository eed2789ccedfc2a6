// How the learner started this runner, so every runner command we print can be pasted into their
// shell as it is: `npx serverless-tutorial …` after npx (or where a project has it installed),
// `serverless-tutorial …` when that name on PATH is this runner, `node dist/cli.js …` from a clone.
import { basename, dirname, isAbsolute, relative, sep } from 'node:path';
import { findExecutable, samePath } from '../lesson/tools.js';
import { codePath } from '../package-root.js';

export const RUNNER_NAME = 'serverless-tutorial';
/** How the lesson and the docs write runner commands; also the answer when we cannot tell. */
const CANONICAL_PREFIX = `npx ${RUNNER_NAME}`;

export type InvocationKind = 'npx' | 'path' | 'node';

export interface Invocation {
  kind: InvocationKind;
  /** What to type before the command's own arguments, e.g. `npx serverless-tutorial`. */
  prefix: string;
}

const NPX_INVOCATION: Invocation = { kind: 'npx', prefix: CANONICAL_PREFIX };

export interface InvocationProbe {
  env: NodeJS.ProcessEnv;
  /** The script node was started with (process.argv[1]). */
  script: string | undefined;
  cwd: string;
  /** This runner's entry file, to tell our own CLI from a host process such as a test runner. */
  ownCli: string;
}

export function detectInvocation(probe: InvocationProbe): Invocation {
  const { env, script, cwd } = probe;
  // Loaded by something else (tests, a library user): the documented form.
  if (!script || !samePath(script, probe.ownCli)) return NPX_INVOCATION;
  // npm sets these for `npx …` and `npm exec …`; the package then sits in npm's _npx cache.
  if (env.npm_command === 'exec' || env.npm_lifecycle_event === 'npx' || /[\\/]_npx[\\/]/.test(script)) return NPX_INVOCATION;
  const onPath = findExecutable(RUNNER_NAME, env.PATH);
  if (onPath && samePath(onPath, script)) return { kind: 'path', prefix: RUNNER_NAME };
  // ./node_modules/.bin/serverless-tutorial in this project (or a parent): npx finds it there.
  const project = projectOfInstalledCopy(script);
  if (project && (cwd === project || cwd.startsWith(`${project}${sep}`))) return NPX_INVOCATION;
  const fromHere = relative(cwd, script);
  const shown = fromHere && !fromHere.startsWith('..') && !isAbsolute(fromHere) ? fromHere : script;
  return { kind: 'node', prefix: `node ${shellQuote(shown.split(sep).join('/'))}` };
}

/** The folder holding the node_modules this script was installed into, if it was. */
function projectOfInstalledCopy(script: string): string | undefined {
  let dir = dirname(script);
  while (dir !== dirname(dir)) {
    if (basename(dir) === 'node_modules') return dirname(dir);
    dir = dirname(dir);
  }
  return undefined;
}

/** Quotes a word for POSIX shells (and PowerShell, which reads '…' the same way) only when needed. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=,@+%-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

let current: Invocation | undefined;

/** This process's invocation, worked out once. */
export function currentInvocation(): Invocation {
  current ??= detectInvocation({
    env: process.env,
    script: process.argv[1],
    cwd: process.cwd(),
    // dist/cli.js when built (the file npm's bin links to), src/cli.js from source.
    ownCli: codePath('cli.js'),
  });
  return current;
}

/** A runner command as the learner types it: runnerCommand('run --step deploy'). */
export function runnerCommand(args: string, invocation: Invocation = currentInvocation()): string {
  return args ? `${invocation.prefix} ${args}` : invocation.prefix;
}

const CANONICAL_IN_TEXT = /(^|[\s("'`])npx serverless-tutorial(?=$|[\s)"'`])/g;

/**
 * A command from the lesson (which writes `npx serverless-tutorial …`) as this learner types it.
 * Commands that do not run the runner come back unchanged.
 */
export function asTyped(command: string, invocation: Invocation = currentInvocation()): string {
  if (invocation.prefix === CANONICAL_PREFIX) return command;
  return command.replace(CANONICAL_IN_TEXT, (_whole, lead: string) => `${lead}${invocation.prefix}`);
}

/** The command that starts the built-in endpoint on this URL's port (`endpoint`, plus --port unless 4566). */
export function endpointStartCommand(url: string, invocation: Invocation = currentInvocation()): string {
  const port = new URL(url).port;
  return runnerCommand(port && port !== '4566' ? `endpoint --port ${port}` : 'endpoint', invocation);
}

/** The lesson's own `npx serverless-tutorial endpoint` (shown for the endpoint in use with endpointStartCommand). */
export function isEndpointStartCommand(run: string): boolean {
  return run.trim() === runnerCommand('endpoint', NPX_INVOCATION);
}
