// The course's 準備 checklist: is each tool the hand-typed path and the LocalStack path need here,
// and how to get it. Never blocking: the built-in endpoint needs nothing but Node.js, so a missing
// tool only narrows the ways to follow the lesson.
import { dirname } from 'node:path';
import { UserFacingError } from '../errors.js';
import { hideUserinfo, isLocalEndpoint, resolveEndpoint } from '../config/endpoint.js';
import type { Text } from '../i18n/text.js';
import type { PreflightId, PreflightPurpose } from './ids.js';
import { loadDefaultLesson } from './locate.js';
import type { PreflightEntry } from './model.js';
import { findExecutable, firstLine, runTool } from './tools.js';
import { DEFAULT_AWS_FALLBACKS, inspectAwsCli } from './aws-cli.js';
import { envApplyLine } from '../config/shell-env.js';

export interface PreflightItem {
  id: PreflightId;
  title: Text;
  ok: boolean;
  /** What was found (or not), with the evidence: paths, versions, the tool's own words. */
  detail: Text;
  /** How to install or set it (from the lesson). */
  howTo: Text;
  neededFor: PreflightPurpose[];
  found?: { path?: string; version?: string };
}

export interface PreflightReport {
  items: PreflightItem[];
  /** Every item LocalStack in Docker needs is ok. */
  localstackReady: boolean;
  /** Every item the hand-typed commands need is ok. */
  handReady: boolean;
  /** The built-in endpoint needs none of the items. */
  builtInReady: true;
  summary: Text;
}

export interface PreflightOptions {
  /** The lesson's preflight list; default: the default lesson's. */
  entries?: readonly PreflightEntry[];
  /**
   * Where an AWS CLI v2 often lives when another `aws` (say pyenv's v1) comes first on PATH.
   * Default /usr/bin/aws and /usr/local/bin/aws.
   */
  awsFallbackPaths?: readonly string[];
  /** Per tool run; `docker info` can hang on a wedged engine. Default 10 s. */
  timeoutMs?: number;
}

interface Outcome {
  ok: boolean;
  detail: Text;
  found?: { path?: string; version?: string };
}

interface ProbeContext {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  awsFallbackPaths: readonly string[];
  dockerPath: string | undefined;
}

export async function runPreflight(env: NodeJS.ProcessEnv = process.env, options: PreflightOptions = {}): Promise<PreflightReport> {
  const entries = options.entries ?? (await loadDefaultLesson()).preflight;
  const context: ProbeContext = {
    env,
    timeoutMs: options.timeoutMs ?? 10_000,
    awsFallbackPaths: options.awsFallbackPaths ?? DEFAULT_AWS_FALLBACKS,
    dockerPath: findExecutable('docker', env.PATH),
  };
  const items = await Promise.all(
    entries.map(async (entry): Promise<PreflightItem> => {
      const outcome = await PROBES[entry.id](context);
      return { id: entry.id, title: entry.title, howTo: entry.howTo, neededFor: entry.neededFor, ...outcome };
    }),
  );
  const readyFor = (purpose: PreflightPurpose) => items.filter((item) => item.neededFor.includes(purpose)).every((item) => item.ok);
  const localstackReady = readyFor('localstack');
  const handReady = readyFor('hand');
  return { items, localstackReady, handReady, builtInReady: true, summary: summarize(items, localstackReady, handReady) };
}

const PROBES: Record<PreflightId, (context: ProbeContext) => Promise<Outcome>> = {
  'aws-cli': probeAwsCli,
  awslocal: probeAwslocal,
  docker: probeDocker,
  'docker-compose': probeDockerCompose,
  'docker-engine': probeDockerEngine,
  'endpoint-variable': async (context) => probeEndpointVariable(context.env),
};

