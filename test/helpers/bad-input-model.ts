// What the bad-input property test generates: a command line (command, option values) and the
// file-system condition it meets (state directory missing, read-only, a file, below a file,
// garbage or wrongly typed progress, damaged endpoint records; output paths of the wrong kind).
// `materialize` builds one case in a fresh sandbox and says which paths the command may change.
import fc from 'fast-check';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { emptyProgress, ProgressStore } from '../../src/progress/store.js';

export type Garbage = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'wrong-type'; field: number; value: unknown } | { kind: 'directory' };

export type StateCondition =
  | { kind: 'absent' }
  | { kind: 'fresh' }
  | { kind: 'file' }
  | { kind: 'below-a-file' }
  | { kind: 'read-only'; withProgress: boolean }
  | { kind: 'progress-garbage'; bytes: Uint8Array }
  | { kind: 'progress-wrong-types'; value: unknown }
  | { kind: 'endpoint-damage'; record: number; garbage: Garbage };

/** Where an --output / --report / --data-dir / init DIR value points. */
export type PathKind = 'new' | 'existing-directory' | 'existing-file' | 'below-a-file' | 'proc' | 'empty' | 'odd-name' | 'in-state-dir';

export type CommandSpec =
  | { name: 'list' }
  | { name: 'reset'; step?: string }
  | { name: 'run'; step?: string; embedded: boolean }
  | { name: 'start'; step?: string }
  | { name: 'check'; format?: string; output?: PathKind }
  | { name: 'doctor'; format?: string; report?: PathKind }
  | { name: 'init'; dir?: PathKind }
  | { name: 'endpoint'; host?: string; port: string; dataDir?: PathKind };

export type EndpointValue = 'closed' | 'empty' | 'port-0' | 'metadata' | 'link-local' | 'ftp' | 'not-a-url' | 'userinfo' | { text: string };

export interface BadInputCase {
  command: CommandSpec;
  state: StateCondition;
  /** --state-dir given (else the default .serverless-tutorial in the working directory). */
  stateFlag: boolean;
  endpoint: EndpointValue;
  lang?: string;
  noColor: boolean;
  yes: boolean;
}

// ---- arbitraries ----------------------------------------------------------------------------

const steps = fc.oneof(fc.constantFrom('1', '6', 'bucket', 'trigger', '0', '7', '-1', '', ' ', '１', 'BUCKET', '2.5'), fc.string({ maxLength: 12 }));
const pathKind = fc.constantFrom<PathKind>('new', 'existing-directory', 'existing-file', 'below-a-file', 'proc', 'empty', 'odd-name', 'in-state-dir');
const bytes = fc.uint8Array({ maxLength: 200 });
const wrongValue = fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }));

export const garbage: fc.Arbitrary<Garbage> = fc.oneof(
  bytes.map((b) => ({ kind: 'bytes' as const, bytes: b })),
  fc.record({ kind: fc.constant('wrong-type' as const), field: fc.nat(), value: wrongValue }),
  fc.constant({ kind: 'directory' as const }),
);

/** Progress files of the right outline with wrong field types (list crashed on these: issue 14). */
const progressWrongTypes = fc.oneof(
  fc.constant({ schemaVersion: 1, lesson: 'serverless-basics', steps: { bucket: { status: 'done' } } }),
  wrongValue.map((completedAt) => ({ schemaVersion: 1, lesson: 'serverless-basics', startedAt: 'x', updatedAt: 'x', steps: { bucket: { status: 'done', completedAt } } })),
  wrongValue.map((steps) => ({ schemaVersion: 1, lesson: 'serverless-basics', steps })),
);

