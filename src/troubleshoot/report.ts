// `doctor --report FILE`: one markdown page a learner can send to an instructor — versions, the
// endpoint, the checklist, the diagnoses, the function's recent log — with secrets redacted.
import type { Lang } from '../config/language.js';
import type { Lesson } from '../lesson/index.js';
import type { CheckResult } from '../checks/result.js';
import { say } from '../i18n/text.js';
import { causeTitles } from './causes.js';
import type { AppliedFix } from './apply-fixes.js';
import { redact } from './redact.js';
import type { Diagnosis } from './types.js';

export interface ReportInput {
  lang: Lang;
  lesson: Lesson;
  generatedAt: string;
  versions: { runner: string; node: string; awsCli?: string; docker?: string; dockerEngine?: string; localstack?: string };
  endpoint: { url: string; kind: string };
  results: CheckResult[];
  diagnoses: Diagnosis[];
  applied?: AppliedFix[];
  /** The function's newest log lines. */
  logs: string[];
  /** Whose secrets to look for (their values are removed wherever they appear). */
  env: NodeJS.ProcessEnv;
}

const MARK: Record<string, string> = { pass: '✓', fail: '✗', skip: '-', error: '!' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fence(text: string): string {
  const body = text.replace(/```/g, "'''");
  return `\`\`\`\n${body}\n\`\`\``;
}

export function buildMarkdownReport(input: ReportInput): string {
  const { lang, lesson } = input;
  const ja = lang === 'ja';
  const v = input.versions;
  const lines: string[] = [
    `# serverless-tutorial doctor — ${say(lang, lesson.title)}`,
    '',
    ja ? `作成: ${input.generatedAt}` : `Generated: ${input.generatedAt}`,
    '',
    ja ? '## バージョン' : '## Versions',
    '',
    `| ${ja ? '項目' : 'what'} | ${ja ? 'バージョン' : 'version'} |`,
    '| --- | --- |',
    `| serverless-tutorial | ${v.runner} |`,
    `| Node.js | ${v.node} |`,
    `| AWS CLI | ${v.awsCli ?? (ja ? '見つかりません' : 'not found')} |`,
    `| Docker | ${v.docker ?? (ja ? '見つかりません' : 'not found')}${v.dockerEngine ? ` (engine ${v.dockerEngine})` : ''} |`,
    `| LocalStack | ${v.localstack ?? (ja ? '不明 (応答なし)' : 'unknown (no answer)')} |`,
    '',
    ja ? '## 接続先' : '## Endpoint',
    '',
    `${input.endpoint.url} (${input.endpoint.kind})`,
    '',
    ja ? '## 確認ポイント' : '## Checklist',
    '',
    `| | check | ${ja ? '結果' : 'result'} |`,
    '| --- | --- | --- |',
    ...input.results.map((r) => `| ${MARK[r.status] ?? r.status} ${r.status} | ${r.id} | ${cell(say(lang, r.message))} |`),
    '',
    ja ? '## 診断' : '## Diagnoses',
    '',
  ];
  if (input.diagnoses.length === 0) lines.push(ja ? '見つかった問題はありません。' : 'No problem found.', '');
  input.diagnoses.forEach((d, i) => {
    const titles = causeTitles(lesson, d.problem, d.cause, d.vars);
    lines.push(`### ${i + 1}. ${say(lang, titles.problem)} — ${say(lang, titles.cause)} (\`${d.problem}\` / \`${d.cause}\`)`, '', say(lang, d.message), '');
    for (const e of d.evidence) {
      if (e.value.includes('\n')) lines.push(`- ${e.label}:`, '', fence(e.value), '');
      else lines.push(`- ${e.label}: \`${e.value.replace(/`/g, "'")}\``);
    }
    lines.push('');
    for (const f of d.fixes) lines.push(`- ${ja ? '修正' : 'fix'} \`${f.id}\` (${f.impact}): \`${f.command.replace(/`/g, "'")}\``);
    if (d.fixes.length) lines.push('');
  });
  if (input.applied?.length) {
    lines.push(ja ? '## 適用した修正' : '## Fixes applied', '');
    for (const a of input.applied) lines.push(`- \`${a.id}\`: ${a.outcome} — ${say(lang, a.message)}`);
    lines.push('');
  }
  lines.push(ja ? `## 関数のログ (/aws/lambda/${lesson.resources.function.name}, 新しいもの)` : `## Recent function log (/aws/lambda/${lesson.resources.function.name})`, '');
  lines.push(input.logs.length ? fence(input.logs.join('\n')) : ja ? '(ログはありません)' : '(no log lines)', '');
  lines.push(ja ? '_認証情報やトークンは [REDACTED] に置き換えています。_' : '_Credentials and tokens are replaced by [REDACTED]._', '');
  return redact(lines.join('\n'), input.env);
}
