// `serverless-tutorial doctor [--fix] [--format text|json] [--report FILE]`: runs the checklist,
// says which of the three common problems a failure is and why (with evidence), and with --fix
// applies the fixes (asking first for those that change or delete anything, unless --yes), then
// checks again. Exit 0 when every check passes in the end, 1 otherwise, 2 for usage errors.
import { createInterface } from 'node:readline/promises';
import type { ProgramIo } from './options.js';
import { runChecks } from '../checks/run-checks.js';
import type { CheckContext } from '../checks/context.js';
import { allPassed, type CheckResult } from '../checks/result.js';
import { formatTextReport } from '../report/text.js';
import { jsonReport } from '../report/json.js';
import { colorEnabled, paint } from '../report/colors.js';
import { makeCheckRun, type CheckRun } from '../report/check-run.js';
import { createAwsClients, type AwsClients } from '../aws/clients.js';
import { readHealth } from '../aws/health.js';
import { isLocalEndpoint } from '../config/endpoint.js';
import { localAwsSettings } from '../config/credentials.js';
import { runPreflight, type PreflightReport } from '../lesson/preflight.js';
import { writeFileAtomic } from '../endpoint/store/atomic.js';
import { say } from '../i18n/text.js';
import type { Lang } from '../config/language.js';
import { RUNNER_VERSION } from '../version.js';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, UserFacingError } from '../errors.js';
import {
  applyFixes, buildMarkdownReport, closeStartedEndpoints, diagnose, diagnosesJson, fixesInOrder, formatDiagnosesText,
  type AppliedFix, type Diagnosis, type Fix,
} from '../troubleshoot/index.js';
import { impactText } from '../troubleshoot/format.js';
import { probeRecentLogs } from '../troubleshoot/probes/function.js';
import { adviseBucketSettings, type BucketSettingsAdvice } from '../troubleshoot/rules/bucket-settings.js';
import { openSession, type SessionOptions } from './session.js';
import { runnerCommand } from '../config/invocation.js';
import { loadRedactor, redactingIo, type RedactingIo, type Redactor } from '../troubleshoot/redact-rules.js';
import { requireFilePath } from '../config/paths.js';

export interface DoctorOptions extends SessionOptions {
  fix?: boolean;
  format: 'text' | 'json';
  report?: string;
}

/** Rounds of diagnose → fix → check: a fix can uncover the next problem (e.g. a redeploy, then the trigger). */
const MAX_FIX_ROUNDS = 3;

export async function doctorCommand(options: DoctorOptions, terminal: ProgramIo): Promise<number> {
  // A bad --report is said now, not after the checks and the diagnosis.
  const reportFile = options.report === undefined ? undefined : requireFilePath(options.report, { en: '--report', ja: '--report' });
  // Everything doctor prints or writes may be pasted into a chat or sent on: secrets are masked
  // (the environment's secret values, URL passwords, and secretlint's recommended rules).
  const redactor = await loadRedactor(process.env);
  const io = redactingIo(terminal, redactor);
  try {
    return await diagnoseAndReport(options, io, redactor, reportFile);
  } finally {
    await io.flush();
  }
}

