// One self-contained HTML page for a class check: the heatmap learners × checks, each failure's
// message, evidence and diagnosis on demand (click a cell, or open a learner's details), and
// class totals per check. Inline CSS and JS only: it opens from a file, offline, or projected.
import type { CheckResult, CheckStatus } from '../checks/result.js';
import { say } from '../i18n/text.js';
import type { ReportOptions } from './check-run.js';
import { classSummary, firstProblem, learnerVerdict, type ClassReport } from './roster-model.js';

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', skip: '–', error: '!' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);
}

const STYLE = `
:root{--pass:#1b7f3b;--fail:#c62828;--skip:#8a8f98;--error:#b26a00;--bg:#fff;--fg:#1d2025;--line:#d9dde3}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans CJK JP",sans-serif;color:var(--fg);background:var(--bg);margin:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}.meta{color:#555;margin:0 0 16px}
table{border-collapse:collapse}th,td{border:1px solid var(--line);padding:4px 8px;text-align:center}
th.name,td.name{text-align:left;white-space:nowrap}td.endpoint{font:12px ui-monospace,monospace;color:#555;text-align:left}
td.cell{width:44px;font-weight:700;color:#fff;cursor:pointer}td.cell.pass{background:var(--pass)}td.cell.fail{background:var(--fail)}
td.cell.skip{background:var(--skip)}td.cell.error{background:var(--error)}td.cell:focus{outline:3px solid #1565c0;outline-offset:-3px}
td.verdict.pass{color:var(--pass);font-weight:700}td.verdict.fail{color:var(--fail);font-weight:700}td.verdict.error{color:var(--error);font-weight:700}
tr.totals td{font-weight:700;background:#f3f5f8}.legend span{display:inline-block;margin-right:14px}
.legend i{display:inline-block;width:14px;height:14px;vertical-align:-2px;margin-right:4px;border-radius:2px}
#detail{margin-top:16px;padding:12px 14px;border:1px solid var(--line);border-left:6px solid var(--fail);background:#fafbfc;max-width:980px}
#detail[hidden]{display:none}#detail pre,details pre{white-space:pre-wrap;word-break:break-word;font:12px ui-monospace,monospace;background:#f1f3f6;padding:6px 8px;margin:4px 0}
details{margin:6px 0;max-width:980px}summary{cursor:pointer}.diag{margin:4px 0 0;padding:6px 8px;background:#fff7e0;border:1px solid #f0d68a}
.bar{display:inline-block;height:10px;background:var(--pass);vertical-align:middle}
`;

const SCRIPT = `
document.addEventListener('DOMContentLoaded',function(){
  var detail=document.getElementById('detail');
  function show(cell){
    var t=document.getElementById(cell.getAttribute('data-detail'));
    if(!t){return;}
    detail.innerHTML=t.innerHTML;detail.hidden=false;
    detail.style.borderLeftColor=getComputedStyle(cell).backgroundColor;
  }
  document.querySelectorAll('td.cell').forEach(function(cell){
    cell.addEventListener('click',function(){show(cell);});
    cell.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();show(cell);}});
  });
});
`;

