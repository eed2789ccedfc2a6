// `serverless-tutorial list [--format text|json]`: the lesson's steps and whether each is done,
// established now from the endpoint configured now and the files here (progress/establish.ts),
// read-only. progress.json only adds the lesson's clock, and receives what was established as its
// cache. JSON: schemas/step-list.schema.json.
import type { ProgramIo } from './options.js';
import type { Lang } from '../config/language.js';
import { establishSteps, type Establishment, type EstablishedStep } from '../progress/establish.js';
import { cacheEstablishment } from '../steps/flow.js';
import type { Progress } from '../progress/store.js';
import { say, type Text } from '../i18n/text.js';
import { RUNNER_VERSION } from '../version.js';
import { EXIT_OK } from '../errors.js';
import { runnerCommand } from '../config/invocation.js';
import { openSession, type Session, type SessionOptions } from './session.js';
import { evidenceIn } from '../checks/result.js';

export interface ListOptions extends SessionOptions {
  format?: 'text' | 'json';
}

const MARK = { done: '✓', 'not-done': ' ', 'could-not-check': '?' } as const;

export async function listCommand(options: ListOptions, io: ProgramIo): Promise<number> {
  const session = await openSession(options, io.stderr);
  try {
    const { lang, lesson } = session;
    const loaded = session.progress.load(lesson.id);
    if (loaded.warning) io.stderr(`${say(lang, loaded.warning)}\n`);
    const began = performance.now();
    const establishedAt = new Date().toISOString();
    const establishment = await establishSteps({ ...session.stepContext(), readOnly: true }, loaded.progress);
    const durationMs = Math.round(performance.now() - began);
    cacheEstablishment(session.progress, loaded.progress, session.endpoint.url, establishment);
    if (options.format === 'json') {
      io.stdout(`${JSON.stringify(listReport(session, loaded.progress, establishment, { establishedAt, durationMs }), null, 2)}\n`);
    } else {
      for (const line of listText(session, loaded.progress, establishment)) io.stdout(`${line}\n`);
    }
    return EXIT_OK;
  } finally {
    await session.close();
  }
}

const KIND: Record<string, Text> = {
  builtin: { en: 'built-in endpoint', ja: '内蔵エンドポイント' },
  localstack: { en: 'LocalStack', ja: 'LocalStack' },
  unknown: { en: 'not answering or not recognised', ja: '応答なし、または種類不明' },
};

function listText(session: Session, progress: Progress, establishment: Establishment): string[] {
  const { lang, lesson } = session;
  const lines = [say(lang, lesson.title)];
  const kind = KIND[session.endpoint.kind] ?? KIND.unknown;
  lines.push(say(lang, { en: `Endpoint: ${session.endpoint.url} (${kind.en}; from ${session.endpoint.source})`, ja: `接続先: ${session.endpoint.url} (${kind.ja}、${session.endpoint.source} から)` }));
  const next = establishment.next;
  for (const s of establishment.steps) {
    const mark = s.step === next && s.status === 'not-done' ? '→' : MARK[s.status];
    lines.push(`${mark} ${s.step.number}. ${s.step.id.padEnd(10)} ${say(lang, s.step.title)}`);
    const why = detailLine(s, s.step === next, lang);
    if (why) lines.push(`     ${why}`);
  }
  const done = establishment.steps.filter((s) => s.status === 'done').length;
  const total = lesson.steps.length;
  const started = progress.startedAt.slice(0, 16).replace('T', ' ');
  lines.push('');
  lines.push(say(lang, {
    en: `${done}/${total} steps done (established from ${session.endpoint.url} and the files here; the lesson's clock started ${started} UTC, kept in ${session.progress.file}).`,
    ja: `${total} ステップ中 ${done} 完了 (${session.endpoint.url} と手元のファイルから確認。レッスンの開始時刻 ${started} UTC は ${session.progress.file} に記録)。`,
  }));
  lines.push(next
    ? say(lang, { en: `Next: ${runnerCommand(`run --step ${next.id}`)}`, ja: `次: ${runnerCommand(`run --step ${next.id}`)}` })
    : say(lang, { en: `All steps done. ${runnerCommand('check')} confirms them against the endpoint.`, ja: `すべて完了です。${runnerCommand('check')} でエンドポイントの状態を確認できます。` }));
  return lines;
}

/** Under a step: which package established step 3; for the next step, what is missing; "could not check" says why. */
function detailLine(s: EstablishedStep, isNext: boolean, lang: Lang): string | undefined {
  if (s.status === 'done') return s.build ? say(lang, s.build.message) : undefined;
  if (s.status === 'could-not-check' || isNext) return `${s.status === 'not-done' ? '✗ ' : ''}${say(lang, s.message)}`;
  return undefined;
}

function listReport(session: Session, progress: Progress, establishment: Establishment, timing: { establishedAt: string; durationMs: number }) {
  const { lang, lesson } = session;
  const count = (status: string) => establishment.steps.filter((s) => s.status === status).length;
  return {
    tool: 'serverless-tutorial',
    version: RUNNER_VERSION,
    lesson: lesson.id,
    endpoint: { url: session.endpoint.url, kind: session.endpoint.kind, source: session.endpoint.source },
    establishedAt: timing.establishedAt,
    durationMs: timing.durationMs,
    clock: { startedAt: progress.startedAt },
    progressFile: session.progress.file,
    steps: establishment.steps.map((s) => {
      const cached = progress.steps[s.step.id];
      return {
        id: s.step.id,
        number: s.step.number,
        title: say(lang, s.step.title),
        status: s.status,
        message: say(lang, s.message),
        checks: s.checks.map((c) => ({ id: c.id, status: c.status, basis: c.basis, message: say(lang, c.message), evidence: c.evidence.map((e) => evidenceIn(lang, e)) })),
        ...(s.build
          ? {
              build: {
                ok: s.build.ok,
                message: say(lang, s.build.message),
                ...(s.build.package ? { package: s.build.package } : {}),
                evidence: s.build.evidence.map((e) => evidenceIn(lang, e)),
              },
            }
          : {}),
        ...(cached ? { cached: { status: cached.status, establishedAt: cached.establishedAt, ...(cached.completedAt ? { completedAt: cached.completedAt } : {}) } } : {}),
      };
    }),
    summary: { done: count('done'), notDone: count('not-done'), couldNotCheck: count('could-not-check') },
    ...(establishment.next ? { next: establishment.next.id } : {}),
  };
}
