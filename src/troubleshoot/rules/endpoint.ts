// localstack-not-starting: check 1 failed. Tells apart nothing listening, something else on the
// port, a service that is not usable, the endpoint variable pointing elsewhere, the container
// that exited because `latest` needs an account, and Docker missing or not running.
import { existsSync } from 'node:fs';
import { readHealth, USABLE_STATES } from '../../aws/health.js';
import { endpointDataDir } from '../../config/state-dir.js';
import type { CheckContext } from '../../checks/context.js';
import type { CheckResult, Evidence } from '../../checks/result.js';
import { hostPortOf, isLoopbackUrl, probeTcp } from '../probes/tcp.js';
import { findPortOwner } from '../probes/port-owner.js';
import { describeWhoAnswers, probeWhoAnswers } from '../probes/who-answers.js';
import { suggestFreePort } from '../probes/free-port.js';
import { probeEndpointEnv } from '../probes/endpoint-env.js';
import { describeContainer, probeDocker, requiresAccount, type DockerProbe } from '../probes/docker.js';
import { pinImageFix, restartLocalStackFix, startLocalStackFix, ACCOUNT_FREE_IMAGE } from '../fixes/docker.js';
import { setEndpointFix, startBuiltinEndpointFix } from '../fixes/builtin.js';
import type { ResolvedOptions } from '../options.js';
import { diagnosis } from '../diagnosis.js';
import type { Diagnosis } from '../types.js';

const CHECKS = ['localstack-running'];


function dockerEvidence(probe: DockerProbe): Evidence[] {
  const out: Evidence[] = [{ label: 'docker', value: probe.transcript.join('\n') }];
  if (probe.container) out.push({ label: 'container', value: describeContainer(probe.container) });
  if (probe.logs) out.push({ label: 'container log (last lines)', value: probe.logs.split('\n').slice(-12).join('\n') });
  return out;
}

export async function diagnoseEndpoint(ctx: CheckContext, check: CheckResult, options: ResolvedOptions): Promise<Diagnosis[]> {
  const port = String(hostPortOf(ctx.endpoint.url).port);
  // Titles such as "nothing listening on port {port}" name the learner's real port.
  return (await diagnoseEndpointAt(ctx, check, options)).map((d) => ({ ...d, vars: { ...d.vars, port } }));
}