export function stateCondition(options: { endpointRecords: boolean }): fc.Arbitrary<StateCondition> {
  return fc.oneof(
    fc.constant({ kind: 'absent' as const }),
    fc.constant({ kind: 'fresh' as const }),
    fc.constant({ kind: 'file' as const }),
    fc.constant({ kind: 'below-a-file' as const }),
    fc.boolean().map((withProgress) => ({ kind: 'read-only' as const, withProgress })),
    bytes.map((b) => ({ kind: 'progress-garbage' as const, bytes: b })),
    progressWrongTypes.map((value) => ({ kind: 'progress-wrong-types' as const, value })),
    ...(options.endpointRecords ? [fc.record({ kind: fc.constant('endpoint-damage' as const), record: fc.nat(), garbage })] : []),
  );
}

const endpointValue: fc.Arbitrary<EndpointValue> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('closed' as const) },
  { weight: 4, arbitrary: fc.constantFrom<EndpointValue>('empty', 'port-0', 'metadata', 'link-local', 'ftp', 'not-a-url', 'userinfo') },
  { weight: 1, arbitrary: fc.string({ maxLength: 16 }).map((text) => ({ text })) },
);

const format = fc.option(fc.constantFrom('text', 'json', 'junit', 'html', 'xml', ''), { nil: undefined });

const endpointCommand = (dataDir: fc.Arbitrary<PathKind | undefined>) =>
  fc.record(
    {
      name: fc.constant('endpoint' as const),
      host: fc.option(fc.constantFrom('127.0.0.1', '::1', 'localhost', '256.1.1.1', '10.255.255.1', 'no such host', ''), { nil: undefined }),
      // Never a fixed port that could be busy (4566): 0 picks a free one; the rest are refused.
      port: fc.constantFrom('0', 'abc', '-1', '70000', ''),
      dataDir,
    },
    { requiredKeys: ['name', 'port'] },
  );

/** Every command; doctor is rarer (its preparation probes make it the slowest). */
export const command: fc.Arbitrary<CommandSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ name: 'list' as const }) },
  { weight: 3, arbitrary: fc.record({ name: fc.constant('reset' as const), step: fc.option(steps, { nil: undefined }) }, { requiredKeys: ['name'] }) },
  { weight: 3, arbitrary: fc.record({ name: fc.constant('run' as const), step: fc.option(steps, { nil: undefined }), embedded: fc.boolean() }, { requiredKeys: ['name', 'embedded'] }) },
  { weight: 2, arbitrary: fc.record({ name: fc.constant('start' as const), step: fc.option(steps, { nil: undefined }) }, { requiredKeys: ['name'] }) },
  { weight: 3, arbitrary: fc.record({ name: fc.constant('check' as const), format, output: fc.option(pathKind, { nil: undefined }) }, { requiredKeys: ['name'] }) },
  { weight: 1, arbitrary: fc.record({ name: fc.constant('doctor' as const), format: fc.option(fc.constantFrom('text', 'json', 'yaml'), { nil: undefined }), report: fc.option(pathKind, { nil: undefined }) }, { requiredKeys: ['name'] }) },
  { weight: 3, arbitrary: fc.record({ name: fc.constant('init' as const), dir: fc.option(pathKind, { nil: undefined }) }, { requiredKeys: ['name'] }) },
  { weight: 3, arbitrary: endpointCommand(fc.option(pathKind, { nil: undefined })) },
);

export function badInputCase(options: { endpointRecords: boolean }): fc.Arbitrary<BadInputCase> {
  const common = {
    stateFlag: fc.boolean(),
    endpoint: endpointValue,
    lang: fc.option(fc.constantFrom('ja', 'en', 'fr'), { nil: undefined }),
    noColor: fc.boolean(),
    yes: fc.boolean(),
  };
  const anyCommand = fc.record({ command, state: stateCondition(options), ...common });
  // Damaged endpoint records are read by the endpoint when it starts: pair them with `endpoint`.
  const damagedEndpoint = fc.record({
    command: endpointCommand(fc.constant(undefined)).map((c) => ({ ...c, port: '0' })),
    state: fc.record({ kind: fc.constant('endpoint-damage' as const), record: fc.nat(), garbage }),
    ...common,
  });
  return (options.endpointRecords ? fc.oneof({ weight: 4, arbitrary: anyCommand }, { weight: 1, arbitrary: damagedEndpoint }) : anyCommand).filter(bindsNothingFixed);
}

