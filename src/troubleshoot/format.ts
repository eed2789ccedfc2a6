// Diagnoses for people (text) and machines (JSON).
import type { Lang } from '../config/language.js';
import type { Lesson } from '../lesson/index.js';
import { say } from '../i18n/text.js';
import { paint } from '../report/colors.js';
import { causeTitles } from './causes.js';
import type { Diagnosis, FixImpact } from './types.js';

const IMPACT: Record<FixImpact, { en: string; ja: string }> = {
  none: { en: 'changes nothing of yours', ja: 'あなたのものは何も変えません' },
  changes: { en: 'changes something', ja: '変更を加えます' },
  deletes: { en: 'deletes something', ja: '削除を伴います' },
};

export function impactText(lang: Lang, impact: FixImpact): string {
  return say(lang, IMPACT[impact]);
}

export function formatDiagnosesText(diagnoses: readonly Diagnosis[], lesson: Lesson, lang: Lang, color = false): string {
  if (diagnoses.length === 0) return '';
  const lines: string[] = [];
  diagnoses.forEach((d, i) => {
    const titles = causeTitles(lesson, d.problem, d.cause, d.vars);
    lines.push(paint(`${i + 1}. ${say(lang, titles.problem)} — ${say(lang, titles.cause)}`, 'bold', color) + paint(`  [${d.problem} / ${d.cause}]`, 'gray', color));
    lines.push(`   ${say(lang, d.message)}`);
    for (const e of d.evidence) {
      const [first, ...rest] = e.value.split('\n');
      lines.push(paint(`   ${e.label}: ${first}`, 'gray', color));
      for (const line of rest) lines.push(paint(`     ${line}`, 'gray', color));
    }
    if (d.fixes.length === 0) {
      lines.push(lang === 'ja' ? '   自動の修正はありません。上の説明に沿って直してください。' : '   No automatic fix: follow the explanation above.');
    }
    for (const fix of d.fixes) {
      lines.push(`   ${lang === 'ja' ? '修正' : 'fix'} ${fix.id}: ${say(lang, fix.title)} (${impactText(lang, fix.impact)})`);
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
    evidence: d.evidence,
    checks: d.checks,
    fixes: d.fixes.map((f) => ({ id: f.id, title: say(lang, f.title), command: f.command, changes: f.impact })),
  }));
}