async function probeAwsCli(context: ProbeContext): Promise<Outcome> {
  const report = await inspectAwsCli(context.env, { fallbackPaths: context.awsFallbackPaths, timeoutMs: context.timeoutMs });
  const found = report.first;
  const fallback = report.v2 && report.v2.path !== found?.path ? report.v2 : undefined;
  const envLine = envApplyLine();
  const fallbackHint: Text = fallback
    ? {
        en: ` AWS CLI ${fallback.version} is installed at ${fallback.path}: put its folder first on PATH (export PATH=${dirname(fallback.path)}:$PATH), or run ${envLine}, whose awslocal runs that one.`,
        ja: `${fallback.path} に AWS CLI ${fallback.version} があります。そのフォルダーを PATH の先頭に置く (export PATH=${dirname(fallback.path)}:$PATH) か、${envLine} を実行してください (その awslocal はこちらを使います)。`,
      }
    : { en: '', ja: '' };

  if (!found) {
    return {
      ok: false,
      detail: {
        en: `aws is not on PATH.${fallbackHint.en}`,
        ja: `PATH に aws がありません。${fallbackHint.ja}`,
      },
    };
  }
  const onPath = found.path;
  if (found.major === 2) {
    return {
      ok: true,
      detail: { en: `AWS CLI ${found.version} at ${onPath}`, ja: `AWS CLI ${found.version} (${onPath})` },
      found: { path: onPath, version: found.version },
    };
  }
  const pyenv: Text = /[\\/]\.?pyenv[\\/]/.test(onPath)
    ? {
        en: ' It comes from pyenv: pip uninstall awscli in that Python, or run pyenv shell system.',
        ja: 'これは pyenv の aws です。その Python で pip uninstall awscli を実行するか、pyenv shell system に切り替えてください。',
      }
    : { en: '', ja: '' };
  if (found.major !== undefined) {
    return {
      ok: false,
      detail: {
        en: `the aws first on PATH (${onPath}) is AWS CLI ${found.version}, not version 2; awslocal runs this one, and it lacks options the lesson uses (--cli-binary-format).${pyenv.en}${fallbackHint.en}`,
        ja: `PATH で最初に見つかる aws (${onPath}) は AWS CLI ${found.version} で、v2 ではありません。awslocal もこの aws を使うため、レッスンで使うオプション (--cli-binary-format) が使えません。${pyenv.ja}${fallbackHint.ja}`,
      },
      found: { path: onPath, version: found.version },
    };
  }
  return {
    ok: false,
    detail: {
      en: `${onPath} --version did not report an AWS CLI version: ${endSentence(found.failure ?? '')}${fallbackHint.en}`,
      ja: `${onPath} --version から AWS CLI のバージョンを読み取れませんでした (${found.failure})。${fallbackHint.ja}`,
    },
    found: { path: onPath },
  };
}

async function probeAwslocal(context: ProbeContext): Promise<Outcome> {
  const path = findExecutable('awslocal', context.env.PATH);
  if (path) return { ok: true, detail: { en: `awslocal at ${path}`, ja: `awslocal (${path})` }, found: { path } };
  return {
    ok: false,
    detail: {
      en: `awslocal is not on PATH. It is only needed to type the commands by hand, and ${envApplyLine()} defines one in that shell; the runner and the built-in endpoint do not use it.`,
      ja: `PATH に awslocal がありません。コマンドを手で打つときだけ必要で、${envApplyLine()} を実行するとそのシェルで使えるようになります。ランナーや内蔵エンドポイントは使いません。`,
    },
  };
}

const NO_DOCKER_NOTE: Text = {
  en: 'Only LocalStack needs Docker; the built-in endpoint (--embedded) runs without it.',
  ja: 'Docker が必要なのは LocalStack だけです。内蔵エンドポイント (--embedded) は Docker なしで動きます。',
};