/**
 * --embedded starts the built-in endpoint on 4566 when it can; only conditions that stop it before
 * it listens (the state dir unusable) are generated, so no case binds a fixed port.
 */
function bindsNothingFixed(c: BadInputCase): boolean {
  if (c.command.name !== 'run' || !c.command.embedded) return true;
  return c.state.kind === 'file' || c.state.kind === 'below-a-file' || (c.state.kind === 'read-only' && c.stateFlag);
}

// ---- making a case real ---------------------------------------------------------------------

export interface MaterializedCase {
  args: string[];
  cwd: string;
  /** Directories and files the command may change: the state dir, and what an option names. */
  mayChange: string[];
  /** Directories to make read-only before the run. */
  readOnly: string[];
  /** `endpoint` that starts: it is stopped with SIGINT once it says it is ready. */
  serves: boolean;
}

export interface Materials {
  /** A built-in endpoint data dir with one record of every kind (bucket, object, upload, part, role, function, log group, stream). */
  endpointTemplate: string;
  closedUrl: string;
  freeUrl: string;
}

/** The JSON and JSONL record files under `dir`, in a stable order. */
export function recordFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => /\.jsonl?$/.test(p))
    .sort()
    .map((p) => join(dir, p));
}

function damage(file: string, g: Garbage): void {
  if (g.kind === 'directory') {
    rmSync(file);
    mkdirSync(file);
  } else if (g.kind === 'bytes') {
    writeFileSync(file, g.bytes);
  } else {
    // A JSON file is one record (pretty-printed); a JSONL stream's first line is its header.
    const text = readFileSync(file, 'utf8');
    const recordText = file.endsWith('.jsonl') ? text.split('\n')[0] : text;
    const record = JSON.parse(recordText) as Record<string, unknown>;
    const keys = Object.keys(record);
    record[keys[g.field % keys.length]] = g.value;
    writeFileSync(file, text.replace(recordText, JSON.stringify(record)));
  }
}