async function diagnoseAndReport(options: DoctorOptions, io: RedactingIo, redactor: Redactor, reportFile: string | undefined): Promise<number> {
  const session = await openSession(options, io.stderr);
  const extraClients: AwsClients[] = [];
  try {
    const { lang, lesson } = session;
    const color = colorEnabled(options.color, process.stdout);
    const text = options.format === 'text';
    const out = (line = '') => io.stdout(`${line}\n`);
    const preflight = text || options.report ? await runPreflight(process.env, { timeoutMs: 15_000 }) : undefined;
    if (text && preflight) out(formatPreflight(preflight, lang, color));

    let ctx: CheckContext = { ...session.stepContext(), readOnly: false };
    const first = await checkAndDiagnose(ctx);
    const firstRun = first.run;
    const diagnoses = first.diagnoses;
    if (text) {
      out(formatTextReport(firstRun, { lang, color, toolVersion: RUNNER_VERSION }).trimEnd());
      out();
      if (diagnoses.length || !first.bucket) out(heading(lang, diagnoses, color));
      if (diagnoses.length) out(formatDiagnosesText(diagnoses, lesson, lang, color).trimEnd());
      if (first.bucket) out(formatBucketAdvice(first.bucket, lang, color));
      else if (!diagnoses.length && !allPassed(firstRun.results)) {
        out(lang === 'ja' ? '(上の失敗は 3 つのよくある問題には当たりません。各確認のメッセージに対処法があります)' : '(The failures above are none of the three common problems: each check’s message says what to do.)');
      }
    }

    const applied: AppliedFix[] = [];
    let finalRun = firstRun;
    const withBucketFix = (found: readonly Diagnosis[], bucket: BucketSettingsAdvice | undefined) => [...fixesInOrder(found), ...(bucket ? [bucket.fix] : [])];
    if (options.fix && (diagnoses.length > 0 || first.bucket)) {
      const confirm = await confirmer(options.yes ?? false, lang, withBucketFix(diagnoses, first.bucket), async (question) => {
        await io.flush(); // what was printed before the question comes first
        return redactor.redact(question);
      });
      let pending = diagnoses;
      let pendingBucket = first.bucket;
      for (let round = 0; round < MAX_FIX_ROUNDS && (pending.length > 0 || pendingBucket); round++) {
        const done = new Set(applied.map((a) => `${a.id} ${a.command}`));
        const fixes = withBucketFix(pending, pendingBucket).filter((f) => !done.has(`${f.id} ${f.command}`));
        if (fixes.length === 0) break;
        if (text) out(lang === 'ja' ? '\n修正を適用します:' : '\nApplying fixes:');
        const outcome = await applyFixes(ctx, fixes, {
          ...(confirm ? { confirm } : {}),
          onApplied: (a) => {
            if (text) out(`  ${a.outcome === 'applied' ? paint('✓', 'green', color) : a.outcome === 'failed' ? paint('✗', 'red', color) : '-'} ${a.id}: ${say(lang, a.message)}`);
          },
          switchEndpoint: async (url) => {
            const aws = await createAwsClients(isLocalEndpoint(url) ? localAwsSettings(url) : { endpoint: url, region: lesson.resources.region });
            extraClients.push(aws);
            const health = await readHealth(url, 2000);
            return { ...ctx, aws, endpoint: { url, kind: health.kind } };
          },
        });
        applied.push(...outcome.applied);
        ctx = outcome.ctx;
        const again = await checkAndDiagnose(ctx);
        finalRun = again.run;
        if (allPassed(finalRun.results) || outcome.applied.some((a) => a.outcome !== 'applied')) break;
        pending = again.diagnoses;
        pendingBucket = again.bucket;
        if (text && pending.length) {
          out(heading(lang, pending, color));
          out(formatDiagnosesText(pending, lesson, lang, color).trimEnd());
        }
      }
      if (text) {
        out();
        out(lang === 'ja' ? '修正後の確認:' : 'Checks after the fixes:');
        out(formatTextReport(finalRun, { lang, color, toolVersion: RUNNER_VERSION }).trimEnd());
      }
    } else if (text) {
      if (diagnoses.some((d) => d.fixes.length > 0) || first.bucket) {
        out(lang === 'ja' ? `\n${runnerCommand('doctor --fix')} で上の修正を適用できます (変更を伴うものは確認してから実行します)。` : `\nRun ${runnerCommand('doctor --fix')} to apply the fixes above (it asks before any that changes something).`);
      }
      out(formatTextReport(finalRun, { lang, color, toolVersion: RUNNER_VERSION }).trimEnd().split('\n').at(-1) ?? '');
    }

    if (options.format === 'json') {
      const report = {
        ...jsonReport(finalRun, { lang, color: false, toolVersion: RUNNER_VERSION }),
        diagnoses: diagnosesJson(diagnoses, lesson, lang),
        ...(first.bucket ? { bucketSettings: bucketAdviceJson(first.bucket, lang) } : {}),
        ...(options.fix ? { fixes: applied.map((a) => ({ id: a.id, command: a.command, outcome: a.outcome, message: say(lang, a.message), ...(a.endpoint ? { endpoint: a.endpoint } : {}) })) } : {}),
      };
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    }

    if (options.report) {
      const health = await readHealth(ctx.endpoint.url, 2000);
      const logs = await probeRecentLogs(ctx).catch(() => []);
      const item = (id: string) => preflight?.items.find((i) => i.id === id);
      const markdown = buildMarkdownReport({
        lang,
        lesson,
        generatedAt: new Date().toISOString(),
        versions: {
          runner: RUNNER_VERSION,
          node: process.version,
          // The aws first on PATH (the one awslocal runs), with where it is: a pyenv v1 shows up here.
          ...(item('aws-cli')?.found?.version ? { awsCli: `${item('aws-cli')?.found?.version} (${item('aws-cli')?.found?.path})` } : {}),
          ...(item('docker')?.found?.version ? { docker: item('docker')?.found?.version } : {}),
          ...(item('docker-engine')?.ok && item('docker-engine')?.found?.version ? { dockerEngine: item('docker-engine')?.found?.version } : {}),
          ...(health.version ? { localstack: `${health.version}${health.kind === 'builtin' ? ' (built-in endpoint)' : ''}` } : {}),
        },
        endpoint: { url: ctx.endpoint.url, kind: health.kind === 'builtin' ? 'built-in endpoint' : health.kind === 'localstack' ? 'LocalStack' : 'unknown' },
        results: finalRun.results,
        diagnoses,
        applied,
        logs,
        env: process.env,
      });
      writeFileAtomic(reportFile!, await redactor.redact(markdown));
      io.stderr(lang === 'ja' ? `レポートを ${options.report} に書き込みました (認証情報は伏せてあります)\n` : `Wrote ${options.report} (credentials redacted)\n`);
    }
    return allPassed(finalRun.results) ? EXIT_OK : EXIT_CHECK_FAILED;
  } finally {
    await closeStartedEndpoints();
    for (const aws of extraClients) aws.destroy();
    await session.close();
  }
}