async function diagnoseEndpointAt(ctx: CheckContext, check: CheckResult, options: ResolvedOptions): Promise<Diagnosis[]> {
  const url = ctx.endpoint.url;
  const lesson = ctx.lesson;
  const health = await readHealth(url);
  const healthEvidence: Evidence = {
    label: `GET ${url}/_localstack/health`,
    value: health.unreachable ? `no answer (${health.problem})` : `${health.status ?? '-'} ${health.body ?? ''}`.trim(),
  };

  // Someone else's endpoint (a learner in the roster, another machine): nothing on this machine —
  // its Docker, its ports, its variables, its state dir — says anything about it.
  if (health.unreachable && (options.remote || !isLoopbackUrl(url))) {
    const tcp = await probeTcp(url);
    return [diagnosis('localstack-not-starting', 'nothing-listening', {
      en: `The endpoint ${url} does not answer (${tcp.open ? health.problem : tcp.error}). ${options.remote ? 'Its owner must start LocalStack or the built-in endpoint there, or the address or port is not the one they use' : 'That address is not this machine: start LocalStack or the built-in endpoint there, or check the address and port'}; a firewall between the machines has the same effect.`,
      ja: `接続先 ${url} が応答しません (${tcp.open ? health.problem : tcp.error})。${options.remote ? 'その接続先の持ち主が LocalStack か内蔵エンドポイントを起動する必要があります。アドレスやポートが実際のものと違う可能性もあります' : 'このアドレスはこのマシンではありません。そのマシンで LocalStack か内蔵エンドポイントを起動するか、アドレスとポートを確かめてください'}。マシンの間のファイアウォールでも同じことが起こります。`,
    }, [{ label: `TCP ${tcp.host}:${tcp.port}`, value: tcp.open ? 'open' : `closed (${tcp.error})` }, healthEvidence], [], CHECKS)];
  }

  // Nothing usable here, but LocalStack answers where another endpoint variable (or the default) points?
  if ((health.unreachable || health.problem) && !options.remote) {
    const env = await probeEndpointEnv(url, options.env);
    if (env.answeringElsewhere) {
      const other = env.answeringElsewhere;
      const vars = Object.entries(env.variables).map(([k, v]) => `${k}=${v}`).join(' ') || '(none set)';
      const here = health.unreachable ? { en: 'Nothing answers', ja: '応答しません' } : { en: 'Something that is not LocalStack answers', ja: 'LocalStack ではないものが応答しています' };
      return [diagnosis('localstack-not-starting', 'endpoint-variable', {
        en: `${here.en} at ${url}, the endpoint in use, but ${other.health.kind === 'builtin' ? 'the built-in endpoint' : 'LocalStack'} answers at ${other.url} (${other.source}). The endpoint variables point at different places: awslocal and the runner use AWS_ENDPOINT_URL first, then LOCALSTACK_HOST.`,
        ja: `使っている接続先 ${url} は${here.ja}が、${other.url} (${other.source}) では ${other.health.kind === 'builtin' ? '内蔵エンドポイント' : 'LocalStack'} が応答しています。接続先の環境変数が別々の場所を指しています (awslocal とランナーは AWS_ENDPOINT_URL、次に LOCALSTACK_HOST を使います)。`,
      }, [
        healthEvidence,
        { label: 'variables', value: vars },
        { label: `GET ${other.url}/_localstack/health`, value: `${other.health.status} ${other.health.body ?? ''}`.trim() },
      ], [setEndpointFix(other.url)], CHECKS)];
    }
  }

  if (health.unreachable) {
    const tcp = await probeTcp(url);
    const tcpEvidence: Evidence = { label: `TCP ${tcp.host}:${tcp.port}`, value: tcp.open ? 'open' : `closed (${tcp.error})` };
    const docker = await probeDocker(options);
    const builtinData = existsSync(endpointDataDir(ctx.stateDir));
    if (docker.engine.reachable && requiresAccount(docker)) {
      return [diagnosis('localstack-not-starting', 'requires-account', {
        en: `The LocalStack container exited${docker.container?.exitCode !== undefined ? ` with code ${docker.container.exitCode}` : ''}: since March 2026 the latest image refuses to start without an account (LOCALSTACK_AUTH_TOKEN). ${ACCOUNT_FREE_IMAGE} is the last release that runs without one.`,
        ja: `LocalStack のコンテナが${docker.container?.exitCode !== undefined ? `終了コード ${docker.container.exitCode} で` : ''}終了しました。2026 年 3 月以降、latest イメージはアカウント (LOCALSTACK_AUTH_TOKEN) なしでは起動しません。アカウントなしで動く最後のリリースは ${ACCOUNT_FREE_IMAGE} です。`,
      }, [tcpEvidence, ...dockerEvidence(docker)], [pinImageFix(options), startLocalStackFix(options)], CHECKS)];
    }
    // Data of the built-in endpoint here means the learner uses it: then it is simply not running,
    // whatever Docker's state. Otherwise no Docker is why LocalStack cannot be up.
    if (!docker.engine.reachable && !builtinData) {
      return [diagnosis('localstack-not-starting', 'docker-missing', docker.cli
        ? {
          en: `Nothing answers at ${url}, and the Docker engine does not answer either (${docker.engine.error}), so LocalStack cannot run. Start Docker Desktop (or: sudo systemctl start docker), or use the built-in endpoint, which needs no Docker.`,
          ja: `${url} が応答せず、Docker エンジンも応答しません (${docker.engine.error})。このままでは LocalStack を動かせません。Docker Desktop を起動する (Linux なら sudo systemctl start docker) か、Docker のいらない内蔵エンドポイントを使ってください。`,
        }
        : {
          en: `Nothing answers at ${url}, and Docker is not installed here (no docker on PATH), so LocalStack cannot run. The built-in endpoint runs the whole lesson without Docker.`,
          ja: `${url} が応答せず、この環境には Docker がありません (PATH に docker がない) ので LocalStack を動かせません。内蔵エンドポイントなら Docker なしでレッスンを最後まで進められます。`,
        }, [tcpEvidence, healthEvidence, ...dockerEvidence(docker)], [startBuiltinEndpointFix(lesson, url)], CHECKS)];
    }
    // Something can be started: the built-in endpoint used here before, or the compose service.
    const useCompose = docker.engine.reachable && !builtinData;
    const fixes = useCompose
      ? [docker.container && docker.container.state !== 'running' ? restartLocalStackFix(options) : startLocalStackFix(options)]
      : [startBuiltinEndpointFix(lesson, url)];
    const where = !useCompose
      ? { en: `You used the built-in endpoint here before (${endpointDataDir(ctx.stateDir)}); it is not running now.`, ja: `以前この場所で内蔵エンドポイントを使っていました (${endpointDataDir(ctx.stateDir)})。今は起動していません。` }
      : docker.container
        ? { en: `The LocalStack container is ${docker.container.state}${docker.container.exitCode !== undefined ? ` (exit code ${docker.container.exitCode})` : ''}.`, ja: `LocalStack のコンテナは ${docker.container.state} です${docker.container.exitCode !== undefined ? ` (終了コード ${docker.container.exitCode})` : ''}。` }
        : { en: 'Docker works, but no LocalStack container exists yet.', ja: 'Docker は動いていますが、LocalStack のコンテナはまだありません。' };
    return [diagnosis('localstack-not-starting', 'nothing-listening', {
      en: `Nothing is listening at ${url} (${tcp.error ?? health.problem}). ${where.en}`,
      ja: `${url} では何も待ち受けていません (${tcp.error ?? health.problem})。${where.ja}`,
    }, [tcpEvidence, healthEvidence, ...dockerEvidence(docker)], fixes, CHECKS)];
  }

  if (health.problem) {
    const who = await probeWhoAnswers(url);
    const local = isLoopbackUrl(url) && !options.remote;
    const { host, port } = hostPortOf(url);
    const owner = local ? findPortOwner(port) : undefined;
    const free = local ? await suggestFreePort(host === 'localhost' ? '127.0.0.1' : host, port) : undefined;
    return [diagnosis('localstack-not-starting', 'not-localstack', {
      en: `Something answers at ${url}, but it is not LocalStack: its health route gave ${health.problem}. Another program holds port ${port} (a dev server, another container). Stop it${free ? `, or use the built-in endpoint on a free port such as ${free} (then point your commands there: export AWS_ENDPOINT_URL=http://127.0.0.1:${free})` : ''}.`,
      ja: `${url} で何かが応答していますが、LocalStack ではありません (health の結果: ${health.problem})。別のプログラム (開発用サーバーや別のコンテナ) がポート ${port} を使っています。それを止めてください${free ? `。または空いているポート (例: ${free}) で内蔵エンドポイントを使い、コマンドの接続先もそこにしてください (export AWS_ENDPOINT_URL=http://127.0.0.1:${free})` : ''}。`,
    }, [
      healthEvidence,
      { label: `GET ${url}/`, value: describeWhoAnswers(who) },
      ...(owner ? [{ label: `listening on port ${port}`, value: `pid ${owner.pid}: ${owner.command}` }] : []),
    ], free ? [startBuiltinEndpointFix(lesson, `http://127.0.0.1:${free}`, { of: url })] : [], CHECKS)];
  }

  const unusable = lesson.resources.services.filter((s) => !USABLE_STATES.has(health.services[s] ?? 'missing'));
  const docker = health.kind === 'localstack' && isLoopbackUrl(url) && !options.remote ? await probeDocker(options) : undefined;
  const fixes = docker?.engine.reachable ? [restartLocalStackFix(options)] : [];
  return [diagnosis('localstack-not-starting', 'service-unavailable', unusable.length > 0
    ? {
      en: `${health.kind === 'builtin' ? 'The built-in endpoint' : `LocalStack ${health.version ?? ''}`.trim()} answers, but ${unusable.map((s) => `${s} is "${health.services[s] ?? 'missing'}"`).join(', ')}; the lesson needs them available or running.${health.kind === 'localstack' ? ' Check SERVICES in the compose file, or restart LocalStack.' : ''}`,
      ja: `${health.kind === 'builtin' ? '内蔵エンドポイント' : `LocalStack ${health.version ?? ''}`.trim()} は応答していますが、${unusable.map((s) => `${s} が "${health.services[s] ?? 'なし'}"`).join('、')} です。レッスンには available か running が必要です。${health.kind === 'localstack' ? 'compose ファイルの SERVICES を確認するか、LocalStack を再起動してください。' : ''}`,
    }
    : {
      en: `The endpoint's health looks fine, but listing buckets or functions failed; the service is not usable yet.`,
      ja: `health は問題ありませんが、バケットか関数の一覧取得が失敗しました。サービスがまだ使える状態ではありません。`,
    }, [healthEvidence, ...check.evidence, ...(docker ? dockerEvidence(docker) : [])], fixes, CHECKS)];
}
