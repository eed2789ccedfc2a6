// Diagnoses for people (text) and machines (JSON).
import type { Lang } from '../config/language.js';
import type { Lesson } from '../lesson/index.js';
import { evidenceIn, words } from '../checks/result.js';
import { say, type Text } from '../i18n/text.js';
import { paint } from '../report/colors.js';
import { evidenceKey, evidenceValue } from '../report/evidence-text.js';
import { causeTitles } from './causes.js';
import type { Diagnosis, FixImpact } from './types.js';

/** What applying a fix does to the learner's things, in words (doctor and the guided UI). */
export const FIX_IMPACT: Record<FixImpact, Text> = {
  none: { en: 'changes nothing of yours', ja: 'あなたの環境は変えません' },
  changes: { en: 'changes your setup', ja: '設定を変更します' },
  deletes: { en: 'deletes something', ja: '一部を削除します' },
};

export function impactText(lang: Lang, impact: FixImpact): string {
  return say(lang, FIX_IMPACT[impact]);
}

/**
 * @param seen evidence already printed (label and value); each piece is printed once, the first
 *   time it comes up, and added to the set.
 */
export function formatDiagnosesText(diagnoses: readonly Diagnosis[], lesson: Lesson, lang: Lang, color = false, seen = new Set<string>()): string {
  if (diagnoses.length === 0) return '';
  const ja = lang === 'ja';
  const lines: string[] = [];
  diagnoses.forEach((d, i) => {
    const titles = causeTitles(lesson, d.problem, d.cause, d.vars);
    lines.push(paint(`${i + 1}. ${say(lang, titles.problem)} — ${say(lang, titles.cause)}`, 'bold', color) + paint(`  [${d.problem} / ${d.cause}]`, 'gray', color));
    lines.push(`   ${say(lang, d.message)}`);
    const fresh = d.evidence.filter((e) => !seen.has(evidenceKey(e)));
    for (const e of fresh) {
      seen.add(evidenceKey(e));
      const [first, ...rest] = evidenceValue(lang, e).split('\n');
      lines.push(paint(`   ${words(lang, e.label)}: ${first}`, 'gray', color));
      for (const line of rest) lines.push(paint(`     ${line}`, 'gray', color));
    }
    if (fresh.length < d.evidence.length && d.evidence.length > 0) {
      lines.push(paint(ja ? '   (ほかの根拠は上に表示済み)' : '   (the rest of the evidence is shown above)', 'gray', color));
    }
    if (d.fixes.length === 0) {
      lines.push(ja ? '   自動で直す方法はありません。上の説明に沿って直してください。' : '   No automatic fix: follow the explanation above.');
    }
    for (const fix of d.fixes) {
      lines.push(`   ${ja ? '修正' : 'fix'} ${fix.id}: ${say(lang, fix.title)} (${impactText(lang, fix.impact)})`);
      lines.push(`     $ ${fix.command}`);
    }
  });
  return `${lines.join('\n')}\n`;
}

export interface DiagnosisJson {
  problem: string;
  cause: string;
  title: string;
  message: string;
  evidence: { label: string; value: string }[];
  checks: string[];
  fixes: { id: string; title: string; command: string; changes: FixImpact }[];
}

export function diagnosesJson(diagnoses: readonly Diagnosis[], lesson: Lesson, lang: Lang): DiagnosisJson[] {
  return diagnoses.map((d) => ({
    problem: d.problem,
    cause: d.cause,
    title: say(lang, causeTitles(lesson, d.problem, d.cause, d.vars).cause),
    message: say(lang, d.message),
    evidence: d.evidence.map((e) => evidenceIn(lang, e)),
    checks: d.checks,
    fixes: d.fixes.map((f) => ({ id: f.id, title: say(lang, f.title), command: f.command, changes: f.impact })),
  }));
}