export function materialize(c: BadInputCase, sandbox: string, m: Materials): MaterializedCase {
  const cwd = join(sandbox, 'project');
  mkdirSync(cwd, { recursive: true });
  writeFileSync(join(sandbox, 'afile'), 'a file, not a directory\n');
  mkdirSync(join(sandbox, 'a directory'), { recursive: true });
  const stateName = c.stateFlag ? join(sandbox, 'state dir') : join(cwd, '.serverless-tutorial');
  const readOnly: string[] = [];
  let stateDir = stateName;

  switch (c.state.kind) {
    case 'absent':
      break;
    case 'fresh':
      mkdirSync(stateDir, { recursive: true });
      break;
    case 'file':
      writeFileSync(stateDir, 'not a directory\n');
      break;
    case 'below-a-file':
      stateDir = join(sandbox, 'afile', 'state');
      break;
    case 'read-only':
      mkdirSync(stateDir, { recursive: true });
      if (c.state.withProgress) new ProgressStore(stateDir).markDone(emptyProgress('serverless-basics'), 'localstack');
      readOnly.push(stateDir);
      break;
    case 'progress-garbage':
      mkdirSync(stateDir, { recursive: true });
      writeFileSync(join(stateDir, 'progress.json'), c.state.bytes);
      break;
    case 'progress-wrong-types':
      mkdirSync(stateDir, { recursive: true });
      writeFileSync(join(stateDir, 'progress.json'), JSON.stringify(c.state.value));
      break;
    case 'endpoint-damage': {
      const data = join(stateDir, 'endpoint');
      cpSync(m.endpointTemplate, data, { recursive: true });
      const files = recordFiles(data);
      damage(files[c.state.record % files.length], c.state.garbage);
      break;
    }
  }

  const mayChange = [stateDir];
  const pathFor = (kind: PathKind, fileName: string): string => {
    switch (kind) {
      case 'new':
        return join(sandbox, 'out', fileName);
      case 'existing-directory':
        return join(sandbox, 'a directory');
      case 'existing-file':
        return join(sandbox, 'afile');
      case 'below-a-file':
        return join(sandbox, 'afile', fileName);
      case 'proc':
        return `/proc/serverless-tutorial-fuzz/${fileName}`;
      case 'empty':
        return '';
      case 'odd-name':
        return join(sandbox, 'ﾃｽﾄ dir', `-${fileName} `);
      case 'in-state-dir':
        return join(stateDir, fileName);
    }
  };
  /** An option naming a path: the command may write there (its purpose), nowhere else. */
  const pathOption = (kind: PathKind, fileName: string): string => {
    const path = pathFor(kind, fileName);
    if (path !== '') mayChange.push(kind === 'new' || kind === 'odd-name' ? join(path, '..') : path);
    return path;
  };

  const endpoint = endpointText(c.endpoint, m);
  const args: string[] = [];
  const cmd = c.command;
  args.push(cmd.name);
  switch (cmd.name) {
    case 'list':
      break;
    case 'reset':
    case 'start':
      if (cmd.step !== undefined) args.push('--step', cmd.step);
      args.push('--endpoint', endpoint);
      break;
    case 'run':
      if (cmd.step !== undefined) args.push('--step', cmd.step);
      // With --embedded the endpoint is ours: an explicit free port, never 4566.
      args.push('--endpoint', cmd.embedded ? m.freeUrl : endpoint);
      if (cmd.embedded) args.push('--embedded');
      break;
    case 'check':
      args.push('--endpoint', endpoint, '--read-only');
      if (cmd.format !== undefined) args.push('--format', cmd.format);
      if (cmd.output !== undefined) args.push('--output', pathOption(cmd.output, 'report.txt'));
      break;
    case 'doctor':
      args.push('--endpoint', endpoint);
      if (cmd.format !== undefined) args.push('--format', cmd.format);
      if (cmd.report !== undefined) args.push('--report', pathOption(cmd.report, 'doctor.md'));
      break;
    case 'init':
      if (cmd.dir !== undefined) args.push(pathOption(cmd.dir, 'lesson'));
      else mayChange.push(cwd); // init writes into the working directory by default
      break;
    case 'endpoint':
      args.push('--port', cmd.port);
      if (cmd.host !== undefined) args.push('--host', cmd.host);
      if (cmd.dataDir !== undefined) args.push('--data-dir', pathOption(cmd.dataDir, 'data'));
      break;
  }
  if (c.stateFlag || c.state.kind === 'below-a-file') args.push('--state-dir', relative(cwd, stateDir) || '.');
  if (c.lang !== undefined) args.push('--lang', c.lang);
  if (c.noColor) args.push('--no-color');
  if (c.yes) args.push('--yes');
  const serves = cmd.name === 'endpoint' && cmd.port === '0';
  return { args, cwd, mayChange, readOnly, serves };
}

function endpointText(value: EndpointValue, m: Materials): string {
  if (typeof value === 'object') return value.text;
  switch (value) {
    case 'closed':
      return m.closedUrl;
    case 'empty':
      return '';
    case 'port-0':
      return 'http://127.0.0.1:0';
    case 'metadata':
      return 'http://169.254.169.254';
    case 'link-local':
      return 'http://169.254.7.7:4566';
    case 'ftp':
      return 'ftp://127.0.0.1:4566';
    case 'not-a-url':
      return 'http://[::1';
    case 'userinfo':
      return m.closedUrl.replace('://', '://admin:hunter2pw@');
  }
}
