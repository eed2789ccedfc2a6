// `serverless-tutorial env [--shell bash|zsh|fish|powershell]`: prints the lines that set up a
// shell for the current endpoint, to be applied with eval "$(npx serverless-tutorial env)" (the
// convention of `minikube docker-env`). Notes the learner must see go to stderr, which eval shows.
import type { CommonOptions, ProgramIo } from './options.js';
import { resolveLang } from '../config/language.js';
import { isLocalEndpoint, resolveEndpoint } from '../config/endpoint.js';
import { detectShell, envApplyLine, planAwsCommands, renderShellEnv, type ShellName } from '../config/shell-env.js';
import { endpointStartCommand } from '../config/invocation.js';
import { inspectAwsCli } from '../lesson/aws-cli.js';
import { loadDefaultLesson } from '../lesson/index.js';
import { readHealth } from '../aws/health.js';
import { say } from '../i18n/text.js';
import { EXIT_OK, UserFacingError } from '../errors.js';

export interface EnvOptions extends CommonOptions {
  shell?: ShellName;
}

export async function envCommand(options: EnvOptions, io: ProgramIo): Promise<number> {
  const lang = resolveLang(options.lang);
  const endpoint = resolveEndpoint(options.endpoint);
  if (!isLocalEndpoint(endpoint.url)) {
    // The output sets LocalStack's test keys: for real AWS it would only break the shell's own keys.
    throw new UserFacingError({
      en: `${endpoint.url} (from ${endpoint.source}) does not look like LocalStack or the built-in endpoint. env sets a shell up for a local endpoint only (with LocalStack's test keys); point it at one with --endpoint http://localhost:4566.`,
      ja: `${endpoint.url} (${endpoint.source} より) は LocalStack や内蔵エンドポイントには見えません。env は手元のエンドポイント用の設定 (LocalStack のテスト用キー) だけを出力します。--endpoint http://localhost:4566 のように指定してください。`,
    });
  }
  const shell = options.shell ?? detectShell(process.env);
  const [lesson, aws, health] = await Promise.all([
    loadDefaultLesson(),
    inspectAwsCli(process.env, { awslocalVersion: true }),
    readHealth(endpoint.url, 3000),
  ]);
  const howTo = lesson.preflight.find((entry) => entry.id === 'aws-cli')?.howTo ?? { en: '', ja: '' };
  const plan = planAwsCommands(aws, howTo);
  const applyLine = envApplyLine({ ...(options.endpoint ? { endpoint: endpoint.url } : {}), ...(options.shell ? { shell: options.shell } : {}), idiom: shell });
  io.stdout(
    renderShellEnv({
      shell,
      endpoint: endpoint.url,
      region: lesson.resources.region,
      credentials: lesson.resources.credentials,
      plan,
      lang,
      applyLine,
    }),
  );

  const start = endpointStartCommand(endpoint.url);
  const notes = [...plan.warnings];
  if (options.embedded) {
    notes.push({
      en: `--embedded runs a built-in endpoint only while one runner command runs. For your shell, keep one running in another terminal: ${start}`,
      ja: `--embedded の内蔵エンドポイントは、ランナーのコマンドが動いている間だけのものです。シェルから使うには、別のターミナルで起動したままにしてください: ${start}`,
    });
  } else if (health.unreachable) {
    notes.push({
      en: `Nothing answers at ${endpoint.url} yet (${health.problem}). Start LocalStack (docker compose up -d) or, in another terminal, the built-in endpoint: ${start}`,
      ja: `${endpoint.url} はまだ応答しません (${health.problem})。LocalStack を起動する (docker compose up -d) か、別のターミナルで内蔵エンドポイントを起動してください: ${start}`,
    });
  }
  for (const note of notes) io.stderr(`serverless-tutorial env: ${say(lang, note)}\n`);
  return EXIT_OK;
}