async function probeDocker(context: ProbeContext): Promise<Outcome> {
  const path = context.dockerPath;
  if (!path) {
    return { ok: false, detail: { en: `docker is not on PATH. ${NO_DOCKER_NOTE.en}`, ja: `PATH に docker がありません。${NO_DOCKER_NOTE.ja}` } };
  }
  const run = await runTool(path, ['--version'], context.env, context.timeoutMs);
  const version = /Docker version ([^\s,]+)/.exec(run.stdout)?.[1];
  if (run.code === 0 && version) {
    return { ok: true, detail: { en: `Docker ${version} at ${path}`, ja: `Docker ${version} (${path})` }, found: { path, version } };
  }
  const answer = describeFailure(run, context);
  return {
    ok: false,
    detail: { en: `${path} --version failed: ${answer}`, ja: `${path} --version が失敗しました: ${answer}` },
    found: { path },
  };
}

async function probeDockerCompose(context: ProbeContext): Promise<Outcome> {
  let pluginAnswer: string | undefined;
  if (context.dockerPath) {
    const run = await runTool(context.dockerPath, ['compose', 'version'], context.env, context.timeoutMs);
    const version = /version v?([0-9][^\s,]*)/i.exec(run.stdout)?.[1];
    if (run.code === 0 && version) {
      return {
        ok: true,
        detail: { en: `Docker Compose ${version} (docker compose)`, ja: `Docker Compose ${version} (docker compose)` },
        found: { path: context.dockerPath, version },
      };
    }
    pluginAnswer = describeFailure(run, context);
  }
  const standalone = findExecutable('docker-compose', context.env.PATH);
  if (standalone) {
    const run = await runTool(standalone, ['--version'], context.env, context.timeoutMs);
    const version = /version v?([0-9][^\s,]*)/i.exec(run.stdout)?.[1];
    if (run.code === 0 && version) {
      return {
        ok: true,
        detail: {
          en: `docker-compose ${version} at ${standalone} (the standalone command: use docker-compose where the lesson says docker compose)`,
          ja: `docker-compose ${version} (${standalone})。単体版なので、レッスンの docker compose は docker-compose と読み替えてください`,
        },
        found: { path: standalone, version },
      };
    }
  }
  if (!context.dockerPath) {
    return { ok: false, detail: { en: `no docker CLI, so no Docker Compose. ${NO_DOCKER_NOTE.en}`, ja: `docker コマンドがないため Docker Compose も使えません。${NO_DOCKER_NOTE.ja}` } };
  }
  return {
    ok: false,
    detail: {
      en: `docker compose is not available: ${pluginAnswer}`,
      ja: `docker compose が使えません: ${pluginAnswer}`,
    },
  };
}

async function probeDockerEngine(context: ProbeContext): Promise<Outcome> {
  if (!context.dockerPath) {
    return { ok: false, detail: { en: `no docker CLI to ask the engine with. ${NO_DOCKER_NOTE.en}`, ja: `docker コマンドがないため、エンジンの状態を確認できません。${NO_DOCKER_NOTE.ja}` } };
  }
  const run = await runTool(context.dockerPath, ['info', '--format', '{{.ServerVersion}}'], context.env, context.timeoutMs);
  const version = run.stdout.trim();
  if (run.code === 0) {
    return {
      ok: true,
      detail: version
        ? { en: `the Docker engine ${version} is running`, ja: `Docker エンジン ${version} が起動しています` }
        : { en: 'the Docker engine is running', ja: 'Docker エンジンが起動しています' },
      found: { path: context.dockerPath, ...(version ? { version } : {}) },
    };
  }
  const answer = describeFailure(run, context);
  const denied = /permission denied/i.test(run.stderr);
  return {
    ok: false,
    detail: denied
      ? {
          en: `docker info was refused: ${answer} (your user may not be in the docker group)`,
          ja: `docker info が拒否されました: ${answer} (ユーザーが docker グループに入っていない可能性があります)`,
        }
      : {
          en: `the Docker engine is not reachable: ${endSentence(answer)} ${NO_DOCKER_NOTE.en}`,
          ja: `Docker エンジンにつながりません (${answer})。${NO_DOCKER_NOTE.ja}`,
        },
    found: { path: context.dockerPath },
  };
}

/** Quoted tool output ends a sentence: add a full stop unless it has its own. */
function endSentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

