// lambda-not-executing: the function is missing, not Active, packaged wrongly, configured unlike
// the lesson, or fails when run. Configuration and the deployed zip are looked at first; only when
// they look right is the function run (or check 4's own run read) for the error it gives.
import type { CheckContext } from '../../checks/context.js';
import type { CheckResult, Evidence } from '../../checks/result.js';
import { runtimePlatformArch, hostTarget, nodeArchOf, type LambdaArchitecture } from '../../steps/packaging/sharp-target.js';
import { summarizeError } from '../../steps/invoke-function.js';
import { probeFunction, probeInvoke, probeRecentLogs, handlerFileCandidates, type FunctionProbe } from '../probes/function.js';
import { readErrorSigns } from '../probes/error-text.js';
import { probeDocker } from '../probes/docker.js';
import { rebuildRedeployFix, repackageSharpFix, waitActiveFix } from '../fixes/function.js';
import { configFindings, configurationDiffers } from './function-config.js';
import { recreateLocalStackFix } from '../fixes/docker.js';
import type { ResolvedOptions } from '../options.js';
import { diagnosis } from '../diagnosis.js';
import type { Diagnosis } from '../types.js';
import { LABEL, VALUE, logsOf } from '../../checks/evidence-labels.js';
import { words } from '../../checks/result.js';

export interface FunctionFailure {
  /** The checks this explains. */
  checks: string[];
  /** check 4's result when it failed: its own invocation's payload and log tail are reused. */
  invocable?: CheckResult;
}

function configEvidence(p: FunctionProbe): Evidence[] {
  const c = p.configuration;
  if (!c) return [];
  return [
    { label: 'GetFunction', value: `State=${c.State} LastUpdateStatus=${c.LastUpdateStatus} Runtime=${c.Runtime} Handler=${c.Handler} Timeout=${c.Timeout} Architectures=${(c.Architectures ?? []).join(',')}` },
    ...(c.StateReason ? [{ label: 'StateReason', value: `${c.StateReasonCode ?? ''} ${c.StateReason}`.trim() }] : []),
    { label: 'Environment', value: Object.entries(c.Environment?.Variables ?? {}).map(([k, v]) => `${k}=${v}`).join(' ') || VALUE.noneParen },
  ];
}

function zipEvidence(p: FunctionProbe): Evidence {
  if (!p.zipEntries) return { label: LABEL.deployedZip, value: { en: `could not be read: ${p.zipError ?? '?'}`, ja: `読み取れません: ${p.zipError ?? '?'}` } };
  const shown = p.zipEntries.filter((e) => !e.endsWith('/') && (!e.startsWith('node_modules/') || /^node_modules\/(sharp|@img\/[^/]+)\/package\.json$/.test(e)));
  return { label: { en: `deployed zip (${p.zipEntries.length} entries)`, ja: `デプロイされた zip (${p.zipEntries.length} 個のファイル)` }, value: shown.slice(0, 20).join('\n') };
}

/** sharp's platform-arch the function needs where it runs: this machine for the built-in endpoint, Linux of its architecture elsewhere. */
export function neededSharpPlatform(builtin: boolean, arch: LambdaArchitecture): string {
  return builtin ? runtimePlatformArch(hostTarget()) : `linux-${nodeArchOf(arch)}`;
}