/** The checklist, then the diagnosis (runChecks holds scripts-clean back while other checks fail). */
async function checkAndDiagnose(ctx: CheckContext): Promise<{ run: CheckRun; diagnoses: Diagnosis[]; bucket?: BucketSettingsAdvice }> {
  const startedAt = new Date();
  const began = performance.now();
  const results = await runChecks(ctx, ctx.lesson.checks.map((c) => c.id));
  const diagnoses = await diagnose(ctx, results);
  const bucket = await adviseBucketSettings(ctx, results);
  return { run: runOf(ctx, results, startedAt, performance.now() - began, ctx.lesson.id), diagnoses, ...(bucket ? { bucket } : {}) };
}

/** The bucket's step-2 settings: said after the three problems, in their layout. */
function formatBucketAdvice(advice: BucketSettingsAdvice, lang: Lang, color: boolean): string {
  const lines = [
    paint(lang === 'ja' ? 'バケットの設定 (3 つのよくある問題とは別):' : 'Bucket settings (not one of the three common problems):', 'bold', color),
    `   ${say(lang, advice.message)}`,
    ...advice.evidence.flatMap((e) => e.value.split('\n').map((line, i) => paint(i === 0 ? `   ${e.label}: ${line}` : `     ${line}`, 'gray', color))),
    `   ${lang === 'ja' ? '修正' : 'fix'} ${advice.fix.id}: ${say(lang, advice.fix.title)} (${impactText(lang, advice.fix.impact)})`,
    `     $ ${advice.fix.command}`,
  ];
  return lines.join('\n');
}

function bucketAdviceJson(advice: BucketSettingsAdvice, lang: Lang) {
  const { fix } = advice;
  return { missing: advice.wrong, message: say(lang, advice.message), evidence: advice.evidence, fix: { id: fix.id, title: say(lang, fix.title), command: fix.command, changes: fix.impact } };
}

function runOf(ctx: CheckContext, results: CheckResult[], startedAt: Date, durationMs: number, lesson: string): CheckRun {
  return makeCheckRun(lesson, ctx.endpoint.url, ctx.endpoint.kind, startedAt, durationMs, results);
}

function heading(lang: Lang, diagnoses: readonly Diagnosis[], color: boolean): string {
  if (diagnoses.length === 0) {
    return lang === 'ja' ? '診断: 既知の問題は見つかりませんでした。' : 'Diagnosis: no known problem found.';
  }
  return paint(lang === 'ja' ? `診断 (${diagnoses.length} 件):` : `Diagnosis (${diagnoses.length}):`, 'bold', color);
}

function formatPreflight(report: PreflightReport, lang: Lang, color: boolean): string {
  const lines = [lang === 'ja' ? '準備 (確認のみ。どれも必須ではありません):' : 'Preparation (for information; nothing here is required):'];
  for (const item of report.items) {
    lines.push(`${item.ok ? paint('✓', 'green', color) : paint('-', 'yellow', color)} ${say(lang, item.title)}: ${say(lang, item.detail)}`);
  }
  lines.push(paint(say(lang, report.summary), 'gray', color));
  return `${lines.join('\n')}\n`;
}

/**
 * How fixes that change something get their yes: --yes, or a question on the terminal. Without
 * either, refuse (exit 2) — before anything is applied when the first round already needs a yes,
 * and before the first such fix of a later round otherwise.
 */
async function confirmer(
  yes: boolean,
  lang: Lang,
  fixes: readonly Fix[],
  prepare: (question: string) => Promise<string>,
): Promise<((fix: Fix) => Promise<boolean>) | undefined> {
  if (yes) return undefined;
  const refuse = () =>
    new UserFacingError(
      {
        en: 'Some fixes change things and there is no terminal to ask in: run again with --yes to apply them (or without --fix to only see them).',
        ja: '変更を伴う修正があり、確認を表示できる端末がありません。適用するには --yes を付けて、見るだけなら --fix を外してもう一度実行してください。',
      },
      EXIT_USAGE,
    );
  if (!process.stdin.isTTY && fixes.some((f) => f.impact !== 'none')) throw refuse();
  return async (fix) => {
    if (!process.stdin.isTTY) throw refuse();
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      const answer = await rl.question(await prepare(`${say(lang, fix.title)} (${impactText(lang, fix.impact)})\n  $ ${fix.command}\n${lang === 'ja' ? '適用しますか? [y/N] ' : 'Apply? [y/N] '}`));
      return /^y(es)?$/i.test(answer.trim());
    } finally {
      rl.close();
    }
  };
}