function describeFailure(run: Awaited<ReturnType<typeof runTool>>, context: ProbeContext): string {
  if (run.timedOut) return `no answer within ${context.timeoutMs / 1000} s`;
  if (run.startError) return run.startError;
  return firstLine(run.stderr) || firstLine(run.stdout) || `exit code ${run.code}`;
}

export function probeEndpointVariable(env: NodeJS.ProcessEnv): Outcome {
  const awsEndpoint = env.AWS_ENDPOINT_URL?.trim();
  const localstackHost = env.LOCALSTACK_HOST?.trim();
  if (!awsEndpoint && !localstackHost) {
    return {
      ok: true,
      detail: {
        en: 'AWS_ENDPOINT_URL and LOCALSTACK_HOST are not set: awslocal and the runner use http://localhost:4566, where LocalStack listens by default.',
        ja: 'AWS_ENDPOINT_URL も LOCALSTACK_HOST も未設定です。awslocal とランナーは LocalStack の既定の http://localhost:4566 を使います。',
      },
    };
  }
  let resolved: ReturnType<typeof resolveEndpoint>;
  try {
    resolved = resolveEndpoint(undefined, env);
  } catch (error) {
    if (error instanceof UserFacingError) return { ok: false, detail: error.text };
    throw error;
  }
  // The variable as set, minus any user:password in it (this line is printed and may be shared).
  const setting = resolved.source === 'AWS_ENDPOINT_URL' ? `AWS_ENDPOINT_URL=${hideUserinfo(awsEndpoint ?? '')}` : `LOCALSTACK_HOST=${hideUserinfo(localstackHost ?? '')}`;
  const shadowed: Text =
    resolved.source === 'AWS_ENDPOINT_URL' && localstackHost
      ? { en: ` (LOCALSTACK_HOST=${localstackHost} is ignored: AWS_ENDPOINT_URL wins)`, ja: ` (LOCALSTACK_HOST=${localstackHost} は使われません。AWS_ENDPOINT_URL が優先されます)` }
      : { en: '', ja: '' };
  if (!isLocalEndpoint(resolved.url)) {
    return {
      ok: false,
      detail: {
        en: `${setting} points at ${resolved.url}, which does not look local: it may be real AWS, and the runner refuses it unless --allow-aws is given.${shadowed.en}`,
        ja: `${setting} は ${resolved.url} を指していますが、手元の環境には見えません。本物の AWS かもしれないため、--allow-aws なしではランナーは使いません。${shadowed.ja}`,
      },
    };
  }
  return {
    ok: true,
    detail: {
      en: `${setting}: awslocal and the runner use ${resolved.url}${shadowed.en}`,
      ja: `${setting}: awslocal とランナーは ${resolved.url} を使います${shadowed.ja}`,
    },
  };
}

function summarize(items: readonly PreflightItem[], localstackReady: boolean, handReady: boolean): Text {
  const missing = (purpose: PreflightPurpose) =>
    items
      .filter((item) => item.neededFor.includes(purpose) && !item.ok)
      .map((item) => item.id)
      .join(', ');
  const builtIn: Text = {
    en: 'The built-in endpoint (--embedded) always works: it needs neither Docker nor awslocal.',
    ja: '内蔵エンドポイント (--embedded) はいつでも使えます。Docker も awslocal も必要ありません。',
  };
  const localstack: Text = localstackReady
    ? { en: 'LocalStack can run here.', ja: 'この環境で LocalStack を動かせます。' }
    : { en: `LocalStack cannot run here yet (${missing('localstack')}).`, ja: `この環境ではまだ LocalStack を動かせません (${missing('localstack')})。` };
  const hand: Text = handReady
    ? { en: 'You can type the lesson’s commands by hand.', ja: 'レッスンのコマンドを手で打てます。' }
    : { en: `To type the commands by hand, see: ${missing('hand')}.`, ja: `コマンドを手で打つには次を確認してください: ${missing('hand')}。` };
  return { en: `${localstack.en} ${hand.en} ${builtIn.en}`, ja: `${localstack.ja}${hand.ja}${builtIn.ja}` };
}