export async function diagnoseFunction(ctx: CheckContext, failure: FunctionFailure, options: ResolvedOptions): Promise<Diagnosis[]> {
  const lesson = ctx.lesson;
  const fn = lesson.resources.function;
  const checks = failure.checks;
  const probe = await probeFunction(ctx);

  if (!probe.exists || !probe.configuration) {
    const others = probe.deployed.filter((n) => n !== fn.name);
    return [diagnosis('lambda-not-executing', 'function-missing', {
      en: `There is no function called ${fn.name} at ${ctx.endpoint.url}.${others.length ? ` Deployed: ${others.join(', ')}.` : ''} Build and deploy it (steps 3 and 4).`,
      ja: `${ctx.endpoint.url} に ${fn.name} という関数がありません。${others.length ? `デプロイ済み: ${others.join('、')}。` : ''}ビルドしてデプロイしてください (ステップ 3 と 4)。`,
    }, [{ label: 'GetFunction', value: `404 ResourceNotFoundException: ${fn.name}` }, { label: 'ListFunctions', value: probe.deployed.join(', ') || VALUE.noneParen }], [rebuildRedeployFix()], checks)];
  }

  const c = probe.configuration;
  const evidence = configEvidence(probe);
  const arch = (c.Architectures?.[0] as LambdaArchitecture | undefined) ?? ctx.arch;
  const builtin = ctx.endpoint.kind === 'builtin';

  if (c.State === 'Failed' || c.LastUpdateStatus === 'Failed') {
    const reason = `${c.StateReason ?? ''} ${c.LastUpdateStatusReason ?? ''}`.trim();
    if (/docker/i.test(reason)) {
      const docker = await probeDocker(options);
      return [diagnosis('localstack-not-starting', 'docker-socket-missing', {
        en: `${fn.name} is ${c.State}: "${reason}". LocalStack runs each function in its own container, through the Docker socket; this LocalStack has no /var/run/docker.sock mounted. The repository's docker-compose.yml mounts it.`,
        ja: `${fn.name} は ${c.State} です: 「${reason}」。LocalStack は関数ごとにコンテナを起動するため Docker ソケットが必要ですが、この LocalStack には /var/run/docker.sock がマウントされていません。リポジトリの docker-compose.yml ではマウントされています。`,
      }, [...evidence, { label: 'docker', value: docker.transcript.join('\n') }], docker.engine.reachable ? [recreateLocalStackFix(options), rebuildRedeployFix()] : [], checks)];
    }
    return [diagnosis('lambda-not-executing', 'state-not-active', {
      en: `${fn.name} is ${c.State}${c.LastUpdateStatus === 'Failed' ? ' and its last update failed' : ''}${reason ? `: ${reason}` : ''}. Deploy it again.`,
      ja: `${fn.name} は ${c.State} です${c.LastUpdateStatus === 'Failed' ? ' (最後の更新も失敗しています)' : ''}${reason ? `: ${reason}` : ''}。もう一度デプロイしてください。`,
    }, evidence, [rebuildRedeployFix()], checks)];
  }
  if (c.State === 'Pending' || c.LastUpdateStatus === 'InProgress') {
    return [diagnosis('lambda-not-executing', 'state-not-active', {
      en: `${fn.name} is ${c.State} (LastUpdateStatus ${c.LastUpdateStatus}): it cannot be invoked until it is Active. Wait for it (and configure the trigger only after that).`,
      ja: `${fn.name} は ${c.State} (LastUpdateStatus ${c.LastUpdateStatus}) で、Active になるまで実行できません。待ってから (トリガーの設定もその後で) 進めてください。`,
    }, evidence, [waitActiveFix(lesson)], checks)];
  }

  const config = configFindings(lesson, c, evidence, checks);
  const found: Diagnosis[] = [...config.specific];
  let rest = config.rest;

  if (probe.zipEntries) {
    const files = new Set(probe.zipEntries);
    const wantedFiles = handlerFileCandidates(c.Handler ?? fn.handler);
    if (!wantedFiles.some((f) => files.has(f))) {
      const lessonFileThere = handlerFileCandidates(fn.handler).some((f) => files.has(f));
      if (lessonFileThere) rest = rest.filter((d) => d.field !== 'Handler');
      found.push(diagnosis('lambda-not-executing', 'handler-not-in-zip', {
        en: `The handler is ${c.Handler}, so the zip must contain ${wantedFiles[0]} at its top level, but it does not. ${lessonFileThere ? `It has the lesson's ${handlerFileCandidates(fn.handler)[0]}: set the handler to ${fn.handler}.` : 'Zip the contents of dist/ (cd dist && zip -r ../function.zip index.js node_modules), not the folder itself.'}`,
        ja: `ハンドラーが ${c.Handler} なので zip の最上位に ${wantedFiles[0]} が必要ですが、入っていません。${lessonFileThere ? `レッスンの ${handlerFileCandidates(fn.handler)[0]} はあるので、ハンドラーを ${fn.handler} にしてください。` : 'フォルダーごとではなく dist/ の中身を zip にしてください (cd dist && zip -r ../function.zip index.js node_modules)。'}`,
      }, [...evidence, zipEvidence(probe)], lessonFileThere ? config.restore : [rebuildRedeployFix()], checks));
    }
    if (files.has('node_modules/sharp/package.json')) {
      const needed = neededSharpPlatform(builtin, arch);
      const natives = [...new Set(probe.zipEntries.map((e) => /^node_modules\/@img\/sharp-(?!libvips)([^/]+)\//.exec(e)?.[1]).filter((x): x is string => Boolean(x)))];
      if (!natives.includes(needed)) {
        found.push(diagnosis('lambda-not-executing', 'sharp-wrong-platform', {
          en: `The zip carries sharp for ${natives.join(', ') || 'no platform at all'}, but the function runs on ${needed}${builtin ? ' (the built-in endpoint runs functions on this machine)' : ` (Lambda ${arch})`}: sharp cannot load there. Install sharp for ${needed} into the package.`,
          ja: `zip には ${natives.join('、') || 'どのプラットフォーム向けでもない'} 用の sharp が入っていますが、関数は ${needed} で動きます${builtin ? ' (内蔵エンドポイントはこのマシンで関数を動かします)' : ` (Lambda ${arch})`}。このままでは sharp を読み込めません。${needed} 用の sharp をパッケージに入れてください。`,
        }, [...evidence, zipEvidence(probe)], [repackageSharpFix(arch, builtin)], checks));
      }
    }
  }

  const differs = (drifts: typeof rest) => configurationDiffers(lesson, drifts, evidence, config.restore, checks);
  if (found.length > 0) return [...found, ...differs(rest)];

  // Configuration and package look right: what does a run say?
  let errorText: string | undefined;
  let runEvidence: Evidence[] = [];
  if (failure.invocable) {
    errorText = [failure.invocable.message.en, ...failure.invocable.evidence.map((e) => words('en', e.value))].join('\n');
    runEvidence = failure.invocable.evidence;
  } else {
    const run = await probeInvoke(ctx);
    if (run?.functionError) {
      errorText = `${run.payload}\n${run.logTail}`;
      runEvidence = [{ label: 'Invoke', value: `FunctionError=${run.functionError} ${run.payload.slice(0, 600)}` }, { label: LABEL.logTail, value: run.logTail.trim(), log: true }];
    } else if (!run) {
      // Read-only: the function's own log says what happened on its last runs.
      const logs = await probeRecentLogs(ctx);
      if (logs.some((l) => /ERROR|Task timed out|Error:/.test(l))) {
        errorText = logs.join('\n');
        runEvidence = [{ label: logsOf(fn.name), value: logs.slice(-15).join('\n'), log: true }];
      }
    }
  }
  if (!errorText) return differs(rest);
  const sign = readErrorSigns(errorText);
  const all = [...evidence, ...runEvidence];
  switch (sign?.kind) {
    case 'timeout':
      return [diagnosis('lambda-not-executing', 'timeout', {
        en: `The function was stopped after its timeout of ${c.Timeout} s ("${sign.line}"). Resizing with sharp needs more on a cold start: the lesson uses ${fn.timeout} s.`,
        ja: `関数はタイムアウト ${c.Timeout} 秒で止められました (「${sign.line}」)。sharp での縮小は初回の起動に時間がかかるため、レッスンでは ${fn.timeout} 秒にしています。`,
      }, all, config.plan.drifts.some((d) => d.field === 'Timeout') ? config.restore : [], checks), ...differs(rest.filter((d) => d.field !== 'Timeout'))];
    case 'sharp':
      return [diagnosis('lambda-not-executing', 'sharp-wrong-platform', {
        en: `sharp could not load inside the function ("${sign.line}"): the package has sharp for another platform or architecture, or none. Install sharp for ${neededSharpPlatform(builtin, arch)}.`,
        ja: `関数の中で sharp を読み込めませんでした (「${sign.line}」)。パッケージの sharp が別のプラットフォームやアーキテクチャ向けか、入っていません。${neededSharpPlatform(builtin, arch)} 用の sharp を入れてください。`,
      }, all, [repackageSharpFix(arch, builtin)], checks), ...differs(rest)];
    case 'handler':
      return [diagnosis('lambda-not-executing', 'handler-not-in-zip', {
        en: `The runtime could not load the handler ${c.Handler} ("${sign.line}"): the file or its export is not what the handler setting names. The bundle must export handler from index.js at the top of the zip.`,
        ja: `ランタイムがハンドラー ${c.Handler} を読み込めませんでした (「${sign.line}」)。ファイルか export がハンドラーの設定と合っていません。zip の最上位の index.js が handler を export している必要があります。`,
      }, all, [rebuildRedeployFix()], checks), ...differs(rest)];
    case 'unreachable':
      return [diagnosis('lambda-not-executing', 'cannot-reach-s3', {
        en: `The function could not connect to ${sign.target} ("${sign.line}"). Inside the function, S3 is at the address in AWS_ENDPOINT_URL, which LocalStack and the built-in endpoint set; a hard-coded host such as localhost:4566 or localstack:4566 is not reachable from there. Create the S3 client without an endpoint (the SDK reads AWS_ENDPOINT_URL) or with endpoint: process.env.AWS_ENDPOINT_URL, then rebuild and redeploy.`,
        ja: `関数が ${sign.target} に接続できませんでした (「${sign.line}」)。関数の中から見た S3 の場所は LocalStack や内蔵エンドポイントが設定する AWS_ENDPOINT_URL です。localhost:4566 や localstack:4566 のように決め打ちしたホストには届きません。S3 クライアントは endpoint を指定せずに (SDK が AWS_ENDPOINT_URL を読みます) か endpoint: process.env.AWS_ENDPOINT_URL で作り、ビルドして再デプロイしてください。`,
      }, all, [rebuildRedeployFix()], checks), ...differs(rest)];
    default:
      return [diagnosis('lambda-not-executing', 'function-error', {
        en: `The function fails when it runs: ${summarizeError(firstJson(errorText) ?? errorText.split('\n')[0])}. Its log tail is below.`,
        ja: `関数を実行するとエラーになります: ${summarizeError(firstJson(errorText) ?? errorText.split('\n')[0])}。ログの末尾を下に示します。`,
      }, all, [rebuildRedeployFix()], checks), ...differs(rest)];
  }
}

/** The first line that is a JSON object (the error payload), if any. */
function firstJson(text: string): string | undefined {
  return text.split('\n').find((l) => l.trim().startsWith('{'));
}
