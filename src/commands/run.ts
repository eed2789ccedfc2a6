// `serverless-tutorial run`: do steps without the UI, with the checks after each.
//   run               continue from the first step not done (established from the endpoint and disk)
//   run --step <s>    one step, once the earlier ones are established done
//   run --all         every step from the first
import type { ProgramIo } from './options.js';
import { findStep, type Step } from '../lesson/index.js';
import { cacheEstablishment, confirmEarlierSteps, findResumePoint, performStep, type StepRun } from '../steps/flow.js';
import { summarize, type CheckResult } from '../checks/result.js';
import { formatResultDetails, formatResultLine } from '../report/text.js';
import { changeLine, failureLines, progressLine, stepHeading } from '../report/step-text.js';
import { summaryLine } from '../report/summary-line.js';
import { colorEnabled } from '../report/colors.js';
import { say } from '../i18n/text.js';
import { RUNNER_VERSION } from '../version.js';
import { EXIT_CHECK_FAILED, EXIT_OK } from '../errors.js';
import { openSession, type SessionOptions } from './session.js';
import { runnerCommand } from '../config/invocation.js';

export interface RunOptions extends SessionOptions {
  step?: string;
  all?: boolean;
}

export async function runCommand(options: RunOptions, io: ProgramIo): Promise<number> {
  const session = await openSession(options, io.stderr, { invokes: true });
  try {
    const { lang, lesson } = session;
    const color = colorEnabled(options.color, process.stdout);
    const out = (line: string) => io.stdout(`${line}\n`);
    const reportOptions = { lang, color, toolVersion: RUNNER_VERSION };
    const loaded = session.progress.load(lesson.id);
    if (loaded.warning) io.stderr(`${say(lang, loaded.warning)}\n`);
    let progress = loaded.progress;
    const ctx = { ...session.stepContext((event) => out(progressLine(event, lang))), readOnly: false };

    let steps: Step[];
    if (options.step !== undefined) {
      const step = findStep(lesson, options.step);
      const { firstMissing } = await confirmEarlierSteps(ctx, step, progress);
      if (firstMissing) {
        const missing = firstMissing.step;
        out(say(lang, {
          en: `Step ${step.number} (${step.id}) needs step ${missing.number} (${missing.id}) first: what it makes is not there.`,
          ja: `ステップ ${step.number} (${step.id}) の前に、ステップ ${missing.number} (${missing.id}) が必要です。そのステップで作るものがまだありません。`,
        }));
        for (const result of firstMissing.checks) {
          if (result.status === 'pass' || result.status === 'skip') continue;
          out(formatResultLine(result, reportOptions, 20));
          for (const line of formatResultDetails(result, reportOptions)) out(line);
        }
        if (firstMissing.build && !firstMissing.build.ok) out(`✗ ${say(lang, firstMissing.build.message)}`);
        out(say(lang, { en: `Do it with: ${runnerCommand(`run --step ${missing.id}`)}`, ja: `実行するには: ${runnerCommand(`run --step ${missing.id}`)}` }));
        return EXIT_CHECK_FAILED;
      }
      steps = [step];
    } else if (options.all) {
      steps = lesson.steps;
    } else {
      const resume = await findResumePoint(ctx, progress);
      progress = cacheEstablishment(session.progress, progress, session.endpoint.url, resume.establishment);
      for (const lost of resume.lost) {
        io.stderr(`${say(lang, {
          en: `Your progress says step ${lost.number} (${lost.id}) was done, but ${session.endpoint.url} no longer has what it made (a LocalStack restarted without persistence loses everything). Doing it again from there.`,
          ja: `進捗ではステップ ${lost.number} (${lost.id}) は完了済みですが、${session.endpoint.url} にはその結果がもうありません (永続化なしで LocalStack を再起動すると全部消えます)。そこからやり直します。`,
        })}\n`);
      }
      if (!resume.step) {
        out(say(lang, { en: 'Every step is done and confirmed. Nothing to do (use --all to do them all again).', ja: 'すべてのステップが完了し、確認も取れています。やることはありません (もう一度全部行うには --all)。' }));
        return EXIT_OK;
      }
      steps = lesson.steps.filter((s) => s.number >= resume.step!.number);
    }

    let last: StepRun | undefined;
    for (const step of steps) {
      const results: CheckResult[] = [];
      const performed = await performStep(ctx, step, session.progress, progress, {
        onStepStart: (s) => out(stepHeading(lesson, s, lang, color)),
        onOutcome: (_s, outcome) => outcome.changes.forEach((change) => out(changeLine(change, lang))),
        onFailure: (_s, failure) => failureLines(lesson, failure, lang, color).forEach(out),
        onCheck: (_s, result) => {
          results.push(result);
          out(`  ${formatResultLine(result, reportOptions, 20)}`);
          formatResultDetails(result, reportOptions).forEach((line) => out(`  ${line}`));
        },
      });
      progress = performed.progress;
      last = performed.run;
      const artifact = performed.run.confirmation?.artifact;
      if (artifact) out(`  ${artifact.ok ? '✓' : '✗'} ${say(lang, artifact.message)}`);
      if (!performed.run.ok) break;
    }

    const results = last?.confirmation?.checks ?? [];
    const ok = last?.ok ?? false;
    const summary = summarize(results);
    if (!ok && summary.failed === 0) summary.failed = 1; // the step itself failed
    if (ok && steps.length > 0) {
      const next = lesson.steps.find((s) => s.number === steps[steps.length - 1].number + 1);
      out(next
        ? say(lang, { en: `Next: step ${next.number} (${next.id}) — ${runnerCommand(`run --step ${next.id}`)}`, ja: `次はステップ ${next.number} (${next.id}) です — ${runnerCommand(`run --step ${next.id}`)}` })
        : say(lang, { en: 'The lesson is complete. 🎉', ja: 'レッスン完了です。🎉' }));
    }
    out(summaryLine(summary));
    return ok ? EXIT_OK : EXIT_CHECK_FAILED;
  } finally {
    await session.close();
  }
}