export function formatRosterHtml(report: ClassReport, options: ReportOptions): string {
  const lang = options.lang;
  const ja = lang === 'ja';
  const summary = classSummary(report);
  const t = (en: string, jaText: string) => escapeHtml(ja ? jaText : en);
  const statusWord: Record<CheckStatus, string> = ja
    ? { pass: '合格', fail: '不合格', skip: 'スキップ', error: '確認できず' }
    : { pass: 'pass', fail: 'fail', skip: 'skipped', error: 'could not check' };

  const detailTemplates: string[] = [];
  const resultDetail = (learnerIndex: number, r: CheckResult, number: number): string => {
    const id = `d-${learnerIndex}-${number}`;
    const l = report.learners[learnerIndex];
    const diag = l.diagnosis && l.diagnosis.problem && firstProblem(l)?.id === r.id ? l.diagnosis : undefined;
    detailTemplates.push(
      `<template id="${id}"><h3>${escapeHtml(l.learner.name)} — ${number} ${escapeHtml(r.id)}: ${escapeHtml(statusWord[r.status])}</h3>` +
        `<p class="message">${escapeHtml(say(lang, r.message))}</p>` +
        (r.problem ? `<p>${t('Common problem', 'よくある問題')}: <code>${escapeHtml(r.problem)}</code></p>` : '') +
        (diag ? `<p class="diag">${t('Diagnosis', '診断')}: <code>${escapeHtml(diag.problem)}</code> (${escapeHtml(diag.cause)}) — ${escapeHtml(say(lang, diag.message))}</p>` : '') +
        r.evidence.map((e) => `<div>${escapeHtml(e.label)}</div><pre>${escapeHtml(e.value)}</pre>`).join('') +
        `</template>`,
    );
    return id;
  };

  const header = report.checks
    .map((c) => `<th title="${escapeHtml(say(lang, c.title))}" scope="col">${c.number}</th>`)
    .join('');
  const rows = report.learners
    .map((l, li) => {
      const cells = report.checks
        .map((c) => {
          const r = l.run.results.find((x) => x.id === c.id);
          if (!r) return '<td class="cell error">!</td>';
          const id = resultDetail(li, r, c.number);
          const label = `${l.learner.name}: ${c.number} ${c.id} ${statusWord[r.status]}`;
          return `<td class="cell ${r.status}" tabindex="0" role="button" data-check="${escapeHtml(c.id)}" data-status="${r.status}" data-detail="${id}" aria-label="${escapeHtml(label)}" title="${escapeHtml(`${c.id}: ${say(lang, r.message)}`)}">${MARK[r.status]}</td>`;
        })
        .join('');
      const outcome = learnerVerdict(l);
      const verdict = outcome === 'pass' ? t('pass', '合格') : outcome === 'fail' ? t('FAIL', '不合格') : l.timedOut ? t('timeout', '時間切れ') : t('could not check', '確認できず');
      return `<tr data-learner="${escapeHtml(l.learner.name)}" data-verdict="${outcome}"><td class="name">${escapeHtml(l.learner.name)}</td>${cells}<td class="verdict ${outcome}">${verdict}</td><td class="endpoint">${escapeHtml(l.learner.endpoint)}</td></tr>`;
    })
    .join('\n');
  const totals = summary.perCheck.map((c) => `<td title="${c.failed} ${statusWord.fail}, ${c.skipped} ${statusWord.skip}, ${c.errors} ${statusWord.error}">${c.passed}/${summary.learners}</td>`).join('');

  const failing = report.learners.filter((l) => !l.passed);
  const failingDetails = failing
    .map((l) => {
      const problems = l.run.results.filter((r) => r.status === 'fail' || r.status === 'error');
      const first = firstProblem(l);
      const headline = l.diagnosis
        ? `${escapeHtml(l.diagnosis.problem)} (${escapeHtml(l.diagnosis.cause)})`
        : first
          ? `${escapeHtml(first.id)}: ${escapeHtml(say(lang, first.message))}`
          : '';
      return (
        `<details data-learner="${escapeHtml(l.learner.name)}"><summary><strong>${escapeHtml(l.learner.name)}</strong> — ${headline}</summary>` +
        (l.diagnosis ? `<p class="diag">${t('Diagnosis', '診断')}: ${escapeHtml(say(lang, l.diagnosis.message))}</p>` : '') +
        problems
          .map(
            (r) =>
              `<p><strong>${escapeHtml(r.id)}</strong> (${escapeHtml(statusWord[r.status])}): ${escapeHtml(say(lang, r.message))}</p>` +
              r.evidence.map((e) => `<pre>${escapeHtml(`${e.label}: ${e.value}`)}</pre>`).join(''),
          )
          .join('') +
        `</details>`
      );
    })
    .join('\n');

  const legendChecks = report.checks.map((c) => `<span><strong>${c.number}</strong> ${escapeHtml(c.id)} — ${escapeHtml(say(lang, c.title))}</span>`).join('<br>');
  const rejected = report.rejected.length
    ? `<h2>${t('Roster rows skipped', '飛ばした名簿の行')}</h2><ul>${report.rejected.map((r) => `<li>${t('line', '行')} ${r.line}: <code>${escapeHtml(r.text)}</code> — ${escapeHtml(say(lang, r.reason))}</li>`).join('')}</ul>`
    : '';
  const title = ja ? `クラスの確認結果 — ${report.lesson}` : `Class check — ${report.lesson}`;

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${t(`${summary.learners} learners from ${report.roster}`, `${report.roster} の ${summary.learners} 人`)} · ${escapeHtml(report.startedAt)} · serverless-tutorial ${escapeHtml(options.toolVersion)}${report.readOnly ? ` · ${t('read-only', '読み取りのみ')}` : ''}</p>
<p class="summary" id="class-summary">${t(`${summary.passed} of ${summary.learners} learners passed every check; ${summary.failed} failed`, `${summary.learners} 人中 ${summary.passed} 人がすべての確認に合格、${summary.failed} 人が不合格`)}${summary.couldNotCheck ? t(`; ${summary.couldNotCheck} could not be checked (not counted as failed)`, `、${summary.couldNotCheck} 人は確認できず (不合格には数えません)`) : ''}</p>
<table id="heatmap">
<thead><tr><th class="name" scope="col">${t('learner', '受講者')}</th>${header}<th scope="col">${t('result', '結果')}</th><th scope="col">${t('endpoint', 'エンドポイント')}</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr class="totals"><td class="name">${t('passed', '合格数')}</td>${totals}<td>${summary.passed}/${summary.learners}</td><td></td></tr></tfoot>
</table>
<p class="legend"><span><i style="background:var(--pass)"></i>${t('pass', '合格')}</span><span><i style="background:var(--fail)"></i>${t('fail', '不合格')}</span><span><i style="background:var(--skip)"></i>${t('skipped', 'スキップ')}</span><span><i style="background:var(--error)"></i>${t("could not check (not the learner's mistake)", '確認できず (受講者の誤りとは限りません)')}</span></p>
<p>${t('Click a cell to see its message and evidence.', 'セルをクリックするとメッセージと根拠が表示されます。')}</p>
<div id="detail" hidden aria-live="polite"></div>
<h2>${t('Checks', '確認ポイント')}</h2>
<p class="checks">${legendChecks}</p>
<h2>${t('Learners who did not pass', '合格でない受講者')} (${failing.length})</h2>
${failingDetails || `<p>${t('None.', 'いません。')}</p>`}
${rejected}
${detailTemplates.join('\n')}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
